package org.tapin.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tapin.testkit.RepoRoot;

/**
 * The loader's JVM as the Debian launcher (packaging/deb/src/deb/tapin-bootstrap) starts it: the same options,
 * and the class-data archive beside the jar only while it is newer than the jar. Kept here in one place so the
 * benchmark measures the loader as endpoints run it, and says which options that was.
 */
record LoaderLaunch(Path jar, boolean useArchive) {

    /** The launcher's own options, the archive aside. */
    static final List<String> JVM_OPTIONS = List.of("-Xshare:auto", "-Xmx64m", "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.SHA2::implCompress,0.01");

    static LoaderLaunch built(boolean useArchive) {
        return new LoaderLaunch(RepoRoot.path().resolve("bootstrap/target/tapin-bootstrap.jar"), useArchive);
    }

    Path archive() {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
    }

    /** The archive when asked for and fresh, the launcher's test: {@code [ jsa -nt jar ]}. */
    boolean archiveUsable() throws java.io.IOException {
        return useArchive && Files.isRegularFile(archive())
                && Files.getLastModifiedTime(archive()).compareTo(Files.getLastModifiedTime(jar)) > 0;
    }

    /** {@code java OPTIONS -jar tapin-bootstrap.jar}: the loader's arguments follow. */
    List<String> java() throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of("java"));
        cmd.addAll(jvmOptions());
        cmd.addAll(List.of("-jar", jar.toString()));
        return cmd;
    }

    List<String> jvmOptions() throws java.io.IOException {
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        if (archiveUsable()) {
            options.addAll(List.of("-XX:SharedArchiveFile=" + archive(), "-Xlog:cds*=error"));
        }
        return options;
    }
}
