package org.tapin.agent.config;

import static org.tapin.agent.config.ValueTypes.ABSOLUTE_PATH;
import static org.tapin.agent.config.ValueTypes.BOOLEAN;
import static org.tapin.agent.config.ValueTypes.COLOR_HEX;
import static org.tapin.agent.config.ValueTypes.HTTPS_URLS;
import static org.tapin.agent.config.ValueTypes.MONITOR;
import static org.tapin.agent.config.ValueTypes.OPTIONAL_ABSOLUTE_PATH;
import static org.tapin.agent.config.ValueTypes.TEXT;
import static org.tapin.agent.config.ValueTypes.integer;
import static org.tapin.agent.config.ValueTypes.oneOf;
import static org.tapin.agent.config.ValueTypes.seconds;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every key of {@code Imprivata.conf} the product reads, with its type and default. The shipped, commented
 * {@code etc/Imprivata.conf} documents the same keys; a test keeps the two in step.
 *
 * <p>No key can make the agent start unlocked: the session always starts locked, and nothing here names that
 * state. Walk-away timings here apply only until the appliance's computer policy supplies its own.
 */
public final class ConfigSchema {

    public static final String AGENT = "agent";
    public static final String SSL = "mainloader.SSL";
    public static final String WINDOWS_MONITOR = "windows.monitor";
    public static final String READER = "reader";
    public static final String LOCKSCREEN = "lockscreen";
    public static final String WALK_AWAY = "walkaway";
    public static final String LOG = "log";

    private static final List<ConfigKey<?>> KEYS = new ArrayList<>();

    public static final ConfigKey<List<URI>> APPLIANCES = key(AGENT, "appliances", HTTPS_URLS, List.of());
    public static final ConfigKey<Path> CA_CERTS_DIR = key(AGENT, "ca-certs-dir", ABSOLUTE_PATH, Path.of("/wfs/ca-certs"));
    public static final ConfigKey<Path> DATA_DIR =
            key(AGENT, "data-dir", ABSOLUTE_PATH, Path.of("/.imprivata_data_runtime"));
    public static final ConfigKey<String> COMPUTER_NAME = key(AGENT, "computer-name", TEXT, "");

    // Names and units as the agent this replaces had them, so existing sed-based profiles keep working.
    public static final ConfigKey<Duration> READ_TIMEOUT = key(SSL, "ReadTimeout", seconds(1, 3600), Duration.ofSeconds(30));
    public static final ConfigKey<Duration> WRITE_TIMEOUT = key(SSL, "WriteTimeout", seconds(1, 3600), Duration.ofSeconds(30));
    public static final ConfigKey<Duration> CONNECT_TIMEOUT =
            key(SSL, "ConnectTimeout", seconds(1, 600), Duration.ofSeconds(10));

    public static final ConfigKey<Boolean> LOG_ACTIVITY = key(WINDOWS_MONITOR, "log-activity", BOOLEAN, false);

    public static final ConfigKey<String> READER_NAME_FILTER = key(READER, "name-filter", TEXT, "");
    public static final ConfigKey<String> READER_LIBRARY = key(READER, "library", OPTIONAL_ABSOLUTE_PATH, "");
    public static final ConfigKey<String> READER_ID_FORMAT =
            key(READER, "id-format", oneOf("hex", "hex-reversed", "decimal", "decimal-reversed"), "hex");
    public static final ConfigKey<Integer> READER_DEBOUNCE_MS =
            key(READER, "debounce-ms", integer(0, 10_000, "a whole number of milliseconds"), 750);

    public static final ConfigKey<String> LOCK_MONITOR = key(LOCKSCREEN, "monitor", MONITOR, "primary");
    public static final ConfigKey<String> LOCK_BACKGROUND = key(LOCKSCREEN, "background", COLOR_HEX, "#10202f");
    public static final ConfigKey<String> LOCK_ACCENT = key(LOCKSCREEN, "accent", COLOR_HEX, "#2f80c8");
    public static final ConfigKey<String> LOCK_TITLE = key(LOCKSCREEN, "title", TEXT, "Tap your badge");
    public static final ConfigKey<String> LOCK_ACCESS_LIST = key(LOCKSCREEN, "access-list", OPTIONAL_ABSOLUTE_PATH, "");
    public static final ConfigKey<Boolean> LOCK_ALLOW_EXIT = key(LOCKSCREEN, "allow-exit", BOOLEAN, false);
    public static final ConfigKey<String> LOCK_SHUTDOWN_COMMAND = key(LOCKSCREEN, "shutdown-command", TEXT, "systemctl poweroff");
    public static final ConfigKey<String> LOCK_REBOOT_COMMAND = key(LOCKSCREEN, "reboot-command", TEXT, "systemctl reboot");

    public static final ConfigKey<Duration> WALK_AWAY_HIDE = key(WALK_AWAY, "hide", seconds(0, 86_400), Duration.ZERO);
    public static final ConfigKey<Duration> WALK_AWAY_FADE = key(WALK_AWAY, "fade", seconds(0, 600), Duration.ofSeconds(10));
    public static final ConfigKey<Duration> WALK_AWAY_LOCK =
            key(WALK_AWAY, "lock", seconds(0, 86_400), Duration.ofSeconds(300));

    public static final ConfigKey<String> LOG_LEVEL = key(LOG, "level", oneOf("ERROR", "WARN", "INFO", "DEBUG", "TRACE"), "INFO");
    public static final ConfigKey<Path> LOG_DIR = key(LOG, "dir", ABSOLUTE_PATH, Path.of("/.imprivata_data_runtime/log"));
    public static final ConfigKey<Integer> LOG_FILE_SIZE_MB =
            key(LOG, "max-file-size-mb", integer(1, 1024, "a whole number of MiB"), 10);
    public static final ConfigKey<Integer> LOG_TOTAL_SIZE_MB =
            key(LOG, "total-size-cap-mb", integer(1, 10_240, "a whole number of MiB"), 100);

    /**
     * Keys that ProveID Embedded 7.3–7.6 read and 7.7 dropped; sites still have them in their files. They are
     * ignored with one warning each, which says what replaced them.
     */
    static final Map<String, String> OBSOLETE = Map.of(
            "focus-on-overlap",
            "windows above the lock screen are chosen by the lock-screen access list of the computer policy",
            "unmap-popup-windows",
            "pop-ups are hidden unless the lock-screen access list of the computer policy allows them");

    private ConfigSchema() {}

    private static <T> ConfigKey<T> key(String section, String name, ValueType<T> type, T defaultValue) {
        ConfigKey<T> key = new ConfigKey<>(section, name, type, defaultValue);
        KEYS.add(key);
        return key;
    }

    public static List<ConfigKey<?>> keys() {
        return List.copyOf(KEYS);
    }

    public static Set<String> sections() {
        Set<String> sections = new LinkedHashSet<>();
        KEYS.forEach(k -> sections.add(k.section()));
        return sections;
    }

    /**
     * Key names are matched ignoring case, as configparser (which read this file for the agent tapin replaces)
     * did; section names are matched exactly, as it did too.
     */
    public static Optional<ConfigKey<?>> find(String section, String name) {
        return KEYS.stream()
                .filter(k -> k.section().equals(section) && k.name().equalsIgnoreCase(name))
                .findFirst();
    }

    static Optional<String> obsoleteReplacement(String name) {
        return Optional.ofNullable(OBSOLETE.get(name.toLowerCase(Locale.ROOT)));
    }
}
