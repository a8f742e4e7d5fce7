package org.tapin.testkit.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two private slapd servers: their own ports and folders, TLS with the test CA, and one's crash is not the other's. */
class SlapdExtensionTest {

    @RegisterExtension
    static final SlapdExtension LDAP = SlapdExtension.withLdif("""
            dn: uid=probe,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            uid: probe
            cn: Probe
            sn: Probe
            userPassword: probe-pw
            """).servers(2);

    private static boolean answers(String url) {
        URI uri = URI.create(url);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void serversAreIsolatedAndSurviveEachOthersCrash() throws Exception {
        Slapd a = LDAP.slapd(0);
        Slapd b = LDAP.slapd(1);
        assertThat(a.ldapUrl()).isNotEqualTo(b.ldapUrl()).startsWith("ldap://127.0.0.1:");
        assertThat(a.ldapsUrl()).isNotEqualTo(b.ldapsUrl()).startsWith("ldaps://127.0.0.1:");
        assertThat(a.directory()).isNotEqualTo(b.directory());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a.rootPasswordFile()))).isEqualTo("rw-------");

        a.kill();
        assertThat(answers(a.ldapUrl())).isFalse();
        assertThat(answers(b.ldapUrl())).isTrue();
        a.restart();
        assertThat(answers(a.ldapUrl())).isTrue();
        assertThat(answers(a.ldapsUrl())).isTrue();
    }

    @Test
    void ldapsServesTheValidCertificateOfTheTestCa() throws Exception {
        URI uri = URI.create(LDAP.slapd().ldapsUrl());
        try (SSLSocket s = (SSLSocket) LDAP.tls().sslContextTrustingCa().getSocketFactory()
                .createSocket(uri.getHost(), uri.getPort())) {
            s.startHandshake(); // throws unless the chain leads to the test CA
            assertThat(s.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
    }
}
