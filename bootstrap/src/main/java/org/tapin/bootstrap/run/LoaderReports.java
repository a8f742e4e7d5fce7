package org.tapin.bootstrap.run;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.tapin.bootstrap.log.BootLog;
import org.tapin.bootstrap.slot.Durable;

/**
 * What the loader did that the appliance's audit trail must show (a version installed, refused, rolled back).
 * The loader has no credential of its own, so it leaves one small file per event in {@code reports/}; the agent
 * that runs next journals it (durably, under the report's id, so a report read twice is still one event) and
 * deletes it. Each file is a {@link Properties} text: {@code id}, {@code time}, {@code type}, {@code version},
 * {@code detail}. Written whole under a temporary name and renamed, so the agent never reads half a report;
 * bounded, so an agent that never collects them cannot fill the disk.
 */
public final class LoaderReports {
    public static final String SUFFIX = ".report";
    static final int MAX_FILES = 200;

    private final Path folder;
    private final Clock clock;

    public LoaderReports(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /**
     * Writes a report, or says in the log why the appliance will not hear of it: a report that cannot be written
     * never stops the loader from starting or keeping an agent.
     */
    public void writeOrLog(String type, String version, String detail, BootLog log) {
        try {
            if (!write(type, version, detail)) {
                log.warn("Report folder full: not reported to the appliance: " + detail);
            }
        } catch (IOException e) {
            log.warn("Could not leave a report for the appliance (" + e.getMessage() + "): " + detail);
        }
    }

    /** Writes a report; false (and nothing written) when the folder already holds {@link #MAX_FILES}. */
    public boolean write(String type, String version, String detail) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(folder)) {
            if (files.filter(f -> f.toString().endsWith(SUFFIX)).count() >= MAX_FILES) {
                return false;
            }
        }
        Properties p = new Properties();
        String id = UUID.randomUUID().toString();
        p.setProperty("id", id);
        p.setProperty("time", clock.instant().toString());
        p.setProperty("type", type);
        p.setProperty("version", version);
        p.setProperty("detail", detail);
        StringWriter text = new StringWriter();
        p.store(text, null);
        Path tmp = folder.resolve(id + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1)));
            ch.force(true);
        }
        Files.move(tmp, folder.resolve(clock.millis() + "-" + id + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
        Durable.syncFolder(folder);
        return true;
    }
}
