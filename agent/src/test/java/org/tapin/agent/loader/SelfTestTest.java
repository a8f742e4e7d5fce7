package org.tapin.agent.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-test over the agent's real libraries and this machine's native libraries. */
class SelfTestTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private SelfTest selfTest;

    @BeforeEach
    void siteConfiguration() throws Exception {
        Path config = Files.writeString(dir.resolve("Imprivata.conf"), "[agent]\ndata-dir = " + dir + "\n");
        selfTest = new SelfTest(new PrintStream(output, true, StandardCharsets.UTF_8), Map.of("TAPIN_CONFIG", config.toString()));
    }

    @Test
    void theAgentsLibrariesNativesAndTheSitesConfigurationPass() throws Exception {
        assertThat(selfTest.run(libraries())).isZero();
        assertThat(output()).containsPattern("class files: \\d{4,} in \\d+ jars fit Java 17")
                .contains("classes link: org.tapin.agent.cli.TapinCommand")
                .contains("native libraries load: jnidispatch, X11, Xrandr, XRes, Xss, libpcsclite.so.1")
                .contains("configuration usable: " + dir.resolve("Imprivata.conf"))
                .endsWith("self-test passed\n");
    }

    @Test
    void aConfigurationThisVersionRefusesFailsTheVersion() throws Exception {
        Files.writeString(dir.resolve("Imprivata.conf"), "[mainloader.SSL]\nReadTimeout = abc\n");
        assertThat(selfTest.run(libraries())).isEqualTo(1);
        assertThat(output()).contains("self-test failed: " + dir.resolve("Imprivata.conf") + " is not usable by this version: "
                + dir.resolve("Imprivata.conf") + ":2: error: [mainloader.SSL] ReadTimeout = \"abc\" is not allowed");
    }

    @Test
    void aDamagedJarFailsWithOneLineNamingIt() throws Exception {
        Path damaged = Files.write(dir.resolve("okio-3.6.0.jar"), new byte[] {'P', 'K', 3, 4, 0, 0});
        assertThat(selfTest.run(libraries() + File.pathSeparator + damaged)).isEqualTo(1);
        assertThat(output()).containsPattern("(?m)^self-test failed: okio-3.6.0.jar: not a readable jar");
    }

    @Test
    void aMissingJarFails() throws Exception {
        assertThat(selfTest.run(dir.resolve("gone.jar").toString())).isEqualTo(1);
        assertThat(output()).isEqualTo("self-test failed: " + dir.resolve("gone.jar") + ": missing\n");
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** The jars of the agent's main libraries, where the build resolved them. */
    private static String libraries() throws Exception {
        return Stream.of(com.sun.jna.Native.class, jnasmartcardio.Smartcardio.class, picocli.CommandLine.class,
                        org.slf4j.Logger.class, ch.qos.logback.classic.Logger.class, okhttp3.OkHttpClient.class,
                        kotlin.Unit.class, com.fasterxml.jackson.databind.ObjectMapper.class)
                .map(SelfTestTest::jarOf).collect(Collectors.joining(File.pathSeparator));
    }

    private static String jarOf(Class<?> type) {
        try {
            String jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            assertThat(jar).endsWith(".jar");
            return jar;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
