package org.tapin.e2e.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.lock.AgentProcess;
import org.tapin.e2e.lock.LockScreenPixels;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.RepoRoot;

/**
 * The package the build made, installed on this machine as an admin would (dpkg -i), used from the installed
 * paths (the agent locks a real X server with the installed overlay), then removed (configuration kept) and purged
 * (nothing left). Needs root, as dpkg does.
 */
class DebianPackageTest {

    static final Path CONF = Path.of("/usr/lib/imprivata/runtime/etc/Imprivata.conf");
    static final Path LIB = Path.of("/usr/lib/imprivata/runtime/lib");

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1024, 768);
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
            // The newest: a work tree keeps the packages of earlier builds beside it.
            deb = files.filter(f -> f.getFileName().toString().matches("tapin_.*_amd64\\.deb"))
                    .max(Comparator.comparing(DebianPackageTest::modified)).orElseThrow();
        }
        assertThat(run("id", "-u").out().trim()).as("dpkg needs root").isEqualTo("0");
        assertThat(run("dpkg-query", "-W", "-f=${Status}", "tapin").out())
                .as("a tapin package is already installed on this machine; this test would replace it")
                .doesNotContain("install ok installed");
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

        assertEveryClassPathEntryIsInstalled(LIB.resolve("tapin-agent.jar"));
        assertEveryClassPathEntryIsInstalled(LIB.resolve("tapin-lockscreen.jar"));

        Run verify = run("systemd-analyze", "verify", "/lib/systemd/system/tapin-bootstrap.service");
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).as("systemd-analyze verify says nothing about a good unit").isBlank();
        Run security = run("systemd-analyze", "security", "--offline=true", "/lib/systemd/system/tapin-bootstrap.service");
        Matcher exposure = Pattern.compile("Overall exposure level for tapin-bootstrap.service: ([0-9.]+) (\\S+)").matcher(security.out());
        assertThat(exposure.find()).as(security.out()).isTrue();
        System.out.println("systemd-analyze security: " + exposure.group(1) + " " + exposure.group(2));
        assertThat(Double.parseDouble(exposure.group(1))).as("exposure level (10 is the unhardened worst)").isLessThanOrEqualTo(5.0);
        assertThat(Path.of("/.imprivata_data_runtime")).as("the service may write only where the package created folders")
                .isDirectory();
        assertThat(Path.of("/usr/lib/imprivata/runtime/slots")).isDirectory();

        try (AgentProcess agent = AgentProcess.start(X.server(), Path.of("/usr/bin/tapin"), dir.resolve("agent"), "", "", Map.of())) {
            ProcessHandle overlay = agent.awaitOverlay();
            assertThat(overlay.info().commandLine().orElse("")).contains(LIB.resolve("tapin-lockscreen.jar").toString());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(X.server().screenshot()).inRegion(LockScreenPixels.CORNER).everyPixelIs(LockScreenPixels.BACKGROUND));
            X.server().screenshot(Path.of("target/screenshots/installed-agent-locked.png"));
        }

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
        assertThat(Path.of("/etc/default/tapin")).as("the service's environment is configuration: purged").doesNotExist();
        assertThat(Path.of("/wfs/ca-certs")).as("the site's CA folder is never removed").isDirectory();
    }

    /** The jar's manifest names its libraries as lib/NAME.jar; each must be in the package, or the JVM fails late. */
    private static void assertEveryClassPathEntryIsInstalled(Path jar) throws IOException {
        assertThat(jar).isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            String classPath = file.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(classPath).as(jar + " Class-Path").isNotBlank();
            for (String entry : classPath.trim().split("\\s+")) {
                assertThat(LIB.resolve(entry)).as(jar.getFileName() + " needs " + entry).isRegularFile();
            }
        }
    }

    @Test
    void lintianFindsNoErrorAndEveryWarningIsExplained() throws Exception {
        Run lintian = run("lintian", deb.toString());
        List<String> findings = lintian.out().lines().filter(l -> l.matches("[EW]: .*")).toList();
        assertThat(findings).as("lintian errors and unexplained warnings").isEmpty();
    }
}
