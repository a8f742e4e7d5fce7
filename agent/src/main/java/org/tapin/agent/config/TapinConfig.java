package org.tapin.agent.config;

import static org.tapin.agent.config.ConfigSchema.*;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The typed model of {@code Imprivata.conf}: one record per section. */
public record TapinConfig(
        Agent agent, Ssl ssl, WindowsMonitor windowsMonitor, Reader reader, LockScreen lockScreen,
        WalkAway walkAway, Log log) {

    /** Appliances in the order they are tried; the CA folder whose certificates alone are trusted. */
    public record Agent(List<URI> appliances, Path caCertsDir, Path dataDir, String computerName) {}

    public record Ssl(Duration readTimeout, Duration writeTimeout, Duration connectTimeout) {}

    public record WindowsMonitor(boolean logActivity) {}

    /** {@code library} is empty when the JDK's own lookup of libpcsclite is to be used. */
    public record Reader(String nameFilter, String library, String idFormat, int debounceMillis) {}

    /** {@code accessList}: the lock-screen access list (JSON) used until the appliance sends one; empty for none. */
    public record LockScreen(String monitor, String background, String accent, String title, String accessList,
            boolean allowExit, String shutdownCommand, String rebootCommand) {}

    /** Zero turns a stage off. These apply until the appliance's computer policy gives its own. */
    public record WalkAway(Duration hide, Duration fade, Duration lock) {}

    public record Log(String level, Path dir, int maxFileSizeMb, int totalSizeCapMb) {}

    public static TapinConfig defaults() {
        return from(new ConfigValues());
    }

    static TapinConfig from(ConfigValues v) {
        return new TapinConfig(
                new Agent(v.get(APPLIANCES), v.get(CA_CERTS_DIR), v.get(DATA_DIR), v.get(COMPUTER_NAME)),
                new Ssl(v.get(READ_TIMEOUT), v.get(WRITE_TIMEOUT), v.get(CONNECT_TIMEOUT)),
                new WindowsMonitor(v.get(LOG_ACTIVITY)),
                new Reader(v.get(READER_NAME_FILTER), v.get(READER_LIBRARY), v.get(READER_ID_FORMAT),
                        v.get(READER_DEBOUNCE_MS)),
                new LockScreen(v.get(LOCK_MONITOR), v.get(LOCK_BACKGROUND), v.get(LOCK_ACCENT), v.get(LOCK_TITLE),
                        v.get(LOCK_ACCESS_LIST), v.get(LOCK_ALLOW_EXIT), v.get(LOCK_SHUTDOWN_COMMAND),
                        v.get(LOCK_REBOOT_COMMAND)),
                new WalkAway(v.get(WALK_AWAY_HIDE), v.get(WALK_AWAY_FADE), v.get(WALK_AWAY_LOCK)),
                new Log(v.get(LOG_LEVEL), v.get(LOG_DIR), v.get(LOG_FILE_SIZE_MB), v.get(LOG_TOTAL_SIZE_MB)));
    }
}
