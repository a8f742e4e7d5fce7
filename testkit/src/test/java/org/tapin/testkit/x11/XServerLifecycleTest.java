package org.tapin.testkit.x11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.tapin.testkit.RepoRoot;

/** Start, isolation and stop of whole servers: everything an instance started must be gone after it. */
class XServerLifecycleTest {

    @Test
    void twoServersStartedAtOnceGetTheirOwnDisplaysAndLeaveNothingBehind() throws Exception {
        CompletableFuture<XServer> first = CompletableFuture.supplyAsync(() -> XServer.start(XServerOptions.of(WindowManager.OPENBOX)));
        CompletableFuture<XServer> second = CompletableFuture.supplyAsync(() -> XServer.start(XServerOptions.of(WindowManager.OPENBOX)));
        XServer a = first.get();
        XServer b = second.get();
        try {
            assertThat(a.display()).isNotEqualTo(b.display());
            assertThat(a.env().get("DBUS_SESSION_BUS_ADDRESS")).isNotEqualTo(b.env().get("DBUS_SESSION_BUS_ADDRESS"));
            new XClients(a).xterm(XTerm.withBackground(java.awt.Color.RED)); // left open on purpose

            List<Long> ofA = InstanceProcesses.running(a.stateDir());
            assertThat(ofA).extracting(InstanceProcesses::command).contains("Xvfb", "openbox", "dbus-daemon", "xterm");
            assertThat(ofA).doesNotContainAnyElementsOf(InstanceProcesses.running(b.stateDir()));
            Path stateA = a.stateDir();
            String displayNumber = a.display().substring(1);

            a.close();
            assertThat(ofA).noneMatch(InstanceProcesses::alive);
            assertThat(InstanceProcesses.running(stateA)).isEmpty();
            assertThat(stateA).doesNotExist();
            assertThat(Path.of("/tmp/.X" + displayNumber + "-lock")).doesNotExist();
            assertThat(b.run("xdpyinfo")).contains("name of display:    " + b.display());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void theWatchdogStopsTheServerWhenItsOwnerDies(@TempDir Path dir) throws Exception {
        Process owner = new ProcessBuilder("sleep", "600").start();
        Path state = dir.resolve("x");
        Commands.run(new ProcessBuilder(RepoRoot.tool("xserver").toString(), "start", state.toString(),
                "--owner", Long.toString(owner.pid())), Duration.ofSeconds(30)).orThrow();
        long xvfb = InstanceProcesses.recordedPid(state, "xvfb");
        assertThat(InstanceProcesses.alive(xvfb)).isTrue();

        owner.destroyForcibly().waitFor();
        XServerTest.waitUntil(() -> InstanceProcesses.running(state).isEmpty());
        assertThat(InstanceProcesses.alive(xvfb)).isFalse();
        assertThat(Files.readString(state.resolve("watchdog.log"))).contains("ended: stopping");
    }

    @Test
    void aBadOptionIsAClearErrorAndStartsNothing(@TempDir Path dir) {
        Commands.Result result = Commands.run(new ProcessBuilder(RepoRoot.tool("xserver").toString(), "start",
                dir.toString(), "--wm", "twm"), Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--wm must be openbox, xfwm4 or none, not 'twm'");
        assertThat(InstanceProcesses.running(dir)).isEmpty();
    }

    @Test
    void theExtensionStopsItsServerAfterAFailingTest() {
        FailingSample.runByLifecycleTest = true;
        try {
            var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingSample.class)).execute();
            results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        } finally {
            FailingSample.runByLifecycleTest = false;
        }
        assertThat(FailingSample.stateDir).isNotNull();
        assertThat(FailingSample.processes).extracting(InstanceProcesses::command).contains("Xvfb", "openbox");
        assertThat(FailingSample.processes).noneMatch(InstanceProcesses::alive);
        assertThat(FailingSample.stateDir).doesNotExist();
        // The failure left a screenshot of the screen behind for whoever reads the report.
        assertThat(FailureScreenshots.directory().toFile().list())
                .anyMatch(name -> name.startsWith("FailingSample.failsOnPurpose-failed-"));
    }

    /** Run only through {@link #theExtensionStopsItsServerAfterAFailingTest}; its one test fails on purpose. */
    static class FailingSample {
        static volatile boolean runByLifecycleTest;
        static volatile Path stateDir;
        static volatile List<Long> processes;

        @RegisterExtension
        static final XServerExtension X = XServerExtension.withOpenbox();

        @BeforeAll
        static void onlyWhenRunOnPurpose() {
            Assumptions.assumeTrue(runByLifecycleTest, "a sample for XServerLifecycleTest");
        }

        @Test
        void failsOnPurpose() {
            stateDir = X.server().stateDir();
            processes = InstanceProcesses.running(stateDir);
            throw new AssertionError("failing on purpose");
        }
    }
}
