package org.tapin.appliance.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.ApplianceConfig;

/** The ldap.* keys as an admin writes them, and the mistakes the appliance must name rather than guess. */
class LdapConfigTest {

    @TempDir
    Path dir;

    private Path conf(String... ldapLines) throws Exception {
        return Files.writeString(dir.resolve("appliance.conf"), String.join("\n",
                "tls.certificate = server.crt", "tls.key = server.key", "directory = ldap",
                String.join("\n", ldapLines), ""));
    }

    private static final String[] AD = {
        "ldap.type = active-directory",
        "ldap.servers = ldaps://dc1.hospital.example, ldap://10.0.0.2",
        "ldap.ca-certs-dir = ca",
        "ldap.bind-dn = CN=svc-tapin,OU=Service,DC=hospital,DC=example",
        "ldap.bind-password-file = ldap-pw",
        "ldap.user-base-dn = OU=Staff,DC=hospital,DC=example",
        "ldap.group-map.2 = CN=Clinical,OU=Groups,DC=hospital,DC=example => clinical",
        "ldap.group-map.1 = CN=ICU Nurses,OU=Groups,DC=hospital,DC=example => icu",
    };

    @Test
    void activeDirectoryDefaultsAndOrder() throws Exception {
        LdapSettings s = ApplianceConfig.load(conf(AD)).ldap();
        assertThat(s.flavour()).isEqualTo(LdapSettings.Flavour.ACTIVE_DIRECTORY);
        assertThat(s.servers()).containsExactly(new LdapServer("dc1.hospital.example", 636, true),
                new LdapServer("10.0.0.2", 389, false));
        assertThat(s.userFilter()).contains("sAMAccountName={username}");
        assertThat(s.caCertsDir()).isEqualTo(dir.resolve("ca"));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.groupMap().values()).containsExactly("icu", "clinical"); // by number, not by line
        assertThat(s.stripDomain()).isTrue();
    }

    @Test
    void localIsTheDefaultDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("local.conf"), "tls.certificate = a\ntls.key = b\n");
        assertThat(ApplianceConfig.load(file).ldap()).isNull();
    }

    @Test
    void mistakesNameTheKey() throws Exception {
        assertThatThrownBy(() -> ApplianceConfig.load(conf("ldap.servers = ldaps://x", "ldap.ca-certs-dir = ca")))
                .hasMessageContaining("appliance.conf: ldap.").hasMessageContaining("is required when directory = ldap");
        String[] typo = AD.clone();
        typo[2] = "ldap.ca-cert-dir = ca";
        assertThatThrownBy(() -> ApplianceConfig.load(conf(typo))).hasMessageContaining("unknown key(s) [ldap.ca-cert-dir]");
        String[] plain = AD.clone();
        plain[1] = "ldap.servers = http://dc1";
        assertThatThrownBy(() -> ApplianceConfig.load(conf(plain))).hasMessageContaining("ldap.servers");
        assertThatThrownBy(() -> ApplianceConfig.load(
                conf(String.join("\n", AD), "ldap.user-filter = (uid=alice)"))).hasMessageContaining("{username}");
        assertThatThrownBy(() -> ApplianceConfig.load(conf(String.join("\n", AD), "ldap.group-map.3 = ICU Nurses => icu")))
                .hasMessageContaining("ldap.group-map.3: ICU Nurses is not a DN");
    }
}
