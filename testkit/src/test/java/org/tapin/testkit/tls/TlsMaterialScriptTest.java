package org.tapin.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.tls.TlsMaterial.Kind;

/** The script's contract: idempotent, regenerates when asked or when the inputs change, clear about bad input. */
class TlsMaterialScriptTest {
    @TempDir
    Path dir;

    @Test
    void secondRunReusesTheSetAndWritesNothing() throws IOException {
        Path out = dir.resolve("tls");
        assertThat(tool(out).output()).contains("tls-material: wrote " + out);
        byte[] ca = Files.readAllBytes(out.resolve("ca-certs/ca.crt"));
        byte[] key = Files.readAllBytes(out.resolve("servers/valid.key"));

        ToolRun.Result again = tool(out);

        assertThat(again.succeeded()).isTrue();
        assertThat(again.output()).contains("is up to date").contains("nothing written");
        assertThat(Files.readAllBytes(out.resolve("ca-certs/ca.crt"))).isEqualTo(ca);
        assertThat(Files.readAllBytes(out.resolve("servers/valid.key"))).isEqualTo(key);
        assertNoScratchLeft(out);
    }

    @Test
    void forceRegeneratesEverything() throws IOException {
        Path out = dir.resolve("tls");
        tool(out);
        byte[] ca = Files.readAllBytes(out.resolve("ca-certs/ca.crt"));

        assertThat(tool(out, "--force").output()).contains("wrote");

        assertThat(Files.readAllBytes(out.resolve("ca-certs/ca.crt"))).isNotEqualTo(ca);
        TlsMaterial.open(out); // complete again
    }

    @Test
    void extraHostsGoIntoTheValidCertificateAndChangingThemRegenerates() throws Exception {
        TlsMaterial withHosts = TlsMaterial.generate(dir, "appliance.test", "10.1.2.3", "fd00::5");
        assertThat(sans(withHosts)).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "appliance.test", "10.1.2.3",
                "fd00:0:0:0:0:0:0:5");

        TlsMaterial without = TlsMaterial.generate(dir);

        assertThat(sans(without)).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void passwordFromAFileProtectsThePkcs12AndIsNeverPrinted() throws Exception {
        Path out = dir.resolve("tls");
        Path passwordFile = Files.writeString(dir.resolve("pw"), "s3cret-for-this-test\n");

        ToolRun.Result result = tool(out, "--p12-password-file", passwordFile.toString());

        assertThat(result.output()).doesNotContain("s3cret-for-this-test");
        TlsMaterial tls = TlsMaterial.open(out);
        assertThat(tls.server(Kind.VALID).pkcs12Password()).isEqualTo("s3cret-for-this-test");
        assertThat(tls.server(Kind.VALID).keyStore().size()).isEqualTo(1);
        assertThat(tool(out, "--p12-password-file", passwordFile.toString()).output()).contains("up to date");
        assertThat(tool(out).output()).as("back to the default password").contains("wrote");
    }

    @Test
    void badHostIsAClearUsageErrorAndCreatesNothing() {
        Path out = dir.resolve("tls");

        ToolRun.Result result = tool(out, "--host", "not a name");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).startsWith("tls-material: --host 'not a name' is neither a DNS name nor an IP address")
                .contains("usage:");
        assertThat(out).doesNotExist();
        assertThatThrownBy(() -> TlsMaterial.generate(out, "wrong.example"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exit code 2")
                .hasMessageContaining("--host wrong.example is reserved for the wrong-host certificate");
    }

    @Test
    void malformedAddressesAreRejected() {
        for (String bad : List.of("1:2:3", "1::2::3", "256.1.1.1", "::1%lo", "-leading.dash", "a..b", "1:2:3:4:5:6:7:8:9")) {
            assertThat(tool(dir.resolve("x"), "--host", bad).exitCode()).as(bad).isEqualTo(2);
        }
    }

    @Test
    void openingAnIncompleteSetNamesTheMissingFile() throws IOException {
        TlsMaterial.generate(dir);
        Files.delete(dir.resolve("servers/expired.p12"));

        assertThatThrownBy(() -> TlsMaterial.open(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("servers/expired.p12 is missing");
        assertThat(tool(dir).output()).as("a run repairs it").contains("wrote");
        TlsMaterial.open(dir);
    }

    private static List<String> sans(TlsMaterial tls) throws Exception {
        X509Certificate leaf = CaTrust.certificates(tls.server(Kind.VALID).certificateChain()).get(0);
        return leaf.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
    }

    private static void assertNoScratchLeft(Path out) throws IOException {
        try (Stream<Path> entries = Files.list(out)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".lock", ".tls-material", "ca-certs", "servers", "private", "p12-password");
        }
    }

    private static ToolRun.Result tool(Path out, String... args) {
        List<String> command = new ArrayList<>(List.of(RepoRoot.tool("tls-material").toString(), out.toString()));
        command.addAll(List.of(args));
        return ToolRun.run(Duration.ofSeconds(60), command);
    }
}
