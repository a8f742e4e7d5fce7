package org.tapin.agent.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFileCheckTest {

    @TempDir
    Path dir;

    private final ClassFileCheck java17 = new ClassFileCheck(17);

    @Test
    void classFilesOfThisBuildFit() throws Exception {
        Path jar = jar("good.jar", Map.of("a/A.class", realClass(), "a/B.class", realClass(), "README", "x".getBytes()));
        int[] classes = {0};
        assertThat(java17.problem(jar, classes)).isEmpty();
        assertThat(classes[0]).isEqualTo(2);
    }

    @Test
    void aClassThatIsNotAClassFileIsTheBadMagicNumber() throws Exception {
        Path jar = jar("broken.jar", Map.of("a/MainLoader.class", "#!/usr/bin/python3\n".getBytes()));
        assertThat(java17.problem(jar, new int[1])).hasValue("broken.jar!a/MainLoader.class: bad magic number 0x23212F75");
    }

    @Test
    void aClassBuiltForANewerJavaIsNamedWithTheJavaItNeeds() throws Exception {
        byte[] java21 = realClass();
        java21[6] = 0;
        java21[7] = 65;
        Path jar = jar("newer.jar", Map.of("a/A.class", java21));
        assertThat(java17.problem(jar, new int[1])).hasValue("newer.jar!a/A.class: class file version 65 needs Java 21, this is Java 17");
    }

    @Test
    void multiReleaseEntriesForNewerJavasAreSkippedAsTheJvmSkipsThem() throws Exception {
        byte[] java21 = realClass();
        java21[7] = 65;
        Path jar = jar("mr.jar", Map.of("META-INF/versions/21/a/A.class", java21, "META-INF/versions/11/a/A.class", realClass()));
        int[] classes = {0};
        assertThat(java17.problem(jar, classes)).isEmpty();
        assertThat(classes[0]).isEqualTo(1);
    }

    @Test
    void truncatedClassesAndUnreadableJarsAreProblemsNotExceptions() throws Exception {
        assertThat(java17.problem(jar("short.jar", Map.of("A.class", new byte[] {(byte) 0xCA, (byte) 0xFE})), new int[1]))
                .hasValue("short.jar!A.class: truncated class file");
        Path notAJar = Files.writeString(dir.resolve("not.jar"), "plain text");
        assertThat(java17.problem(notAJar, new int[1])).get().asString().startsWith("not.jar: not a readable jar");
    }

    private static byte[] realClass() throws IOException {
        try (InputStream in = ClassFileCheck.class.getResourceAsStream("ClassFileCheck.class")) {
            return in.readAllBytes();
        }
    }

    private Path jar(String name, Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }
}
