package org.tapin.appliance.directory.ldap;

import com.unboundid.ldap.sdk.DN;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tapin.appliance.ConfigValues;

/**
 * What a site admin configures to check passwords against LDAP or Active Directory ({@code ldap.*} keys of
 * the appliance's configuration file; docs/directories.md explains each with examples).
 *
 * @param groupMap LDAP group DN (normalised by the caller) to appliance group, in the file's order: the
 *                 first group the user is in wins
 */
public record LdapSettings(
        Flavour flavour,
        List<LdapServer> servers,
        Path caCertsDir,
        Duration connectTimeout,
        Duration searchTimeout,
        String bindDn,
        Path bindPasswordFile,
        String userBaseDn,
        String userFilter,
        boolean stripDomain,
        String nameAttribute,
        String displayNameAttribute,
        String groupBaseDn,
        String groupMemberAttribute,
        int groupNestingDepth,
        Map<String, String> groupMap,
        String defaultGroup,
        String passwordPolicyDn,
        Duration healthCheckInterval) {

    /** Which account attributes and bind errors the directory speaks. */
    public enum Flavour {
        OPENLDAP("(&(objectClass=inetOrgPerson)(uid={username}))", "uid", "cn"),
        ACTIVE_DIRECTORY("(&(objectCategory=person)(objectClass=user)(sAMAccountName={username}))", "sAMAccountName",
                "displayName");

        final String defaultFilter;
        final String defaultNameAttribute;
        final String defaultDisplayNameAttribute;

        Flavour(String defaultFilter, String defaultNameAttribute, String defaultDisplayNameAttribute) {
            this.defaultFilter = defaultFilter;
            this.defaultNameAttribute = defaultNameAttribute;
            this.defaultDisplayNameAttribute = defaultDisplayNameAttribute;
        }
    }

    public static final Set<String> KEYS = Set.of("ldap.type", "ldap.servers", "ldap.ca-certs-dir",
            "ldap.connect-timeout-seconds", "ldap.search-timeout-seconds", "ldap.bind-dn", "ldap.bind-password-file",
            "ldap.user-base-dn", "ldap.user-filter", "ldap.strip-domain", "ldap.name-attribute",
            "ldap.display-name-attribute", "ldap.group-base-dn", "ldap.group-member-attribute",
            "ldap.group-nesting-depth", "ldap.default-group", "ldap.password-policy-dn", "ldap.health-check-seconds");
    private static final Pattern GROUP_MAP_KEY = Pattern.compile("ldap\\.group-map\\.(\\d{1,4})");
    private static final Pattern GROUP_MAP_VALUE = Pattern.compile("(.+?)\\s*=>\\s*([A-Za-z0-9._-]{1,64})");

    /** Whether {@code key} is one of the {@code ldap.*} keys (fixed ones and {@code ldap.group-map.N}). */
    public static boolean isKey(String key) {
        return KEYS.contains(key) || GROUP_MAP_KEY.matcher(key).matches();
    }

    /**
     * Reads the {@code ldap.*} keys; {@code dir} resolves relative paths.
     *
     * @throws IllegalArgumentException naming the key, when a value is missing or wrong
     */
    public static LdapSettings parse(Properties p, Path dir) {
        Flavour flavour = switch (get(p, "ldap.type", "openldap").toLowerCase(Locale.ROOT)) {
            case "openldap", "generic" -> Flavour.OPENLDAP;
            case "active-directory", "ad" -> Flavour.ACTIVE_DIRECTORY;
            default -> throw new IllegalArgumentException("ldap.type must be openldap or active-directory");
        };
        List<LdapServer> servers = new ArrayList<>();
        for (String url : required(p, "ldap.servers").split(",")) {
            if (!url.isBlank()) {
                try {
                    servers.add(LdapServer.parse(url));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("ldap.servers: " + e.getMessage());
                }
            }
        }
        String filter = get(p, "ldap.user-filter", flavour.defaultFilter);
        if (!filter.contains("{username}")) {
            throw new IllegalArgumentException("ldap.user-filter must contain {username}");
        }
        Map<String, String> groupMap = new LinkedHashMap<>();
        Map<Integer, String> ordered = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            Matcher m = GROUP_MAP_KEY.matcher(key);
            if (m.matches()) {
                ordered.put(Integer.parseInt(m.group(1)), key);
            }
        }
        for (String key : ordered.values()) {
            Matcher m = GROUP_MAP_VALUE.matcher(p.getProperty(key).trim());
            if (!m.matches()) {
                throw new IllegalArgumentException(key + " must be 'GROUP DN => appliance-group'");
            }
            if (!DN.isValidDN(m.group(1).trim())) {
                throw new IllegalArgumentException(key + ": " + m.group(1).trim() + " is not a DN");
            }
            groupMap.put(m.group(1).trim(), m.group(2));
        }
        String userBase = required(p, "ldap.user-base-dn");
        String policyDn = get(p, "ldap.password-policy-dn", "");
        String defaultGroup = get(p, "ldap.default-group", "");
        return new LdapSettings(flavour, List.copyOf(servers), dir.resolve(required(p, "ldap.ca-certs-dir")).normalize(),
                Duration.ofSeconds(ConfigValues.integer(p, "ldap.connect-timeout-seconds", 5, 1, 120)),
                Duration.ofSeconds(ConfigValues.integer(p, "ldap.search-timeout-seconds", 10, 1, 300)),
                required(p, "ldap.bind-dn"), dir.resolve(required(p, "ldap.bind-password-file")).normalize(),
                userBase, filter, bool(p, "ldap.strip-domain", true),
                get(p, "ldap.name-attribute", flavour.defaultNameAttribute),
                get(p, "ldap.display-name-attribute", flavour.defaultDisplayNameAttribute),
                get(p, "ldap.group-base-dn", userBase), get(p, "ldap.group-member-attribute", "member"),
                ConfigValues.integer(p, "ldap.group-nesting-depth", 2, 0, 10), groupMap,
                defaultGroup.isEmpty() ? null : defaultGroup, policyDn.isEmpty() ? null : policyDn,
                Duration.ofSeconds(ConfigValues.integer(p, "ldap.health-check-seconds", 30, 1, 3600)));
    }

    public LdapSettings {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("ldap.servers lists no server");
        }
    }

    private static String get(Properties p, String key, String fallback) {
        String value = p.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String required(Properties p, String key) {
        String value = get(p, key, "");
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + " is required when directory = ldap");
        }
        return value;
    }

    private static boolean bool(Properties p, String key, boolean fallback) {
        String value = get(p, key, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false");
        };
    }
}
