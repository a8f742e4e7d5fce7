package org.tapin.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tapin.testkit.tls.TlsMaterial.Kind;

/** What the script wrote, read back with the JDK and with openssl itself. */
@ExtendWith(TlsMaterialExtension.class)
class TlsMaterialFilesTest {
    private static final String TEST_CA = "CN=tapin test CA,O=tapin test";

    /** openssl's verdict with the same trust and host name as the Java client; it must agree. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void opensslVerifyAgrees(Kind kind, TlsMaterial tls) {
        ToolRun.Result result = openssl("verify", "-CAfile", tls.caPem().toString(), "-verify_hostname", "localhost",
                tls.server(kind).certificateChain().toString());

        String expected = switch (kind) {
            case VALID -> ": OK";
            case EXPIRED -> "error 10 at 0 depth lookup: certificate has expired";
            case NOT_YET_VALID -> "error 9 at 0 depth lookup: certificate is not yet valid";
            case WRONG_HOST -> "error 62 at 0 depth lookup: hostname mismatch";
            case UNTRUSTED_CA -> "error 20 at 0 depth lookup: unable to get local issuer certificate";
            case SELF_SIGNED -> "error 18 at 0 depth lookup: self-signed certificate";
        };
        assertThat(result.output()).contains(expected);
        assertThat(result.succeeded()).as(result.output()).isEqualTo(kind == Kind.VALID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void opensslAcceptsTheValidCertificateForLoopbackAddresses(String address, TlsMaterial tls) {
        ToolRun.Result result = openssl("verify", "-CAfile", tls.caPem().toString(), "-verify_ip", address,
                tls.server(Kind.VALID).certificateChain().toString());

        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void caIsTheSameCertificateInPemDerAndSecondInTheBundle(TlsMaterial tls) {
        X509Certificate ca = single(CaTrust.certificates(tls.caPem()));

        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo(TEST_CA);
        assertThat(ca.getBasicConstraints()).isZero(); // a CA that may sign leaves only
        assertThat(single(CaTrust.certificates(tls.caDer()))).isEqualTo(ca);
        assertThat(Files.isRegularFile(tls.caDer()) && !startsWithPem(tls.caDer())).isTrue();
        List<X509Certificate> bundle = CaTrust.certificates(tls.caBundle());
        assertThat(bundle).hasSize(2);
        assertThat(bundle.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=tapin test bundle CA,O=tapin test");
        assertThat(bundle.get(1)).isEqualTo(ca);
    }

    @Test
    void chainsAreLeafThenIssuer(TlsMaterial tls) {
        X509Certificate ca = single(CaTrust.certificates(tls.caPem()));
        for (Kind kind : List.of(Kind.VALID, Kind.EXPIRED, Kind.NOT_YET_VALID, Kind.WRONG_HOST)) {
            List<X509Certificate> chain = CaTrust.certificates(tls.server(kind).certificateChain());
            assertThat(chain).as("%s", kind).hasSize(2);
            assertThat(chain.get(0).getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
            assertThat(chain.get(1)).isEqualTo(ca);
            assertThat(chain.get(0).getBasicConstraints()).isEqualTo(-1); // not a CA
        }
        List<X509Certificate> untrusted = CaTrust.certificates(tls.server(Kind.UNTRUSTED_CA).certificateChain());
        assertThat(untrusted).hasSize(2);
        assertThat(untrusted.get(1).getSubjectX500Principal().getName()).isEqualTo("CN=tapin untrusted CA,O=tapin test");
        assertThat(untrusted.get(0).getIssuerX500Principal()).isEqualTo(untrusted.get(1).getSubjectX500Principal());
        X509Certificate selfSigned = single(CaTrust.certificates(tls.server(Kind.SELF_SIGNED).certificateChain()));
        assertThat(selfSigned.getIssuerX500Principal()).isEqualTo(selfSigned.getSubjectX500Principal());
    }

    @Test
    void validityWindowsAndNamesAreWhatEachKindPromises(TlsMaterial tls) throws Exception {
        Date now = new Date();
        for (Kind kind : Kind.values()) {
            X509Certificate leaf = leaf(tls, kind);
            switch (kind) {
                case EXPIRED -> assertThat(leaf.getNotAfter()).as("%s", kind).isBefore(now);
                case NOT_YET_VALID -> assertThat(leaf.getNotBefore()).as("%s", kind).isAfter(now);
                default -> leaf.checkValidity(now);
            }
            List<String> names = leaf.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
            if (kind == Kind.WRONG_HOST) {
                assertThat(names).as("%s", kind).containsExactly("wrong.example");
            } else {
                assertThat(names).as("%s", kind).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
            }
            assertThat(leaf.getExtendedKeyUsage()).as("%s", kind).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
            assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(((ECPublicKey) leaf.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        }
    }

    /** The PEM key and the PKCS#12 hold the same key, and it belongs to the certificate. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void keyFilesMatchTheCertificate(Kind kind, TlsMaterial tls) throws Exception {
        ServerFiles files = tls.server(kind);
        String pem = Files.readString(files.privateKey(), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----"); // unencrypted PKCS#8
        PrivateKey pemKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", ""))));

        KeyStore p12 = files.keyStore();
        List<String> aliases = Collections.list(p12.aliases());
        assertThat(aliases).containsExactly("tapin-test-server");
        PrivateKey p12Key = (PrivateKey) p12.getKey("tapin-test-server", files.pkcs12Password().toCharArray());
        assertThat(((ECPrivateKey) p12Key).getS()).isEqualTo(((ECPrivateKey) pemKey).getS());
        assertThat(p12.getCertificateChain("tapin-test-server")).containsExactlyElementsOf(CaTrust.certificates(files.certificateChain()));

        byte[] data = kind.name().getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pemKey);
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(leaf(tls, kind));
        verifier.update(data);
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void secretsAreOwnerOnlyAndCertificatesPublic(TlsMaterial tls) throws Exception {
        for (Kind kind : Kind.values()) {
            ServerFiles files = tls.server(kind);
            assertThat(mode(files.privateKey())).as("%s key", kind).isEqualTo("rw-------");
            assertThat(mode(files.pkcs12())).as("%s p12", kind).isEqualTo("rw-------");
            assertThat(mode(files.certificateChain())).as("%s crt", kind).isEqualTo("rw-r--r--");
        }
        assertThat(mode(tls.directory().resolve("p12-password"))).isEqualTo("rw-------");
        assertThat(mode(tls.directory().resolve("private"))).isEqualTo("rwx------");
        assertThat(mode(tls.caPem())).isEqualTo("rw-r--r--");
        assertThat(tls.server(Kind.VALID).toString()).doesNotContain(tls.server(Kind.VALID).pkcs12Password());
    }

    private static X509Certificate leaf(TlsMaterial tls, Kind kind) {
        return CaTrust.certificates(tls.server(kind).certificateChain()).get(0);
    }

    private static X509Certificate single(List<X509Certificate> certificates) {
        assertThat(certificates).hasSize(1);
        return certificates.get(0);
    }

    private static boolean startsWithPem(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).startsWith("-----BEGIN");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static ToolRun.Result openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return ToolRun.run(Duration.ofSeconds(20), command);
    }
}
