package org.tapin.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tapin.bootstrap.pkg.Acceptance;
import org.tapin.bootstrap.run.AgentCommand;
import org.tapin.bootstrap.pkg.InstalledCheck;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.pkg.PackageReader;
import org.tapin.bootstrap.pkg.Platform;
import org.tapin.bootstrap.pkg.TrustedKeys;
import org.tapin.bootstrap.slot.Durable;
import org.tapin.e2e.packages.SignedAgentPackages;

/**
 * The loader's own costs, with a package of the agent's real size (this tree's agent, overlay and libraries):
 * <ul>
 * <li>verify and unpack: signature, manifest, every file hashed and synced into a fresh folder (goal ≤ 1 s);
 * <li>the check every start makes of the installed slot (every file hashed again);
 * <li>loader start → agent's main entered, against the same agent started directly with {@code java}: the
 * difference is what the loader adds (goal ≤ 300 ms). The agent here is the real files with a probe main class
 * that notes {@code System.nanoTime()} (CLOCK_MONOTONIC, one clock for every process on the machine) and waits.
 * The loader runs with the Debian launcher's options ({@link LoaderLaunch}), once without and once with its
 * class-data archive, interleaved with the direct starts so a busy machine weighs on all of them alike. The direct
 * start is the agent's JVM as the loader starts it (options and the slot's class-data archive), and once more
 * without that archive, to show what the archive the loader makes at install is worth.
 * </ul>
 * {@code tools/bench loader [--full]}.
 */
public final class LoaderBenchmark {

    static final String PROBE = "org.example.StartProbe";
    static final String PROBE_SOURCE = """
            package org.example;
            import java.nio.file.*;
            public class StartProbe {
                public static void main(String[] args) throws Exception {
                    long entered = System.nanoTime();
                    if (args.length == 1 && args[0].equals("--self-test")) {
                        System.exit(0);
                    }
                    String health = System.getenv("TAPIN_HEALTH_FILE");
                    if (health != null) {
                        Files.writeString(Path.of(health), "ok");
                    }
                    Path out = Path.of(System.getenv("PROBE_FILE"));
                    Path tmp = Path.of(out + ".tmp");
                    Files.writeString(tmp, Long.toString(entered));
                    Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
            """;

