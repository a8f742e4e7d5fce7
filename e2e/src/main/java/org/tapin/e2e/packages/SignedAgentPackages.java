package org.tapin.e2e.packages;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.tapin.bootstrap.pkg.KeyFiles;
import org.tapin.bootstrap.pkg.PackageBuilder;
import org.tapin.bootstrap.pkg.Requirements;
import org.tapin.bootstrap.pkg.Version;
import org.tapin.bootstrap.slot.SlotArchive;
import org.tapin.testkit.RepoRoot;

/**
 * Agent packages as a site builds them ({@code tapin-bootstrap package}): this tree's agent, overlay and libraries,
 * signed with a key made for the test, whose public half is in {@link #trustedKeys()} for the loader.
 */
public final class SignedAgentPackages {
    public static final String AGENT_MAIN = "org.tapin.agent.loader.LoaderEntry";

    private final Path dir;
    private final Path privateKey;
    private final Path trustedKeys;

    public SignedAgentPackages(Path dir) throws IOException, GeneralSecurityException {
        this.dir = Files.createDirectories(dir);
        this.trustedKeys = Files.createDirectories(dir.resolve("trusted-keys"));
        this.privateKey = dir.resolve("site.key");
        KeyFiles.generate(privateKey, trustedKeys.resolve("site.pub"));
    }

    public Path trustedKeys() {
        return trustedKeys;
    }

    /** The real agent as version {@code version}. */
    public Path realAgent(String version) throws Exception {
        return sign(agentFiles("agent-" + version), version, AGENT_MAIN);
    }

    /**
     * The real agent's files with a main class that passes the self-test and then dies at every start, as a
     * version that cannot open its display would: only probation can catch it.
     */
    public Path crashingAgent(String version) throws Exception {
        return withMain(version, "org.example.CrashingAgent", """
                package org.example;
                public class CrashingAgent {
                    public static void main(String[] args) {
                        if (args.length == 1 && args[0].equals("--self-test")) {
                            System.exit(0);
                        }
                        System.err.println("cannot open display :0");
                        System.exit(3);
                    }
                }
                """);
    }

    /** The real agent's files, and one more jar holding {@code mainClass} compiled from {@code source}, its main. */
    public Path withMain(String version, String mainClass, String source) throws Exception {
        Path files = agentFiles("main-" + version);
        writeJar(files.resolve("lib/main.jar"), mainClass, source);
        return sign(files, version, mainClass);
    }

    private Path sign(Path files, String version, String main) throws Exception {
        Path pkg = dir.resolve("tapin-agent-" + version + ".pkg");
        PackageBuilder.build(files, KeyFiles.readPrivate(privateKey), Version.parse(version),
                Instant.now().plus(Duration.ofDays(1)), new Requirements(List.of("any"), 17, 99, 1), main, pkg);
        return pkg;
    }

    /**
     * The files an agent package holds, as the build made them: jars at the top, libraries in lib/, and the agent's
     * class list in cds/ (the loader dumps the slot's class-data archive from it).
     */
    private Path agentFiles(String name) throws IOException {
        Path build = Files.createDirectories(dir.resolve(name).resolve("lib"));
        Path root = RepoRoot.path();
        Files.copy(root.resolve("agent/target/tapin-agent.jar"), build.resolveSibling("tapin-agent.jar"));
        Files.copy(root.resolve("lockscreen/target/tapin-lockscreen.jar"), build.resolveSibling("tapin-lockscreen.jar"));
        Path classList = build.resolveSibling(SlotArchive.CLASS_LIST);
        Files.createDirectories(classList.getParent());
        Files.copy(root.resolve("agent/src/main/cds/tapin-agent.classlist"), classList);
        try (Stream<Path> libraries = Files.list(root.resolve("packaging/deb/target/lib"))) {
            for (Path jar : libraries.toList()) {
                Files.copy(jar, build.resolve(jar.getFileName()));
            }
        }
        return build.getParent();
    }

    private static void writeJar(Path jar, String className, String source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream clazz = new java.io.ByteArrayOutputStream();
        var files = new javax.tools.ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            @Override
            public javax.tools.JavaFileObject getJavaFileForOutput(Location location, String name,
                    javax.tools.JavaFileObject.Kind kind, javax.tools.FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public java.io.OutputStream openOutputStream() {
                        return clazz;
                    }
                };
            }
        };
        var unit = new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/') + ".java"),
                javax.tools.JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        if (!javac.getTask(null, files, null, List.of("--release", "17"), null, List.of(unit)).call()) {
            throw new IllegalStateException("cannot compile " + className);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(className.replace('.', '/') + ".class"));
            out.write(clazz.toByteArray());
            out.closeEntry();
        }
    }
}
