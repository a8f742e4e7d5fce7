package org.tapin.agent.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay's command line, built at each launch. JavaFX starts slowly, and a clinician waits for it after
 * every boot and every overlay restart: an application class-data archive (AppCDS) roughly halves that (see the
 * lock-screen benchmark). The archive built with the jar ({@code tapin-lockscreen.jsa} beside it) is used while it
 * is newer than the jar. Without one, the first overlay writes an archive into the cache when it exits and every
 * later one maps it; that archive's name carries the jar's size and time, so an upgraded overlay writes a fresh
 * one and the JVM is never handed a stale archive (it would ignore it, but never replace it).
 */
final class OverlayCommand {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Overlay");
    /**
     * C1 only and the serial collector: the overlay mostly waits. A small initial heap that shrinks back after a
     * collection keeps its memory near what it uses. CDS chatter (classes it cannot archive) stays out of the log.
     * No perf data: nobody reads the hsperfdata counters, and sampling them wakes the JVM twenty times a second.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-Xms16m", "-Xmx96m", "-XX:MaxHeapFreeRatio=20", "-XX:MinHeapFreeRatio=10", "-Xlog:cds*=error", "-Dprism.order=sw");
    /**
     * GDK may set up OpenGL when it opens the display (seen on the first start with a new cache folder): with Mesa
     * that maps libLLVM and its software rasteriser, about 50 MB of the overlay's memory, for nothing, since the
     * overlay draws in software. GTK 3.16 and later read GDK_GL=disable and never load GL.
     */
    static final Map<String, String> ENVIRONMENT = Map.of("GDK_GL", "disable");

    private final String java;
    private final Path jar;
    private final Path cacheDir;
    private final List<String> arguments;

    OverlayCommand(String java, Path jar, Path cacheDir, List<String> arguments) {
        this.java = java;
        this.jar = jar;
        this.cacheDir = cacheDir;
        this.arguments = List.copyOf(arguments);
    }

    List<String> line() {
        List<String> line = new ArrayList<>(List.of(java));
        line.addAll(JVM_OPTIONS);
        // JavaFX unpacks its native libraries into ~/.openjfx by default; the service's home folder is read-only.
        line.add("-Djavafx.cachedir=" + cacheDir.resolve("javafx"));
        Path built = builtArchive();
        Path archive = built != null ? null : archive();
        if (built != null) {
            line.add("-XX:SharedArchiveFile=" + built);
        } else if (archive != null && Files.isRegularFile(archive)) {
            line.add("-XX:SharedArchiveFile=" + archive);
        } else if (archive != null) {
            line.add("-XX:ArchiveClassesAtExit=" + archive);
        }
        line.add("-jar");
        line.add(jar.toString());
        line.addAll(arguments);
        return line;
    }

    /** The archive the build made beside the jar, if it is newer than the jar (a rebuilt jar outdates it). */
    private Path builtArchive() {
        String name = jar.getFileName().toString();
        if (!name.endsWith(".jar")) {
            return null;
        }
        Path built = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
        try {
            return Files.getLastModifiedTime(built).compareTo(Files.getLastModifiedTime(jar)) > 0 ? built : null;
        } catch (IOException e) {
            return null; // none: the cache's archive serves
        }
    }

    /** The archive for this very jar, removing archives of other builds; null when the cache is unusable. */
    private Path archive() {
        try {
            Files.createDirectories(cacheDir);
            String name = "lockscreen-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + ".jsa";
            try (DirectoryStream<Path> old = Files.newDirectoryStream(cacheDir, "lockscreen-*.jsa")) {
                for (Path stale : old) {
                    if (!stale.getFileName().toString().equals(name)) {
                        Files.deleteIfExists(stale);
                    }
                }
            }
            return cacheDir.resolve(name);
        } catch (IOException e) {
            LOG.warn("no class-data archive for the overlay ({}); it starts more slowly", e.getMessage());
            return null;
        }
    }
}
