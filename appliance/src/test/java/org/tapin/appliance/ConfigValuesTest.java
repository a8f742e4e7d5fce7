package org.tapin.appliance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad number gets the same message whichever part owns its key: the server, the password rules, LDAP, RADIUS. */
class ConfigValuesTest {

    @TempDir
    Path dir;

    private Path config(String line) throws Exception {
        return Files.writeString(dir.resolve("appliance.conf"),
                "tls.certificate = x.crt\ntls.key = x.key\nstore.path = a.db\n" + line + "\n");
    }

    @Test
    void aNumberOutOfRangeNamesTheFileTheKeyAndTheRange() throws Exception {
        Path port = config("listen.port = 0");
        assertThatThrownBy(() -> ApplianceConfig.load(port)).isInstanceOf(ApplianceConfig.ConfigException.class)
                .hasMessage(port + ": listen.port = 0 is outside 1..65535");
        Path history = config("password.history = 51");
        assertThatThrownBy(() -> ApplianceConfig.load(history)).isInstanceOf(ApplianceConfig.ConfigException.class)
                .hasMessage(history + ": password.history = 51 is outside 0..50");
    }

    @Test
    void aWordWhereANumberBelongsIsNotAWholeNumber() throws Exception {
        Path lockout = config("lockout.minutes = soon ");
        assertThatThrownBy(() -> ApplianceConfig.load(lockout)).isInstanceOf(ApplianceConfig.ConfigException.class)
                .hasMessage(lockout + ": lockout.minutes = soon is not a whole number");
        Path length = config("password.min-length = ten");
        assertThatThrownBy(() -> ApplianceConfig.load(length)).isInstanceOf(ApplianceConfig.ConfigException.class)
                .hasMessage(length + ": password.min-length = ten is not a whole number");
    }

    @Test
    void theDirectoryAndRadiusKeysGetTheSameMessagesWithTheFileNamedOnce() throws Exception {
        String ldap = String.join("\n", "directory = ldap", "ldap.servers = ldaps://dc1.hospital.example",
                "ldap.ca-certs-dir = ca", "ldap.bind-dn = CN=svc,DC=hospital,DC=example", "ldap.bind-password-file = pw",
                "ldap.user-base-dn = OU=Staff,DC=hospital,DC=example");
        Path timeout = config(ldap + "\nldap.search-timeout-seconds = 0");
        assertThatThrownBy(() -> ApplianceConfig.load(timeout)).isInstanceOf(ApplianceConfig.ConfigException.class)
                .hasMessage(timeout + ": ldap.search-timeout-seconds = 0 is outside 1..300");
        Path depth = config(ldap + "\nldap.group-nesting-depth = deep");
        assertThatThrownBy(() -> ApplianceConfig.load(depth)).isInstanceOf(ApplianceConfig.ConfigException.class)
                .hasMessage(depth + ": ldap.group-nesting-depth = deep is not a whole number");
        Path retries = config(String.join("\n", "radius.role = second-factor", "radius.server = radius1.hospital.example",
                "radius.secret-file = radius-secret", "radius.retries = 11"));
        assertThatThrownBy(() -> ApplianceConfig.load(retries)).isInstanceOf(ApplianceConfig.ConfigException.class)
                .hasMessage(retries + ": radius.retries = 11 is outside 0..10");
    }
}
