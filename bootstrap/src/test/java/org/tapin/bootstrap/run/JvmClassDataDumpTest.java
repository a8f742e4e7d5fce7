package org.tapin.bootstrap.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.bootstrap.pkg.KeyFiles;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.pkg.PackageBuilder;
import org.tapin.bootstrap.pkg.Requirements;
import org.tapin.bootstrap.pkg.Version;
import org.tapin.bootstrap.slot.SlotArchive;

/** The slot's class-data archive with the real JVM: made from the package's class list, and then mapped by the agent. */
class JvmClassDataDumpTest {
    @TempDir
    Path dir;

    private final JvmClassDataDump dump = new JvmClassDataDump(AgentCommand.currentJvm().java(), Duration.ofSeconds(120));

    /** A slot as an install leaves it: the tiny agent, optionally the class list, and the signed manifest. */
    private Manifest slot(Path slot, boolean withClassList) throws Exception {
        TinyAgent.writeAgent(slot, "1.0", TinyAgent.Behaviour.GOOD, false);
        if (withClassList) {
            Path list = slot.resolve(SlotArchive.CLASS_LIST);
            Files.createDirectories(list.getParent());
            Files.writeString(list, "java/lang/Object\njava/lang/String\norg/example/Agent\n", StandardCharsets.US_ASCII);
        }
        KeyFiles.generate(dir.resolve("k"), dir.resolve("k.pub"));
        return PackageBuilder.build(slot, KeyFiles.readPrivate(dir.resolve("k")), Version.parse("1.0"),
                Instant.now().plusSeconds(60), new Requirements(List.of("any"), 17, 99, 1), TinyAgent.MAIN,
                dir.resolve("agent.pkg"));
    }

    private static boolean namesArchive(List<String> command) {
        return command.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile="));
    }

    @Test
    void archiveIsMadeBesideTheSlotAndTheAgentLoadsItsClassesFromIt() throws Exception {
        Path slot = dir.resolve("a");
        Manifest m = slot(slot, true);

        assertThat(dump.failure(slot, m)).isEmpty();
        assertThat(SlotArchive.of(slot)).isRegularFile().hasParent(dir);
        assertThat(dir.resolve("a.jsa.tmp")).doesNotExist();

        List<String> command = new ArrayList<>(AgentCommand.currentJvm().command(slot, m, AgentCommand.SELF_TEST));
        assertThat(command).contains("-XX:SharedArchiveFile=" + SlotArchive.of(slot));
        command.add(1, "-Xlog:class+load=info");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("org.example.Agent source: shared objects file");
    }

    @Test
    void noArchiveMeansNoFlag() throws Exception {
        Path slot = dir.resolve("a");
        Manifest m = slot(slot, true);

        assertThat(SlotArchive.of(slot)).doesNotExist();
        assertThat(namesArchive(AgentCommand.currentJvm().command(slot, m))).isFalse();
    }

    @Test
    void anArchiveOlderThanAJarOfTheSlotIsNotUsed() throws Exception {
        Path slot = dir.resolve("a");
        Manifest m = slot(slot, true);
        assertThat(dump.failure(slot, m)).isEmpty();
        assertThat(namesArchive(AgentCommand.currentJvm().command(slot, m))).isTrue();

        Files.setLastModifiedTime(slot.resolve("lib/agent.jar"), FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(namesArchive(AgentCommand.currentJvm().command(slot, m))).isFalse();
    }

    @Test
    void anArchiveOthersCouldHaveWrittenIsNotUsed() throws Exception {
        Path slot = dir.resolve("a");
        Manifest m = slot(slot, true);
        assertThat(dump.failure(slot, m)).isEmpty();

        Files.setPosixFilePermissions(SlotArchive.of(slot), java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));

        assertThat(namesArchive(AgentCommand.currentJvm().command(slot, m))).isFalse();
    }

    @Test
    void aPackageWithoutAClassListGetsNoArchiveAndNoError() throws Exception {
        Path slot = dir.resolve("a");
        Manifest m = slot(slot, false);

        assertThat(dump.failure(slot, m)).isEmpty();
        assertThat(SlotArchive.of(slot)).doesNotExist();
    }

    @Test
    void aDumpThatFailsLeavesNoArchiveAndSaysWhy() throws Exception {
        Path slot = dir.resolve("a");
        Manifest m = slot(slot, true);
        // A java that cannot be started stands for any dump that fails: a full disk, a broken JDK.
        JvmClassDataDump failing = new JvmClassDataDump(dir.resolve("no-such-java"), Duration.ofSeconds(30));

        assertThat(failing.failure(slot, m)).isPresent();
        assertThat(SlotArchive.of(slot)).doesNotExist();
        assertThat(namesArchive(AgentCommand.currentJvm().command(slot, m))).isFalse();
    }

    @Test
    void aDumpThatExitsWithAnErrorSaysItWasTheDumpAndWhy() throws Exception {
        Path slot = dir.resolve("a");
        Manifest m = slot(slot, true);
        // A JVM that starts but cannot write the archive, as on a full disk.
        Path java = Files.writeString(dir.resolve("java"), """
                #!/bin/sh
                echo "Error occurred during initialization of VM"
                echo "java.lang.InternalError: cannot write archive: No space left on device"
                exit 1
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));

        assertThat(new JvmClassDataDump(java, Duration.ofSeconds(30)).failure(slot, m))
                .contains("class-data dump exit code 1: java.lang.InternalError: cannot write archive: No space left on device");
        assertThat(SlotArchive.of(slot)).doesNotExist();
    }
}
