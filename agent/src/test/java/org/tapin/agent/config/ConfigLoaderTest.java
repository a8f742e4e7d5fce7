package org.tapin.agent.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    static String only(ConfigReport report) {
        assertThat(report.problems()).hasSize(1);
        return report.problems().get(0).format();
    }

    @Test
    void flagWinsOverEnvironmentWhichWinsOverTheDefault() {
        Map<String, String> env = Map.of(ConfigLoader.ENVIRONMENT_VARIABLE, "/etc/from-env.conf");
        assertThat(ConfigLoader.locate(Path.of("/flag.conf"), env)).isEqualTo(Path.of("/flag.conf"));
        assertThat(ConfigLoader.locate(null, env)).isEqualTo(Path.of("/etc/from-env.conf"));
        assertThat(ConfigLoader.locate(null, Map.of())).isEqualTo(Path.of("/usr/lib/imprivata/runtime/etc/Imprivata.conf"));
    }

    @Test
    void missingFileIsOneErrorAndTheDefaultsStillStandLocked() {
        Path missing = dir.resolve("Imprivata.conf");
        ConfigReport report = ConfigLoader.load(missing);
        assertThat(report.usable()).isFalse();
        assertThat(only(report)).isEqualTo(missing + ": error: cannot read: no such file");
        assertThat(report.config()).isEqualTo(TapinConfig.defaults());
    }

    @Test
    void directoryBinaryAndOversizedFilesAreErrorsNotExceptions() throws Exception {
        assertThat(only(ConfigLoader.load(dir))).endsWith("error: is a directory, not a configuration file");
        Path latin1 = Files.write(dir.resolve("latin1.conf"), new byte[] {'[', 'a', ']', '\n', 'k', '=', (byte) 0xE9});
        assertThat(only(ConfigLoader.load(latin1))).endsWith("error: not UTF-8 text");
        Path huge = Files.write(dir.resolve("huge.conf"), new byte[IniFileReader.MAX_BYTES + 1]);
        assertThat(only(ConfigLoader.load(huge))).contains("not a configuration file");
    }

    @Test
    void unreadableFileIsAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("secret.conf"), "[agent]\n", UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(file)) {
            return; // root reads anything; the message for this case is covered by the non-root CLI run in e2e
        }
        assertThat(only(ConfigLoader.load(file))).endsWith("error: cannot read: permission denied");
    }
}