    private LoaderBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchMode.fromArgs(args), System.out::println);
    }

    public static List<Stats> run(BenchMode mode, Consumer<String> out) throws Exception {
        Path dir = Files.createTempDirectory("loader-bench");
        try {
            SignedAgentPackages packages = new SignedAgentPackages(dir.resolve("packages"));
            Path pkg = packages.withMain("1.0.0", PROBE, PROBE_SOURCE);
            TrustedKeys keys = TrustedKeys.load(packages.trustedKeys());
            PackageReader reader = new PackageReader(keys,
                    new Acceptance(Clock.systemUTC(), Platform.current(), Optional.empty(), Set.of()));
            int unpacks = mode.pick(2, 20);
            double[] unpack = new double[unpacks];
            double[] check = new double[unpacks];
            Manifest manifest = null;
            for (int i = 0; i < unpacks; i++) {
                Path target = dir.resolve("unpacked-" + i);
                long t0 = System.nanoTime();
                manifest = reader.unpack(pkg, target);
                unpack[i] = (System.nanoTime() - t0) / 1e6;
                long t1 = System.nanoTime();
                InstalledCheck.verify(target, keys);
                check[i] = (System.nanoTime() - t1) / 1e6;
                Durable.deleteTree(target);
            }
            String size = String.format(java.util.Locale.ROOT, "package %.1f MiB, %d files", Files.size(pkg) / 1048576.0,
                    manifest.files().size());
            Stats unpackStats = Stats.of(unpack);
            Stats checkStats = Stats.of(check);
            out.accept(unpackStats.line("verify + unpack (goal 1000 ms)", "ms", size));
            out.accept(checkStats.line("installed slot check at every start", "ms", size));

            Path home = dir.resolve("slots");
            Path config = Files.writeString(dir.resolve("Imprivata.conf"), "[agent]\ndata-dir = " + dir.resolve("data")
                    + "\n[log]\ndir = " + dir.resolve("log") + "\n");
            List<String> loaderArgs = List.of("--config", config.toString(), "--home", home.toString(),
                    "--keys", packages.trustedKeys().toString());
            LoaderLaunch withArchive = LoaderLaunch.built(true);
            LoaderLaunch withoutArchive = LoaderLaunch.built(false);
            List<String> loader = join(withArchive.java(), loaderArgs);
            List<String> loaderNoArchive = join(withoutArchive.java(), loaderArgs);
            out.accept("loader JVM options: " + String.join(" ", withArchive.jvmOptions())
                    + (withArchive.archiveUsable() ? "" : " (no archive newer than the jar: build with mvn package)"));
            List<String> install = new ArrayList<>(loader);
            install.addAll(List.of("install", pkg.toString()));
            await(new ProcessBuilder(install).redirectErrorStream(true).redirectOutput(dir.resolve("install.out").toFile()).start(), 120);
            startUntilGood(loader, dir.resolve("probe-warmup"), dir.resolve("log")); // probation, as in the field

            int starts = mode.pick(2, 15);
            double[] viaLoader = new double[starts];
            double[] viaLoaderNoArchive = new double[starts];
            double[] direct = new double[starts];
            double[] directNoArchive = new double[starts];
            // The agent's JVM exactly as the loader starts it (its options, the slot's class-data archive made at
            // install), so the difference is the loader's own work and nothing the two agent JVMs do differently.
            List<String> plain = AgentCommand.currentJvm().command(home.resolve("a"), manifest);
            // And without that archive: what the slot's archive is worth to the agent's own start.
            List<String> plainNoArchive = plain.stream()
                    .filter(o -> !o.startsWith("-XX:SharedArchiveFile=") && !o.equals("-Xlog:cds*=error")).toList();
            for (int i = 0; i < starts; i++) {
                viaLoaderNoArchive[i] = startViaLoader(loaderNoArchive, dir.resolve("probe-plain-" + i));
                viaLoader[i] = startViaLoader(loader, dir.resolve("probe-loader-" + i));
                direct[i] = startDirect(plain, dir.resolve("probe-direct-" + i));
                directNoArchive[i] = startDirect(plainNoArchive, dir.resolve("probe-direct-plain-" + i));
            }
            Stats noArchiveStats = Stats.of(viaLoaderNoArchive);
            Stats loaderStats = Stats.of(viaLoader);
            Stats directStats = Stats.of(direct);
            Stats directNoArchiveStats = Stats.of(directNoArchive);
            out.accept(noArchiveStats.line("loader start -> agent main, loader without archive", "ms",
                    "installed version, no update; " + size));
            out.accept(loaderStats.line("loader start -> agent main, as launched", "ms", "installed version, no update; " + size));
            out.accept(directStats.line("java start -> agent main (the agent's own JVM start)", "ms",
                    (plain.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=")) ? "with" : "without")
                            + " the slot's archive, as the loader starts it; " + size));
            out.accept(directNoArchiveStats.line("java start -> agent main, without the slot's archive", "ms", size));
            out.accept(String.format(java.util.Locale.ROOT, "loader's share without archive: median %.1f ms",
                    noArchiveStats.median() - directStats.median()));
            out.accept(String.format(java.util.Locale.ROOT, "loader's share: median %.1f ms (goal 300 ms)",
                    loaderStats.median() - directStats.median()));
            return List.of(unpackStats, checkStats, noArchiveStats, loaderStats, directStats, directNoArchiveStats);
        } finally {
            Durable.deleteTree(dir);
        }
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static double startViaLoader(List<String> loader, Path probe) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(loader).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PROBE_FILE", probe.toString());
        return timeToProbe(pb, probe);
    }

    /**
     * The first start after an install is probation: it runs until the loader has marked the version good. Killing
     * the agent sooner counts as a failed try, and after three the version is quarantined and no start works.
     */
    static void startUntilGood(List<String> loader, Path probe, Path logDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(loader).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PROBE_FILE", probe.toString());
        Path log = logDir.resolve("bootstrap.log");
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(log) || !Files.readString(log, StandardCharsets.UTF_8).contains(" reported healthy")) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("the probe agent was not marked good: " + String.join(" ", loader));
                }
                Thread.sleep(20);
            }
        } finally {
            List<ProcessHandle> agent = p.descendants().toList();
            p.destroy(); // the loader stops its agent itself
            await(p, 20);
            agent.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static double startDirect(List<String> command, Path probe) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PROBE_FILE", probe.toString());
        return timeToProbe(pb, probe);
    }

    private static double timeToProbe(ProcessBuilder pb, Path probe) throws Exception {
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(probe)) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("the probe agent did not start: " + String.join(" ", pb.command()));
                }
                Thread.sleep(2);
            }
            return (Long.parseLong(Files.readString(probe, StandardCharsets.US_ASCII).strip()) - t0) / 1e6;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroy();
            await(p, 20);
        }
    }

    private static void await(Process p, int seconds) throws InterruptedException, IOException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("process did not finish in " + seconds + " s: " + p.info().commandLine().orElse("?"));
        }
    }
}
