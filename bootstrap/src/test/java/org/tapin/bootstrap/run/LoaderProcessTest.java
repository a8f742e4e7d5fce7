package org.tapin.bootstrap.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.bootstrap.pkg.KeyFiles;
import org.tapin.bootstrap.pkg.PackageBuilder;
import org.tapin.bootstrap.pkg.Requirements;
import org.tapin.bootstrap.pkg.Version;
import org.tapin.bootstrap.pkg.ZipEdit;

/**
 * The loader as a real JVM process (the built classes, {@code java -cp ... org.tapin.bootstrap.Main}) with real
 * signed packages of a real tiny agent: what an admin sees in {@code bootstrap.log}, {@code --status} and the
 * process table.
 */
class LoaderProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Path home;
    Path keys;
    Path privateKey;
    Path config;
    Path trace;
    Path logFile;
    Path data;
    Path busy;
    final List<Process> loaders = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        home = dir.resolve("slots");
        keys = Files.createDirectories(dir.resolve("trusted-keys"));
        privateKey = dir.resolve("signing.key");
        KeyFiles.generate(privateKey, keys.resolve("site.pub"));
        data = Files.createDirectories(dir.resolve("data"));
        config = Files.writeString(dir.resolve("Imprivata.conf"),
                "[log]\ndir = " + data.resolve("log") + "\n\n[agent]\r\ndata-dir = " + data + "\r\n");
        trace = dir.resolve("agent-trace");
        logFile = data.resolve("log/bootstrap.log");
        busy = dir.resolve("agent-busy");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : loaders) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (String[] line : traceLines()) {
            ProcessHandle.of(Long.parseLong(line[1])).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Path pkg(String version, TinyAgent.Behaviour b, boolean newerJava) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("build-" + version));
        TinyAgent.writeAgent(folder, version, b, newerJava);
        Path out = dir.resolve("agent-" + version + ".pkg");
        PackageBuilder.build(folder, KeyFiles.readPrivate(privateKey), Version.parse(version),
                Instant.now().plus(Duration.ofDays(1)), new Requirements(List.of("any"), 17, 99, 1),
                TinyAgent.MAIN, out);
        return out;
    }

    private List<String> loaderCommand(String... args) throws Exception {
        Path classes = Path.of(org.tapin.bootstrap.Main.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), "org.tapin.bootstrap.Main", "--config", config.toString(),
                "--home", home.toString(), "--keys", keys.toString(), "--health-timeout", "3", "--tries", "2",
                "--self-test-timeout", "20"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Process startLoader(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(loaderCommand(args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("loader-console").toFile()));
        pb.environment().put("AGENT_TRACE", trace.toString());
        pb.environment().put("AGENT_BUSY", busy.toString());
        Process p = pb.start();
        loaders.add(p);
        return p;
    }

    /** Runs a one-shot loader command and returns its exit code and standard output. */
    private record Cli(int exit, String out) {}

    private Cli cli(String... args) throws Exception {
        Path out = Files.createTempFile(dir, "cli", ".out");
        ProcessBuilder pb = new ProcessBuilder(loaderCommand(args)).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("AGENT_TRACE", trace.toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("loader command finished").isTrue();
        return new Cli(p.exitValue(), Files.readString(out));
    }

    private String status() throws Exception {
        return cli("--status").out();
    }

    private List<String[]> traceLines() throws IOException {
        if (!Files.exists(trace)) {
            return List.of();
        }
        return Files.readAllLines(trace).stream().map(l -> l.split(" ")).toList();
    }

    private List<String> versionsStarted() throws IOException {
        return traceLines().stream().map(l -> l[0]).toList();
    }

    private String log() throws IOException {
        return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private BooleanSupplier statusShows(String text) {
        return () -> {
            try {
                return status().contains(text);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private BooleanSupplier logShows(String text) {
        return () -> {
            try {
                return log().contains(text);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private void startGood10() throws Exception {
        startLoader("--package", pkg("1.0", TinyAgent.Behaviour.GOOD, false).toString());
        await("1.0 is marked good", statusShows("slot a: 1.0, current, good"));
        assertThat(versionsStarted()).containsExactly("1.0");
    }

    @Test
    void goodPackageBecomesCurrentAndRefusedOnesLeaveItRunning() throws Exception {
        startGood10();
        assertThat(log()).containsPattern(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - bootstrap - INFO: tapin bootstrap version: "
                        + "\\S+ built: \\S+\n");
        assertThat(log()).contains(" - bootstrap - INFO: Agent 1.0 reported healthy: marked good, rollback floor "
                + "now 1.0");
        long pid = Long.parseLong(traceLines().get(0)[1]);

        assertThat(cli("install", pkg("1.1", TinyAgent.Behaviour.GOOD, true).toString()).exit()).isZero();
        await("1.1 is refused", logShows(" - bootstrap - ERROR: Version 1.1 refused: self-test failed: exit code 1: "
                + "java.lang.UnsupportedClassVersionError: org/example/Agent has been compiled by a more recent "
                + "version of the Java Runtime"));

        Path tampered = ZipEdit.edit(pkg("1.5", TinyAgent.Behaviour.GOOD, false), dir.resolve("tampered.pkg"),
                e -> e.get("lib/agent.jar")[100] ^= 1);
        cli("install", tampered.toString());
        await("the tampered package is refused", logShows(" - bootstrap - ERROR: Package "));
        assertThat(log()).contains("refused: lib/agent.jar does not match its SHA-256 in the manifest (tampered or "
                + "corrupt); the current agent keeps running");
        assertThat(versionsStarted()).containsExactly("1.0");
        assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
        assertThat(status()).contains("slot a: 1.0, current, good").contains("quarantined: 1.1")
                .contains("loader: running, agent pid " + pid + "\n");

        assertThat(cli("-w").exit()).as("no wipe under a running loader").isEqualTo(1);
        assertThat(log()).contains("ERROR: Not wiping: a loader is running on " + home + "; stop it first");

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await("the killed agent is started again", () -> {
            try {
                return versionsStarted().size() == 2;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(log()).containsPattern("WARNING: Agent 1.0 exited with code 137 after \\d+ s: restarting now\n");
        long second = Long.parseLong(traceLines().get(1)[1]);

        Process loader = loaders.get(0);
        loader.destroy();
        assertThat(loader.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false))
                .as("the agent stops with its loader").isFalse();
        assertThat(status()).contains("loader: not running\n");
    }

    @Test
    void versionThatCrashesAtStartIsRolledBackAndQuarantined() throws Exception {
        startGood10();
        String before = status();

        cli("install", pkg("1.2", TinyAgent.Behaviour.CRASHES_AT_START, false).toString());
        await("1.2 is rolled back", logShows("ERROR: Version 1.2 rolled back and quarantined: it did not report "
                + "healthy in any of its starts"));
        await("1.0 runs again", () -> {
            try {
                return versionsStarted().equals(List.of("1.0", "1.2", "1.2", "1.0"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String after = status();
        System.out.println("--status before:\n" + before + "--status after:\n" + after);

        assertThat(before).contains("slot a: 1.0, current, good").contains("quarantined: none");
        assertThat(after).contains("slot a: 1.0, current, good").contains("slot b: 1.2\n")
                .contains("rollback floor: 1.0").contains("quarantined: 1.2")
                .contains("last failure: Version 1.2 rolled back and quarantined");
        assertThat(log()).contains("ERROR: Agent 1.2 exited with code 1 before reporting healthy");

        cli("install", pkg("1.2", TinyAgent.Behaviour.GOOD, false).toString());
        await("the quarantined version is not tried again", logShows("version 1.2 is quarantined"));
    }

    @Test
    void loaderKilledWhileAHangingVersionIsOnProbationStillEndsOnTheGoodAgent() throws Exception {
        startGood10();
        cli("install", pkg("1.3", TinyAgent.Behaviour.HANGS, false).toString());
        await("1.3 is on probation", () -> {
            try {
                return versionsStarted().contains("1.3");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Process first = loaders.get(0);
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long orphan = Long.parseLong(traceLines().get(1)[1]);
        assertThat(ProcessHandle.of(orphan)).as("agent outlives a killed loader").isPresent();
        assertThat(status()).contains("slot b: 1.3, current, on probation (1 tries left)");

        startLoader();
        await("the next loader stops the orphan", logShows("WARNING: Stopped agent pid " + orphan
                + " left running by a loader that did not stop it"));
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        await("1.3 is rolled back", statusShows("quarantined: 1.3"));
        await("1.0 runs again", () -> {
            try {
                return versionsStarted().equals(List.of("1.0", "1.3", "1.3", "1.0"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(log()).contains("ERROR: Agent 1.3 did not report healthy within 3 s: stopped it");
        assertThat(status()).contains("slot a: 1.0, current, good");
    }

    @Test
    void wipeEmptiesRuntimeDataButKeepsTheLogAndTheInstalledAgent() throws Exception {
        Files.createDirectories(data.resolve("audit"));
        Files.writeString(data.resolve("audit/queue"), "event");
        Files.writeString(data.resolve("policy.json"), "{}");
        Files.createSymbolicLink(data.resolve("link-to-keys"), keys);
        startGood10();
        loaders.get(0).destroy();
        loaders.get(0).waitFor(15, TimeUnit.SECONDS);

        assertThat(cli("-w").exit()).isZero();

        try (var left = Files.list(data)) {
            assertThat(left).containsExactly(data.resolve("log"));
        }
        assertThat(keys.resolve("site.pub")).exists();
        assertThat(log()).contains("INFO: Wiped agent runtime data: 3 entries removed from " + data + ", kept "
                + data.resolve("log"));
        assertThat(status()).contains("slot a: 1.0, current, good");
    }

    private List<java.util.Properties> reports() throws IOException {
        List<java.util.Properties> all = new ArrayList<>();
        Path folder = home.resolve("reports");
        if (Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                for (Path f : files.filter(f -> f.toString().endsWith(LoaderReports.SUFFIX)).sorted().toList()) {
                    java.util.Properties p = new java.util.Properties();
                    try (var in = Files.newInputStream(f)) {
                        p.load(in);
                    }
                    all.add(p);
                }
            }
        }
        return all;
    }

    @Test
    void aStagedVersionWaitsForTheIdleLockAndWhatHappenedIsLeftForTheAudit() throws Exception {
        Files.writeString(busy, "someone is signed in");
        startGood10();
        assertThat(reports()).singleElement().satisfies(r -> {
            assertThat(r.getProperty("type")).isEqualTo("agent.installed");
            assertThat(r.getProperty("version")).isEqualTo("1.0");
            assertThat(r.getProperty("id")).isNotBlank();
        });

        assertThat(cli("install", pkg("2.0", TinyAgent.Behaviour.GOOD, false).toString()).exit()).isZero();
        await("2.0 is staged", logShows("agent 1.0 is replaced at the next idle lock"));
        Thread.sleep(3_000);
        assertThat(versionsStarted()).as("no switch in the middle of a session").containsExactly("1.0");

        Files.delete(busy);
        await("2.0 runs", statusShows("2.0, current, good"));
        assertThat(log()).contains("Stopping agent 1.0 to switch versions (the endpoint is idle at the lock)");
        assertThat(versionsStarted()).containsExactly("1.0", "2.0");

        assertThat(cli("install", pkg("3.0", TinyAgent.Behaviour.CRASHES_AT_START, false).toString()).exit()).isZero();
        await("3.0 is rolled back", statusShows("quarantined: 3.0"));
        await("2.0 runs again", statusShows("2.0, current, good"));
        assertThat(reports()).extracting(r -> r.getProperty("type") + " " + r.getProperty("version"))
                .containsExactly("agent.installed 1.0", "agent.installed 2.0", "agent.rolled-back 3.0");
        assertThat(reports().get(2).getProperty("detail"))
                .isEqualTo("Version 3.0 rolled back and quarantined: it did not report healthy in any of its starts");
    }

    @Test
    void aPackageRefusedAtBootIsLeftForTheAuditAndTheInstalledAgentStillStarts() throws Exception {
        startGood10();
        loaders.get(0).destroy();
        assertThat(loaders.get(0).waitFor(15, TimeUnit.SECONDS)).isTrue();
        Path tampered = ZipEdit.edit(pkg("1.5", TinyAgent.Behaviour.GOOD, false), dir.resolve("tampered.pkg"),
                e -> e.get("lib/agent.jar")[100] ^= 1);

        startLoader("--package", tampered.toString());
        await("1.0 runs again", () -> {
            try {
                return versionsStarted().size() == 2;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(versionsStarted()).containsExactly("1.0", "1.0");
        assertThat(reports()).extracting(r -> r.getProperty("type")).containsExactly("agent.installed",
                "agent.package.refused");
        assertThat(reports().get(1).getProperty("detail")).contains("tampered.pkg refused: lib/agent.jar does not "
                + "match its SHA-256 in the manifest");
        assertThat(reports().get(1).getProperty("version")).isEmpty();
    }
}
