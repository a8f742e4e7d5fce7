package org.tapin.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.bootstrap.pkg.PackageLayout;
import org.tapin.bootstrap.pkg.ZipEdit;

/** The command line's one-shot commands, as a site's build or an admin uses them. */
class MainTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void keygenThenPackageMakesASignedPackageOfTheFolder() throws Exception {
        Path key = dir.resolve("site.key");
        Path pub = dir.resolve("site.pub");
        assertThat(run("keygen", key.toString(), pub.toString()).exit()).isZero();
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----\n");
        Path agent = Files.createDirectories(dir.resolve("agent/lib"));
        Files.writeString(agent.resolve("tapin-agent.jar"), "jar");

        Run pkg = run("package", "--from", dir.resolve("agent").toString(), "--key", key.toString(), "--version",
                "1.4.0", "--main", "org.tapin.agent.Main", "--arch", "amd64,aarch64", "--java", "17-21",
                "--out", dir.resolve("a.pkg").toString());

        assertThat(pkg.exit()).as(pkg.err()).isZero();
        assertThat(pkg.out()).startsWith("wrote " + dir.resolve("a.pkg") + ": version 1.4.0, 1 files, 3 bytes, expires ");
        String manifest = new String(ZipEdit.read(dir.resolve("a.pkg")).get(PackageLayout.MANIFEST),
                StandardCharsets.US_ASCII);
        assertThat(manifest).contains("\nversion 1.4.0\n", "\narch amd64 aarch64\n", "\njava 17 21\n",
                "\nprotocol 1\n", "\nmain org.tapin.agent.Main\n", " 3 lib/tapin-agent.jar\n");
    }

    @Test
    void keygenNeverOverwritesAKey() throws Exception {
        Files.writeString(dir.resolve("site.key"), "the real one");

        assertThat(run("keygen", dir.resolve("site.key").toString(), dir.resolve("site.pub").toString()).exit())
                .isEqualTo(1);
        assertThat(Files.readString(dir.resolve("site.key"))).isEqualTo("the real one");
    }

    @Test
    void mistakesOnTheCommandLineAreUsageErrors() {
        Run unknown = run("--tries", "3", "--tirse", "2");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("tapin-bootstrap: unknown option --tirse\nusage:");
        assertThat(run("--tries", "three").err()).startsWith("tapin-bootstrap: not a number: For input string: \"three\"");
        assertThat(run("frobnicate").err()).startsWith("tapin-bootstrap: unknown command frobnicate");
        assertThat(run("--help").out()).contains("tapin-bootstrap keygen PRIVATE_FILE PUBLIC_FILE");
    }

    @Test
    void statusOfAFreshEndpointSaysThereIsNothingYet() {
        Run status = run("--config", dir.resolve("none").toString(), "--home", dir.resolve("slots").toString(),
                "--keys", dir.resolve("keys").toString(), "--status");

        assertThat(status.exit()).isZero();
        assertThat(status.out().lines().toList()).isEqualTo(List.of("home: " + dir.resolve("slots"),
                "loader: not running", "slot a: empty", "slot b: empty", "rollback floor: none", "quarantined: none", "last failure: none"));
    }

}
