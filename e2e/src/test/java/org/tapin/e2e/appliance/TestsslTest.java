package org.tapin.e2e.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/**
 * testssl.sh (the Debian package) against the running appliance: protocols, cipher categories, forward secrecy
 * and the known TLS vulnerabilities. No finding of MEDIUM severity or worse is allowed. Skipped when testssl is
 * not installed (tools/install-deps should install it: packages testssl.sh and bsdextrautils).
 */
@ExtendWith(TlsMaterialExtension.class)
class TestsslTest {

    @Test
    void testsslFindsNoWeakProtocolCipherOrKnownVulnerability(TlsMaterial tls, @TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/testssl")), "testssl.sh is not installed");
        try (ApplianceProcess appliance = new ApplianceProcess(dir, tls).start()) {
            Path json = dir.resolve("testssl.json");
            Process testssl = new ProcessBuilder("/usr/bin/testssl", "--quiet", "--color", "0", "--warnings", "off",
                    "--protocols", "--std", "--fs", "--vulnerable", "--severity", "MEDIUM", "--jsonfile", json.toString(),
                    "127.0.0.1:" + appliance.uri().getPort()).redirectErrorStream(true).start();
            testssl.getOutputStream().close();
            byte[] out = testssl.getInputStream().readAllBytes();
            assertThat(testssl.waitFor(300, TimeUnit.SECONDS)).isTrue();
            String report = new String(out, StandardCharsets.UTF_8);
            assertThat(report).containsPattern("TLS 1\\.1\\s+not offered").containsPattern("TLS 1\\s+not offered")
                    .containsPattern("TLS 1\\.2\\s+offered").containsPattern("TLS 1\\.3\\s+offered")
                    .containsPattern("Obsolete CBC ciphers.*not offered");
            List<String> findings = new ArrayList<>();
            for (JsonNode finding : new ObjectMapper().readTree(json.toFile())) {
                String severity = finding.path("severity").asText();
                if (severity.equals("MEDIUM") || severity.equals("HIGH") || severity.equals("CRITICAL")) {
                    findings.add(finding.path("id").asText() + " " + severity + ": " + finding.path("finding").asText());
                }
            }
            assertThat(findings).as("testssl findings of MEDIUM or worse; the report:%n%s", report).isEmpty();
        }
    }
}
