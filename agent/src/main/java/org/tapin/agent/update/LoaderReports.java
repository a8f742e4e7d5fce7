package org.tapin.agent.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.audit.AuditJournal;

/**
 * Turns the loader's reports (a version installed, refused, rolled back) into audit events: each is journalled
 * durably under the report's own id and time, then deleted. A crash in between journals it again under the same
 * id, which the appliance stores once, so a report is never lost and never counted twice.
 */
final class LoaderReports {
    private static final Logger LOG = LoggerFactory.getLogger("Agent.Update");
    private static final String SUFFIX = ".report";
    private static final int MAX_BYTES = 16 * 1024;

    private final Path folder;
    private final AuditJournal journal;

    LoaderReports(Path folder, AuditJournal journal) {
        this.folder = folder;
        this.journal = journal;
    }

    /** Journals and removes every report; returns how many. */
    int collect() {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot read the loader's reports in {}: {}", folder, e.getMessage());
            return 0;
        }
        int n = 0;
        for (Path file : files) {
            try {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(new java.io.ByteArrayInputStream(in.readNBytes(MAX_BYTES)));
                }
                String type = p.getProperty("type", "");
                if (!type.startsWith("agent.")) {
                    LOG.warn("ignoring {}: not a loader report", file.getFileName());
                } else {
                    journal.append(p.getProperty("id", file.getFileName().toString()), time(p), type, "",
                            p.getProperty("detail", ""));
                    LOG.info("loader reported {} {}: {}", type, p.getProperty("version", ""), p.getProperty("detail", ""));
                    n++;
                }
                Files.delete(file);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("cannot take the loader's report {}: {}", file.getFileName(), e.getMessage());
            }
        }
        return n;
    }

    private static Instant time(Properties p) {
        try {
            return Instant.parse(p.getProperty("time", ""));
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
