package org.tapin.agent.appliance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.appliance.ApplianceException;
import org.tapin.agent.appliance.ApplianceTransport;
import org.tapin.agent.appliance.CaFolderTrust;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/** The agent's package download keeps the same cap as the loader's: up to the cap arrives whole, one byte more is refused. */
@ExtendWith(TlsMaterialExtension.class)
class PackageDownloadTest {

    private static final int CAP = 100_000;

    @TempDir
    Path data;

    @Test
    void aPackageOfExactlyTheCapArrivesAndOneByteMoreIsRefusedWithNoMoreThanTheCapOnDisk(TlsMaterial tls) throws Exception {
        try (FakeAppliance appliance = new FakeAppliance(tls.server(TlsMaterial.Kind.VALID).serverSslContext())) {
            OkHttpClient http = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(),
                    ApplianceAuthenticatorTest.FAST);
            ApplianceClient client = new ApplianceClient(http, List.of(appliance.uri()), new CredentialFile(data),
                    new EndpointFacts("pc", List.of(), List.of(), "", ""), null);
            String whole = "p".repeat(CAP);
            appliance.answer("/v1/agent/packages/2.0.0", 200, whole);
            Path fits = data.resolve("2.0.0.pkg");
            client.downloadPackage("2.0.0", fits, CAP);
            assertThat(Files.readString(fits)).isEqualTo(whole);

            appliance.answer("/v1/agent/packages/2.0.1", 200, whole + "p");
            Path over = data.resolve("2.0.1.pkg");
            assertThatThrownBy(() -> client.downloadPackage("2.0.1", over, CAP)).isInstanceOf(ApplianceException.class)
                    .hasMessageContaining("agent package larger than " + CAP + " bytes: refused");
            assertThat(Files.size(over)).isLessThanOrEqualTo(CAP);
        }
    }
}
