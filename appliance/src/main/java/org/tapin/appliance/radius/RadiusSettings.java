package org.tapin.appliance.radius;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.tapin.appliance.ConfigValues;

/**
 * The {@code radius.*} keys of the appliance's configuration file. The shared secret is never a value in the
 * file: {@code radius.secret-file} names a file (mode 600) whose first line it is, so it stays out of argv,
 * process listings and copies of the configuration in support bundles.
 */
public record RadiusSettings(Role role, List<InetSocketAddress> servers, Path secretFile, String nasIdentifier, Duration timeout,
        int retries) {

    /** Where RADIUS takes part: not at all, instead of the local password, or as the second factor. */
    public enum Role { OFF, FIRST_FACTOR, SECOND_FACTOR }

    public static final Set<String> KEYS = Set.of("radius.role", "radius.server", "radius.backup-server", "radius.secret-file",
            "radius.nas-identifier", "radius.timeout-seconds", "radius.retries");

    public static RadiusSettings off() {
        return new RadiusSettings(Role.OFF, List.of(), null, "", Duration.ofSeconds(3), 1);
    }

    /** Reads the keys; {@code problem} prefixes messages with the file's name. */
    public static RadiusSettings parse(Path file, Path dir, Properties p) throws IllegalArgumentException {
        String roleText = p.getProperty("radius.role", "off").trim().toLowerCase(Locale.ROOT);
        Role role = switch (roleText) {
            case "off" -> Role.OFF;
            case "first-factor" -> Role.FIRST_FACTOR;
            case "second-factor" -> Role.SECOND_FACTOR;
            default -> throw new IllegalArgumentException(file + ": radius.role = " + roleText
                    + " is not one of off, first-factor, second-factor");
        };
        if (role == Role.OFF) {
            return off();
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        servers.add(address(file, "radius.server", p.getProperty("radius.server", "")));
        String backup = p.getProperty("radius.backup-server", "").trim();
        if (!backup.isEmpty()) {
            servers.add(address(file, "radius.backup-server", backup));
        }
        String secret = p.getProperty("radius.secret-file", "").trim();
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(file + ": radius.secret-file is required when radius.role is " + roleText);
        }
        String nas = p.getProperty("radius.nas-identifier", "tapin-appliance").trim();
        if (nas.isEmpty() || nas.length() > 253) {
            throw new IllegalArgumentException(file + ": radius.nas-identifier must be 1 to 253 characters");
        }
        return new RadiusSettings(role, List.copyOf(servers), dir.resolve(secret).normalize(), nas,
                Duration.ofSeconds(ConfigValues.integer(file, p, "radius.timeout-seconds", 3, 1, 60)),
                ConfigValues.integer(file, p, "radius.retries", 1, 0, 10));
    }

    private static InetSocketAddress address(Path file, String key, String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + key + " is required (HOST or HOST:PORT)");
        }
        int port = 1812;
        String host = v;
        int colon = v.lastIndexOf(':');
        if (colon > 0 && v.indexOf(':') == colon) { // one colon: HOST:PORT; IPv6 literals go in brackets
            host = v.substring(0, colon);
            port = parsePort(file, key, v.substring(colon + 1));
        } else if (v.startsWith("[") && v.contains("]:")) {
            host = v.substring(1, v.indexOf("]:"));
            port = parsePort(file, key, v.substring(v.indexOf("]:") + 2));
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static int parsePort(Path file, String key, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(file + ": " + key + ": port " + text + " is not 1..65535");
    }
}
