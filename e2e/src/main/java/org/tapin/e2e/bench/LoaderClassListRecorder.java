package org.tapin.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tapin.bootstrap.slot.Durable;
import org.tapin.e2e.packages.SignedAgentPackages;

/**
 * Records the classes the loader's JVM loads on its everyday path: starting an installed, good agent version
 * (slot check, signature, start, supervision until the agent reports healthy). The build turns the list into the
 * loader's class-data archive. The agent is the benchmark's probe: what it runs does not change the loader's path.
 * {@code tools/cds-classlists} runs it: {@code LoaderClassListRecorder OUT.classlist}.
 */
public final class LoaderClassListRecorder {

    private static final long SUPERVISED_MS = 2500;

    private LoaderClassListRecorder() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: LoaderClassListRecorder OUT.classlist");
        }
        Path dir = Files.createTempDirectory("loader-classlist");
        try {
            SignedAgentPackages packages = new SignedAgentPackages(dir.resolve("packages"));
            Path pkg = packages.withMain("1.0.0", LoaderBenchmark.PROBE, LoaderBenchmark.PROBE_SOURCE);
            Path config = Files.writeString(dir.resolve("Imprivata.conf"), "[agent]\ndata-dir = " + dir.resolve("data")
                    + "\n[log]\ndir = " + dir.resolve("log") + "\n");
            List<String> loaderArgs = List.of("--config", config.toString(), "--home", dir.resolve("slots").toString(),
                    "--keys", packages.trustedKeys().toString());
            // Without an archive, so every class is loaded (and listed), not mapped.
            List<String> java = LoaderLaunch.built(false).java();
            List<String> install = join(java, loaderArgs);
            install.addAll(List.of("install", pkg.toString()));
            Process p = new ProcessBuilder(install).inheritIO().start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("install failed: " + String.join(" ", install));
            }
            // The first start takes the version off probation; the recorded one is the start of every day after.
            LoaderBenchmark.startUntilGood(join(java, loaderArgs), dir.resolve("probe-first"), dir.resolve("log"));
            Path list = Path.of(args[0]).toAbsolutePath();
            List<String> recorded = new ArrayList<>(java.subList(0, 1));
            recorded.add("-XX:DumpLoadedClassList=" + list);
            recorded.addAll(java.subList(1, java.size()));
            recorded.addAll(loaderArgs);
            record(recorded, dir.resolve("probe-recorded"));
        } finally {
            Durable.deleteTree(dir);
        }
    }

    /**
     * Runs the loader until its agent has started, then a little longer: its supervision loop (the inbox looked
     * at once a second) is part of every day too. Then the stop the service manager sends (SIGTERM).
     */
    private static void record(List<String> command, Path probe) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PROBE_FILE", probe.toString());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(probe)) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("the probe agent did not start: " + String.join(" ", command));
                }
                Thread.sleep(10);
            }
            Thread.sleep(SUPERVISED_MS);
        } finally {
            List<ProcessHandle> agent = p.descendants().toList(); // before the loader exits and they are re-parented
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            agent.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
