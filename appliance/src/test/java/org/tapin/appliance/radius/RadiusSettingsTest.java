package org.tapin.appliance.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.ApplianceConfig;

class RadiusSettingsTest {

    @TempDir
    Path dir;

    private ApplianceConfig load(String... lines) throws Exception {
        Path conf = dir.resolve("appliance.conf");
        Files.writeString(conf, "tls.certificate = x.crt\ntls.key = x.key\n" + String.join("\n", lines) + "\n");
        return ApplianceConfig.load(conf);
    }

    @Test
    void theShippedConfigurationLoadsWithRadiusOff() throws Exception {
        ApplianceConfig shipped = ApplianceConfig.load(Path.of("appliance.conf"));
        assertThat(shipped.radius().role()).isEqualTo(RadiusSettings.Role.OFF);
        assertThat(shipped.secondFactorTokenLifetime()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void serversSecretFileAndTimingAreRead() throws Exception {
        ApplianceConfig c = load("radius.role = second-factor", "radius.server = radius1.example", "radius.backup-server = 10.0.0.6:1645",
                "radius.secret-file = secrets/radius", "radius.timeout-seconds = 5", "radius.retries = 2", "radius.nas-identifier = ward3");
        RadiusSettings r = c.radius();
        assertThat(r.role()).isEqualTo(RadiusSettings.Role.SECOND_FACTOR);
        assertThat(r.servers()).extracting(a -> a.getHostString() + ":" + a.getPort()).containsExactly("radius1.example:1812", "10.0.0.6:1645");
        assertThat(r.secretFile()).isEqualTo(dir.resolve("secrets/radius"));
        assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.retries()).isEqualTo(2);
        assertThat(r.nasIdentifier()).isEqualTo("ward3");
    }

    @Test
    void mistakesNameTheFileAndTheKey() {
        assertThatThrownBy(() -> load("radius.role = first-factor", "radius.secret-file = s"))
                .hasMessageContaining("appliance.conf: radius.server is required");
        assertThatThrownBy(() -> load("radius.role = first-factor", "radius.server = 10.0.0.5"))
                .hasMessageContaining("radius.secret-file is required");
        assertThatThrownBy(() -> load("radius.role = both")).hasMessageContaining("radius.role = both is not one of");
        assertThatThrownBy(() -> load("radius.role = first-factor", "radius.server = h:99999", "radius.secret-file = s"))
                .hasMessageContaining("port 99999");
        assertThatThrownBy(() -> load("radius.secret = testing123")).hasMessageContaining("unknown key(s) [radius.secret]")
                .hasMessageNotContaining("testing123");
    }
}
