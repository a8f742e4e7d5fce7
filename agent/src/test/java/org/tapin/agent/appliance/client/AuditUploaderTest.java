package org.tapin.agent.appliance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.appliance.ApplianceTransport;
import org.tapin.agent.appliance.CaFolderTrust;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.session.User;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

@ExtendWith(TlsMaterialExtension.class)
class AuditUploaderTest {

    @TempDir
    Path data;

    @Test
    void eventsWaitThroughFailuresAndAreAcknowledgedOnlyAfterTheApplianceStoredThem(TlsMaterial tls) throws Exception {
        try (FakeAppliance appliance = new FakeAppliance(tls.server(TlsMaterial.Kind.VALID).serverSslContext())) {
            appliance.answer("/v1/audit", 500, "{\"error\":\"internal\",\"message\":\"disk\"}");
            OkHttpClient http = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(),
                    ApplianceAuthenticatorTest.FAST);
            ApplianceClient client = new ApplianceClient(http, List.of(appliance.uri()), new CredentialFile(data),
                    new EndpointFacts("pc", List.of(), List.of(), "", ""), null);
            try (AuditJournal journal = AuditJournal.open(data.resolve("audit"));
                    AuditUploader uploader = new AuditUploader(client, journal).start()) {
                uploader.record("unlock", new User("alice", "Alice"), "badge …F6");
                uploader.record("lock", null, "walk-away");
                Thread.sleep(1500);
                assertThat(journal.size()).as("kept while the appliance fails").isEqualTo(2);
                appliance.answer("/v1/audit", 200, "{\"stored\":2,\"duplicates\":0}");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (journal.size() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(journal.size()).isZero();
            }
            List<FakeAppliance.Seen> uploads = appliance.seen.stream().filter(s -> s.path().equals("/v1/audit")).toList();
            assertThat(uploads.size()).isGreaterThanOrEqualTo(2);
            String last = uploads.get(uploads.size() - 1).body();
            assertThat(last).contains("\"type\":\"unlock\"").contains("\"user\":\"alice\"").contains("\"type\":\"lock\"");
            assertThat(last.indexOf("unlock")).isLessThan(last.indexOf("\"lock\""));
            // every try sent the same ids: the appliance stores each once
            assertThat(uploads.get(0).body().substring(0, 60)).isEqualTo(last.substring(0, 60));
        }
    }

    @Test
    void aCredentialFileOthersCanReadIsRefused() throws Exception {
        CredentialFile file = new CredentialFile(data);
        file.write(new CredentialFile.Credential("e-1", "secret"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(file.read()).contains(new CredentialFile.Credential("e-1", "secret"));
        assertThat(new CredentialFile.Credential("e-1", "secret").toString()).doesNotContain("secret");
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(file::read).hasMessageContaining("readable by others");
    }
}
