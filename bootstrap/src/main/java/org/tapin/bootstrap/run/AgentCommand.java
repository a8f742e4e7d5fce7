package org.tapin.bootstrap.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.tapin.bootstrap.pkg.FileEntry;
import org.tapin.bootstrap.pkg.Manifest;

/**
 * The command line that starts an installed agent: this JVM's {@code java}, the slot's jars named one by one
 * from the signed manifest (no wildcard, so nothing unlisted can join the class path), the manifest's main
 * class. The agent runs on the same Java the loader checked the package's Java range against.
 */
public record AgentCommand(Path java) {

    /** The environment variable naming the file an agent creates once it is healthy (loader protocol 1). */
    public static final String HEALTH_FILE_ENV = "TAPIN_HEALTH_FILE";
    public static final String SELF_TEST = "--self-test";

    public static AgentCommand currentJvm() {
        return new AgentCommand(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    public List<String> command(Path slot, Manifest manifest, String... args) {
        String classPath = manifest.files().stream()
                .map(FileEntry::path)
                .filter(p -> p.endsWith(".jar"))
                .map(p -> slot.resolve(p).toString())
                .collect(Collectors.joining(":"));
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", classPath, manifest.mainClass()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
