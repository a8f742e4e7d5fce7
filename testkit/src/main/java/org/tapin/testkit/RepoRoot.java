package org.tapin.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's top folder, where {@code tools/} lives, from any module's working directory. */
public final class RepoRoot {
    private static final Path ROOT = locate();

    private RepoRoot() {}

    public static Path path() {
        return ROOT;
    }

    /** A script under {@code tools/}, checked to exist so that a typo fails loudly, not as "command not found". */
    public static Path tool(String name) {
        Path tool = ROOT.resolve("tools").resolve(name);
        if (!Files.isRegularFile(tool)) {
            throw new IllegalStateException("no such harness script: " + tool);
        }
        return tool;
    }

    private static Path locate() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("tools")) && Files.isRegularFile(p.resolve(".ci/run"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the tapin repository (tools/ and .ci/run) above " + dir);
    }
}
