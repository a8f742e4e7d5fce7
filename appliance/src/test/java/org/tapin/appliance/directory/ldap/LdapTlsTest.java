package org.tapin.appliance.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.directory.Verdict;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.ldap.SlapdExtension;
import org.tapin.testkit.tls.TlsMaterial;

/** Trust comes from the CA folder only, over LDAPS and StartTLS alike, and the server's name is checked. */
class LdapTlsTest {

    @RegisterExtension
    static final SlapdExtension LDAP = SlapdExtension.withLdif(LdapTestDirectory.LDIF);

    @RegisterExtension
    static final SlapdExtension WRONG_HOST = SlapdExtension.withLdif(LdapTestDirectory.LDIF)
            .certificate(TlsMaterial.Kind.WRONG_HOST);

    @TempDir
    Path scratch;

    private Store store;

    @BeforeEach
    void openStore() {
        store = SqliteStore.open(scratch.resolve("appliance.db"));
    }

    private LdapDirectory directory;

    private Verdict signIn(String servers, Path caFolder) throws Exception {
        Properties p = LdapTestDirectory.properties(scratch, servers, caFolder);
        directory = new LdapDirectory(LdapSettings.parse(p, scratch), store, Clock.systemUTC());
        return directory.authenticate("alice", "Alice-pw-1".toCharArray());
    }

    /** A CA folder with another test CA in it: well-formed, but not the one that signed the servers. */
    private Path otherCa() {
        return TlsMaterial.generate(scratch.resolve("other-tls")).caFolder();
    }

    @AfterEach
    void close() {
        if (directory != null) {
            directory.close();
        }
        store.close();
    }

    @Test
    void ldapsWithTheGeneratedCaIsAccepted() throws Exception {
        assertThat(signIn(LDAP.slapd().ldapsUrl(), LDAP.tls().caFolder()).ok()).isTrue();
    }

    @Test
    void aDerCaFileAloneIsEnough() throws Exception {
        Path folder = Files.createDirectory(scratch.resolve("der-only"));
        Files.copy(LDAP.tls().caDer(), folder.resolve("site-ca.cer"));
        assertThat(signIn(LDAP.slapd().ldapsUrl(), folder).ok()).isTrue();
    }

    @Test
    void ldapsWithAnotherCaIsRefusedSayingTheCertificateIsNotTrusted() throws Exception {
        Verdict v = signIn(LDAP.slapd().ldapsUrl(), otherCa());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).startsWith(LdapDirectory.UNAVAILABLE).contains("certificate is not issued by a CA in");
    }

    @Test
    void startTlsWithAnotherCaIsRefusedToo() throws Exception {
        Verdict v = signIn(LDAP.slapd().ldapUrl(), otherCa());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).contains("StartTLS").contains("certificate is not issued by a CA in");
    }

    @Test
    void certificateForAnotherHostIsRefused() throws Exception {
        Verdict v = signIn(WRONG_HOST.slapd().ldapsUrl(), WRONG_HOST.tls().caFolder());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).contains("certificate does not name 127.0.0.1");
    }

    @Test
    void anEmptyCaFolderStopsTheStartNotTrustsEverything() throws Exception {
        Path empty = Files.createDirectory(scratch.resolve("empty"));
        Properties p = LdapTestDirectory.properties(scratch, LDAP.slapd().ldapsUrl(), empty);
        assertThatThrownBy(() -> new LdapDirectory(LdapSettings.parse(p, scratch), store, Clock.systemUTC()))
                .hasMessageContaining("no CA certificate");
    }
}
