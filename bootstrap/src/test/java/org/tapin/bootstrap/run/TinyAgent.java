package org.tapin.bootstrap.run;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * A real, tiny Java agent compiled in the test with javax.tools and packed in a jar: it speaks loader protocol 1
 * (passes {@code --self-test}, creates {@code $TAPIN_HEALTH_FILE} once up) and writes "VERSION PID" to
 * {@code $AGENT_TRACE} at each start, so a test can tell which version runs and whether it was restarted. While
 * it runs it keeps {@code $TAPIN_IDLE_FILE} fresh (idle at the lock) unless the file {@code $AGENT_BUSY} exists.
 */
public final class TinyAgent {
    public enum Behaviour { GOOD, CRASHES_AT_START, HANGS, SELF_TEST_FAILS, SELF_TEST_HANGS }

    public static final String MAIN = "org.example.Agent";

    private TinyAgent() {}

    static String source(String version, Behaviour b) {
        return """
                package org.example;
                import java.nio.file.*;
                public class Agent {
                    public static void main(String[] args) throws Exception {
                        String behaviour = "%s";
                        if (args.length > 0 && args[0].equals("--self-test")) {
                            if (behaviour.equals("SELF_TEST_FAILS")) {
                                System.err.println("self-test: reader library libpcsclite.so.1 not found");
                                System.exit(1);
                            }
                            if (behaviour.equals("SELF_TEST_HANGS")) {
                                Thread.sleep(Long.MAX_VALUE);
                            }
                            System.exit(0);
                        }
                        Files.writeString(Path.of(System.getenv("AGENT_TRACE")),
                                "%s " + ProcessHandle.current().pid() + "\\n",
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        if (behaviour.equals("CRASHES_AT_START")) {
                            throw new IllegalStateException("cannot open display");
                        }
                        if (!behaviour.equals("HANGS")) {
                            Files.writeString(Path.of(System.getenv("TAPIN_HEALTH_FILE")), "ok");
                            String idle = System.getenv("TAPIN_IDLE_FILE");
                            String busy = System.getenv("AGENT_BUSY");
                            Thread idleAtLock = new Thread(() -> {
                                while (idle != null) {
                                    try {
                                        Path f = Path.of(idle);
                                        if (busy != null && Files.exists(Path.of(busy))) {
                                            Files.deleteIfExists(f);
                                        } else {
                                            Files.writeString(f, "");
                                        }
                                        Thread.sleep(300);
                                    } catch (Exception e) {
                                        return;
                                    }
                                }
                            });
                            idleAtLock.setDaemon(true);
                            idleAtLock.start();
                        }
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }
                """.formatted(b.name(), version);
    }

    /**
     * Writes {@code lib/agent.jar} into {@code folder}. With {@code newerJava} the class file claims the next
     * Java version after the running one: what a build made for a newer JVM looks like to this one.
     */
    public static Path writeAgent(Path folder, String version, Behaviour b, boolean newerJava) throws IOException {
        byte[] clazz = compile(source(version, b));
        if (newerJava) {
            int major = Runtime.version().feature() + 45;
            clazz[6] = (byte) (major >> 8);
            clazz[7] = (byte) major;
        }
        Path jar = folder.resolve("lib/agent.jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("org/example/Agent.class"));
            out.write(clazz);
            out.closeEntry();
        }
        return jar;
    }

    private static byte[] compile(String source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path outDir = Files.createTempDirectory("tiny-agent");
        try {
            SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///org/example/Agent.java"),
                    javax.tools.JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            boolean ok = javac.getTask(null, null, null, List.of("--release", "17", "-d", outDir.toString()), null,
                    List.of(file)).call();
            if (!ok) {
                throw new IllegalStateException("tiny agent does not compile");
            }
            return Files.readAllBytes(outDir.resolve("org/example/Agent.class"));
        } finally {
            try (var walk = Files.walk(outDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

}
