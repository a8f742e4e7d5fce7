package org.tapin.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which class-data archive the overlay's JVM is given: the build's while it is current, else the cache's. */
class OverlayCommandTest {

    @TempDir
    Path dir;

    @Test
    void usesTheArchiveBuiltBesideTheJarWhileItIsNewerThanTheJar() throws Exception {
        Path jar = file("tapin-lockscreen.jar", 1_000);
        Path built = file("tapin-lockscreen.jsa", 2_000);

        List<String> line = command(jar).line();

        assertThat(line).contains("-XX:SharedArchiveFile=" + built).noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
        assertThat(line.indexOf("-XX:SharedArchiveFile=" + built)).isLessThan(line.indexOf("-jar"));
    }

    @Test
    void aJarRebuiltAfterItsArchiveFallsBackToTheCacheArchive() throws Exception {
        Path jar = file("tapin-lockscreen.jar", 2_000);
        Path stale = file("tapin-lockscreen.jsa", 1_000);

        List<String> line = command(jar).line();

        assertThat(line).noneMatch(a -> a.contains(stale.toString()))
                .anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + dir.resolve("cache")));
    }

    @Test
    void withoutABuiltArchiveTheFirstOverlayWritesOneIntoTheCacheAndTheNextMapsIt() throws Exception {
        Path jar = file("tapin-lockscreen.jar", 1_000);

        List<String> first = command(jar).line();
        String written = first.stream().filter(a -> a.startsWith("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow()
                .substring("-XX:ArchiveClassesAtExit=".length());
        Files.writeString(Path.of(written), "archive");
        List<String> next = command(jar).line();

        assertThat(next).contains("-XX:SharedArchiveFile=" + written);
    }

    private OverlayCommand command(Path jar) {
        return new OverlayCommand("java", jar, dir.resolve("cache"), List.of("--title", "Ward 3"));
    }

    private Path file(String name, long epochSecond) throws Exception {
        Path file = Files.writeString(dir.resolve(name), name);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(epochSecond)));
        return file;
    }
}
