package org.tapin.e2e.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.testkit.RepoRoot;

/**
 * The package the build made, installed on this machine as an admin would (dpkg -i), used from the installed
 * paths, then removed (configuration kept) and purged (nothing left). Needs root, as dpkg does.
 */
class DebianPackageTest {

    static final Path CONF = Path.of("/usr/lib/imprivata/runtime/etc/Imprivata.conf");
    static Path deb;

    record Run(int exit, String out) {}

    static Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @BeforeAll
    static void findPackageAndRefuseToClobberARealInstall() throws Exception {
        try (Stream<Path> files = Files.list(RepoRoot.path().resolve("packaging/deb/target"))) {
            deb = files.filter(f -> f.getFileName().toString().matches("tapin_.*_all\\.deb")).findFirst().orElseThrow();
        }
        assertThat(run("id", "-u").out().trim()).as("dpkg needs root").isEqualTo("0");
        assertThat(run("dpkg-query", "-W", "-f=${Status}", "tapin").out())
                .as("a tapin package is already installed on this machine; this test would replace it")
                .doesNotContain("install ok installed");
    }

    @AfterAll
    static void purge() throws Exception {
        run("dpkg", "--purge", "tapin");
    }

    @Test
    void installsRunsFromTheInstalledPathsRemovesKeepingConfigurationAndPurgesClean(@TempDir Path dir) throws Exception {
        Run install = run("dpkg", "-i", deb.toString());
        assertThat(install.exit()).as(install.out()).isZero();
        assertThat(Path.of("/wfs/ca-certs")).isDirectory();

        Run check = run("/usr/bin/tapin", "check-config");
        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.out()).contains(CONF + ": usable (0 errors, 1 warning)");

        Path bundle = dir.resolve("imprivata_logs.zip");
        Run support = run("/usr/bin/fetch_support_info", bundle.toString());
        assertThat(support.exit()).as(support.out()).isZero();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            String manifest = new String(zip.getInputStream(zip.getEntry("MANIFEST.txt")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(manifest).contains("config/Imprivata.conf\t" + CONF, "tapin/version.txt\t/usr/bin/tapin --version\tcollected");
        }
        Run notRoot = run("runuser", "-u", "nobody", "--", "/usr/bin/fetch_support_info", "/tmp/never.zip");
        assertThat(notRoot.exit()).isEqualTo(1);
        assertThat(notRoot.out()).startsWith("fetch_support_info: must run as root");

        Files.writeString(CONF, Files.readString(CONF) + "\n[mainloader.SSL]\nReadTimeout = 15\n");
        Run remove = run("dpkg", "--remove", "tapin");
        assertThat(remove.exit()).as(remove.out()).isZero();
        assertThat(Path.of("/usr/bin/tapin")).doesNotExist();
        assertThat(Files.readString(CONF)).as("remove keeps the admin's configuration").contains("ReadTimeout = 15");

        Files.createDirectories(Path.of("/.imprivata_data_runtime/log"));
        Run purge = run("dpkg", "--purge", "tapin");
        assertThat(purge.exit()).as(purge.out()).isZero();
        assertThat(Path.of("/usr/lib/imprivata")).doesNotExist();
        assertThat(Path.of("/.imprivata_data_runtime")).as("runtime data goes on purge").doesNotExist();
        assertThat(Path.of("/wfs/ca-certs")).as("the site's CA folder is never removed").isDirectory();
    }

    @Test
    void lintianFindsNoErrorAndEveryWarningIsExplained() throws Exception {
        Run lintian = run("lintian", deb.toString());
        List<String> findings = lintian.out().lines().filter(l -> l.matches("[EW]: .*")).toList();
        assertThat(findings).as("lintian errors and unexplained warnings").isEmpty();
    }
}
