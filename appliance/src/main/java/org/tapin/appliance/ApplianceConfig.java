package org.tapin.appliance;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.tapin.appliance.account.PasswordRules;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.directory.ldap.LdapSettings;
import org.tapin.appliance.radius.RadiusSettings;

/**
 * The appliance's one configuration file: {@code key = value} lines, {@code #} comments. Relative paths are
 * taken from the file's folder. An unknown key is an error: a misspelt {@code tls.protocols} must not
 * silently leave the default in force. {@code directory = ldap} checks passwords against LDAP / Active
 * Directory ({@code ldap.*} keys, {@link #ldap()}); otherwise ({@code local}, the default) {@code ldap} is null.
 * The {@code password.*} keys ({@link #passwordRules()}) govern the local accounts' passwords.
 */
public record ApplianceConfig(
        Path source,
        String host,
        int port,
        Path certificate,
        Path privateKey,
        List<String> protocols,
        Path store,
        Path registrationKeyFile,
        int lockoutMaxFailures,
        Duration lockoutDuration,
        int passwordIterations,
        LdapSettings ldap,
        RadiusSettings radius,
        Duration secondFactorTokenLifetime,
        PasswordRules passwordRules) {

    static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Set<String> KEYS = Set.of("listen.host", "listen.port", "tls.certificate", "tls.key",
            "tls.protocols", "store.path", "registration.key-file", "lockout.max-failures", "lockout.minutes",
            "password.iterations", "directory", "second-factor.token-seconds");

    public static final String DEFAULT_LOCATION = "/etc/tapin-appliance/appliance.conf";

    /** Where the admin command and the server look when no {@code --config} is given. */
    public static Path defaultLocation() {
        String env = System.getenv("TAPIN_APPLIANCE_CONFIG");
        return Path.of(env != null && !env.isBlank() ? env : DEFAULT_LOCATION);
    }

    public static ApplianceConfig load(Path file) throws ConfigException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        unknown.removeIf(LdapSettings::isKey);
        unknown.removeAll(RadiusSettings.KEYS);
        unknown.removeAll(PasswordRules.KEYS);
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>(KEYS);
            known.addAll(RadiusSettings.KEYS);
            known.addAll(PasswordRules.KEYS);
            throw new ConfigException(file + ": unknown key(s) " + unknown + "; known keys are " + known);
        }
        Path dir = file.toAbsolutePath().getParent();
        List<String> protocols = new ArrayList<>();
        for (String protocol : Arrays.asList(p.getProperty("tls.protocols", String.join(",", DEFAULT_PROTOCOLS)).split(","))) {
            String t = protocol.trim();
            if (!DEFAULT_PROTOCOLS.contains(t)) {
                throw new ConfigException(file + ": tls.protocols: " + t + " is not allowed (TLSv1.3 and TLSv1.2 only)");
            }
            protocols.add(t);
        }
        String keyFile = p.getProperty("registration.key-file", "").trim();
        LdapSettings ldap = switch (p.getProperty("directory", "local").trim()) {
            case "local" -> null;
            case "ldap" -> {
                try {
                    yield LdapSettings.parse(p, dir);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(file + ": " + e.getMessage());
                }
            }
            default -> throw new ConfigException(file + ": directory must be local or ldap");
        };
        RadiusSettings radius;
        try {
            radius = RadiusSettings.parse(file, dir, p);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        PasswordRules passwordRules;
        try {
            passwordRules = PasswordRules.parse(file, p);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (ldap != null && radius.role() == RadiusSettings.Role.FIRST_FACTOR) {
            throw new ConfigException(file + ": directory = ldap and radius.role = first-factor both check passwords;"
                    + " choose one");
        }
        return new ApplianceConfig(file, p.getProperty("listen.host", "0.0.0.0").trim(),
                integer(file, p, "listen.port", 8443, 1, 65535),
                path(file, dir, p, "tls.certificate", null), path(file, dir, p, "tls.key", null), List.copyOf(protocols),
                path(file, dir, p, "store.path", "/var/lib/tapin-appliance/appliance.db"),
                keyFile.isEmpty() ? null : dir.resolve(keyFile),
                integer(file, p, "lockout.max-failures", 5, 1, 1000),
                Duration.ofMinutes(integer(file, p, "lockout.minutes", 15, 1, 100_000)),
                integer(file, p, "password.iterations", PasswordHasher.DEFAULT_ITERATIONS, 1000, 10_000_000), ldap,
                radius, Duration.ofSeconds(integer(file, p, "second-factor.token-seconds", 120, 10, 900)),
                passwordRules);
    }

    private static Path path(Path file, Path dir, Properties p, String key, String fallback) throws ConfigException {
        String value = p.getProperty(key, fallback == null ? "" : fallback).trim();
        if (value.isEmpty()) {
            throw new ConfigException(file + ": " + key + " is required");
        }
        return dir.resolve(value).normalize();
    }

    private static int integer(Path file, Properties p, String key, int fallback, int min, int max) throws ConfigException {
        try {
            return ConfigValues.integer(file, p, key, fallback, min, max);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The configuration file cannot be used as it is; the message names the file and the key. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }
}
