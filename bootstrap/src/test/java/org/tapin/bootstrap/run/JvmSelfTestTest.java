package org.tapin.bootstrap.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.bootstrap.pkg.KeyFiles;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.pkg.PackageBuilder;
import org.tapin.bootstrap.pkg.Requirements;
import org.tapin.bootstrap.pkg.Version;

/** The self-test with the real JVM against real builds of the tiny agent. */
class JvmSelfTestTest {
    @TempDir
    Path dir;

    private Optional<String> selfTest(TinyAgent.Behaviour b, boolean newerJava, AgentCommand command,
            Duration timeout) throws Exception {
        Path slot = Files.createDirectories(dir.resolve(b + "-" + newerJava));
        TinyAgent.writeAgent(slot, "1.0", b, newerJava);
        if (!Files.exists(dir.resolve("k"))) {
            KeyFiles.generate(dir.resolve("k"), dir.resolve("k.pub"));
        }
        Manifest m = PackageBuilder.build(slot, KeyFiles.readPrivate(dir.resolve("k")), Version.parse("1.0"),
                Instant.now().plusSeconds(60), new Requirements(List.of("any"), 17, 99, 1), TinyAgent.MAIN,
                dir.resolve(b + ".pkg"));
        return new JvmSelfTest(command, timeout).failure(slot, m);
    }

    @Test
    void goodBuildPasses() throws Exception {
        assertThat(selfTest(TinyAgent.Behaviour.GOOD, false, AgentCommand.currentJvm(), Duration.ofSeconds(30)))
                .isEmpty();
    }

    @Test
    void failingSelfTestGivesTheAgentsOwnLine() throws Exception {
        assertThat(selfTest(TinyAgent.Behaviour.SELF_TEST_FAILS, false, AgentCommand.currentJvm(),
                Duration.ofSeconds(30)))
                .contains("exit code 1: self-test: reader library libpcsclite.so.1 not found");
    }

    @Test
    void classFileTooNewForThisJvmIsCaught() throws Exception {
        assertThat(selfTest(TinyAgent.Behaviour.GOOD, true, AgentCommand.currentJvm(), Duration.ofSeconds(30)))
                .hasValueSatisfying(line -> assertThat(line)
                        .startsWith("exit code 1: java.lang.UnsupportedClassVersionError: org/example/Agent has "
                                + "been compiled by a more recent version of the Java Runtime"));
    }

    @Test
    void hangingSelfTestIsStoppedAtTheTimeout() throws Exception {
        long start = System.nanoTime();
        assertThat(selfTest(TinyAgent.Behaviour.SELF_TEST_HANGS, false, AgentCommand.currentJvm(),
                Duration.ofSeconds(2))).contains("did not finish within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void missingJavaIsAFailureNotACrash() throws Exception {
        assertThat(selfTest(TinyAgent.Behaviour.GOOD, false, new AgentCommand(dir.resolve("no-java")),
                Duration.ofSeconds(5)))
                .hasValueSatisfying(line -> assertThat(line).startsWith("could not start " + dir.resolve("no-java")));
    }
}
