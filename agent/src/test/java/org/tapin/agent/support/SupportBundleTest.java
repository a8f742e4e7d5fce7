package org.tapin.agent.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.config.ConfigLoader;
import org.tapin.agent.config.ConfigReport;

class SupportBundleTest {

    static final String PLANTED = "Hunter2!planted";

    @TempDir
    Path dir;

    Map<String, String> unzip(Path zip) throws Exception {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                entries.put(e.getName(), out.toString(StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    Path config() throws Exception {
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("ca"));
        Files.writeString(dir.resolve("log/OneSignAgent.log"), "2026-11-23 05:00:00,000 - Agent.Session - INFO: today\n");
        Files.writeString(dir.resolve("log/OneSignAgent.log.1"), "2026-11-22 05:00:00,000 - Agent.Session - INFO: yesterday\n");
        Files.writeString(dir.resolve("ca/junk.crt"), "not a certificate");
        try (AuditJournal journal = AuditJournal.open(dir.resolve("data/audit"))) {
            journal.append("tap", "alice", "");
            journal.append("unlock", "alice", "");
        }
        return Files.writeString(dir.resolve("Imprivata.conf"), "[agent]\nappliances = https://sso.example\n"
                + "ca-certs-dir = " + dir.resolve("ca") + "\ndata-dir = " + dir.resolve("data") + "\n"
                + "ldap-bind-password = " + PLANTED + "\nApiToken: " + PLANTED + "\n[log]\ndir = " + dir.resolve("log") + "\n");
    }

    List<BundleEntry> write(Path conf, Path zip, long cap) throws Exception {
        ConfigReport report = ConfigLoader.load(conf);
        return new SupportBundle(report.config(), conf, dir.resolve("no-such-tapin"), Map.of("PATH", "/usr/bin:/bin"), cap)
                .writeTo(zip);
    }

    @Test
    void collectsWhatSupportNeedsWithSecretsRedactedAndSaysSo() throws Exception {
        Path zip = dir.resolve("bundle.zip");
        write(config(), zip, SupportBundle.DEFAULT_CAP_BYTES);
        Map<String, String> entries = unzip(zip);
        assertThat(entries).containsKeys("MANIFEST.txt", "config/Imprivata.conf", "logs/OneSignAgent.log",
                "logs/OneSignAgent.log.1", "agent/audit-queue.txt", "certificates/ca-certs.txt", "system/os-release",
                "system/uname.txt", "network/routes.txt");
        assertThat(String.join("\n", entries.values())).doesNotContain(PLANTED);
        assertThat(entries.get("config/Imprivata.conf")).contains("ldap-bind-password = <redacted>", "ApiToken: <redacted>",
                "appliances = https://sso.example");
        String manifest = entries.get("MANIFEST.txt");
        assertThat(manifest).contains("config/Imprivata.conf\t" + dir.resolve("Imprivata.conf")
                + "\tredacted: line 5 (ldap-bind-password), line 6 (ApiToken)");
        assertThat(manifest).contains("tapin/readers.txt\t" + dir.resolve("no-such-tapin") + " readers\tnot collected: ");
        assertThat(manifest).contains("policy/cached-policy.json\t" + dir.resolve("data/appliance-policy.json") + "\tnot collected: no such file");
        assertThat(entries.get("agent/audit-queue.txt")).isEqualTo("events waiting for the appliance: 2\n");
        assertThat(entries.get("certificates/ca-certs.txt")).contains("junk.crt:", "not a certificate");
    }

    @Test
    void staysUnderItsCapKeepingTheNewestLinesAndListingWhatWasLeftOut() throws Exception {
        Path conf = config();
        Files.writeString(dir.resolve("log/OneSignAgent.log"), "old line\n".repeat(20_000) + "the newest line\n");
        Path zip = dir.resolve("small.zip");
        List<BundleEntry> manifest = write(conf, zip, 64 * 1024);
        Map<String, String> entries = unzip(zip);
        long total = entries.entrySet().stream().filter(e -> !e.getKey().equals("MANIFEST.txt"))
                .mapToLong(e -> e.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(total).isLessThanOrEqualTo(64 * 1024);
        assertThat(manifest).anyMatch(e -> e.outcome().contains("truncated to its last"));
        assertThat(manifest).anyMatch(e -> e.outcome().startsWith("not collected: the bundle reached its size cap"));
        entries.values().stream().filter(v -> v.contains("old line")).findFirst()
                .ifPresent(log -> assertThat(log).endsWith("the newest line\n"));
    }

    @Test
    void aMissingConfigurationIsListedAndTheBundleStillComes() throws Exception {
        Path zip = dir.resolve("bundle.zip");
        write(dir.resolve("absent.conf"), zip, SupportBundle.DEFAULT_CAP_BYTES);
        assertThat(unzip(zip).get("MANIFEST.txt")).contains("config/Imprivata.conf\t" + dir.resolve("absent.conf")
                + "\tnot collected: cannot read the file");
    }
}
