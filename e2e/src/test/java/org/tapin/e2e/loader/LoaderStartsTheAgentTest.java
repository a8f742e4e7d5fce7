package org.tapin.e2e.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.lock.LockScreenPixels;
import org.tapin.e2e.packages.SignedAgentPackages;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.x11.XServerExtension;

/**
 * The loader as the service runs it, with a signed package of the real agent built from this tree (agent,
 * overlay and their libraries): it verifies the package, runs the agent's self-test with the real JVM, starts
 * it on a real X server, and marks the version good once the agent says it holds the lock.
 */
class LoaderStartsTheAgentTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1024, 768);

    @TempDir
    Path dir;
    private Process loader;

    @AfterEach
    void stop() throws Exception {
        if (loader != null) {
            loader.descendants().forEach(ProcessHandle::destroyForcibly);
            loader.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRealAgentPassesItsSelfTestLocksTheDisplayAndIsMarkedGood() throws Exception {
        SignedAgentPackages packages = new SignedAgentPackages(dir.resolve("packages"));
        Path pkg = packages.realAgent("1.0.0");
        Path keys = packages.trustedKeys();
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("Imprivata.conf"), """
                [agent]
                data-dir = %s
                computer-name = WARD3-PC2

                [log]
                dir = %s
                """.formatted(data, data.resolve("log")));

        loader = X.server().command("java", "-jar", RepoRoot.path().resolve("bootstrap/target/tapin-bootstrap.jar").toString(),
                        "--config", config.toString(), "--home", dir.resolve("slots").toString(), "--keys", keys.toString(),
                        "--health-timeout", "90", "--package", pkg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("loader.out").toFile()).start();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(X.server().screenshot()).inRegion(LockScreenPixels.CORNER).everyPixelIs(LockScreenPixels.BACKGROUND));
        X.server().screenshot(Path.of("target/screenshots/loader-started-agent.png"));
        await().atMost(Duration.ofSeconds(90)).until(() -> read(data.resolve("log/bootstrap.log")).contains("reported healthy"));

        String bootLog = read(data.resolve("log/bootstrap.log"));
        System.out.print(bootLog); // in the test report, as an admin would read it
        assertThat(bootLog).contains("Version 1.0.0 verified, passed its self-test and was installed in",
                "Agent 1.0.0 reported healthy: marked good");
        assertThat(read(data.resolve("log/OneSignAgent.log"))).contains("healthy: told the loader");
        assertThat(loader.isAlive()).isTrue();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
