package org.tapin.bootstrap.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tapin.bootstrap.pkg.FileEntry;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.slot.SlotArchive;

/**
 * The command line that starts an installed agent: this JVM's {@code java}, the slot's jars named one by one
 * from the signed manifest (no wildcard, so nothing unlisted can join the class path), the manifest's main
 * class. The agent runs on the same Java the loader checked the package's Java range against.
 */
public record AgentCommand(Path java, Map<String, String> environment) {

    /** The environment variable naming the file an agent creates once it is healthy (loader protocol 1). */
    public static final String HEALTH_FILE_ENV = "TAPIN_HEALTH_FILE";
    public static final String SELF_TEST = "--self-test";

    /** The environment variable naming the Imprivata.conf the agent reads: the loader's own (loader protocol 1). */
    public static final String CONFIG_ENV = "TAPIN_CONFIG";

    /*
     * Updates (loader protocol 1, later additions an agent may ignore): the running version, the folder where the
     * agent drops a package it fetched from the appliance, the versions the loader will not take again, the file
     * the agent keeps fresh while the endpoint is idle at the lock (the only time the loader switches versions),
     * and the folder of the loader's reports (installed, refused, rolled back) for the agent to audit.
     */
    public static final String VERSION_ENV = "TAPIN_AGENT_VERSION";
    public static final String INBOX_ENV = "TAPIN_LOADER_INBOX";
    public static final String QUARANTINED_ENV = "TAPIN_QUARANTINED";
    public static final String IDLE_FILE_ENV = "TAPIN_IDLE_FILE";
    public static final String REPORTS_ENV = "TAPIN_LOADER_REPORTS";

    public AgentCommand {
        environment = Map.copyOf(environment);
    }

    public AgentCommand(Path java) {
        this(java, Map.of());
    }

    public static AgentCommand currentJvm() {
        return new AgentCommand(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** The same command, telling the agent to read the loader's configuration file. */
    public AgentCommand withConfig(Path configFile) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(CONFIG_ENV, configFile.toAbsolutePath().toString());
        return new AgentCommand(java, env);
    }

    /** A process builder for {@code command}, with this command's environment added to the loader's. */
    public ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        return pb;
    }

    /**
     * The agent's JVM as the {@code tapin} launcher starts it: C1 only, a small serial heap that shrinks back after
     * a collection, the JDK's CDS archive. Without them the JVM sizes its heap from the machine's memory and the
     * agent grew to about 195 MiB over a half-hour of taps, where it needs about 75. No perf data: nobody reads
     * the hsperfdata counters on an endpoint, and sampling them wakes the JVM twenty times a second.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-Xshare:auto", "-Xms16m", "-Xmx128m", "-XX:MaxHeapFreeRatio=20", "-XX:MinHeapFreeRatio=10");

    public List<String> command(Path slot, Manifest manifest, String... args) {
        List<Path> jars = jars(slot, manifest);
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(JVM_OPTIONS);
        // The slot's class-data archive, made at install for exactly this class path; a missing one is never
        // named: in JDK 17 that would turn off the JDK's own archive too.
        if (SlotArchive.usable(slot, jars)) {
            cmd.addAll(List.of("-XX:SharedArchiveFile=" + SlotArchive.of(slot), "-Xlog:cds*=error"));
        }
        cmd.addAll(List.of("-cp", classPath(jars), manifest.mainClass()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The slot's jars in the manifest's order: the agent's class path, and the one its archive is made for. */
    static List<Path> jars(Path slot, Manifest manifest) {
        return manifest.files().stream()
                .map(FileEntry::path)
                .filter(p -> p.endsWith(".jar"))
                .map(slot::resolve)
                .toList();
    }

    static String classPath(List<Path> jars) {
        return jars.stream().map(Path::toString).collect(Collectors.joining(":"));
    }
}
