package org.tapin.agent.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's durable, bounded audit queue: events are appended to JSON-lines segment files and fsync'd
 * before {@link #append} returns, read back in order by the shipper, and dropped from disk once the
 * appliance acknowledged them ({@link #acknowledge}, an atomically replaced pointer file).
 *
 * <p>Written by hand on purpose: the queue libraries on Central are either abandoned betas (tape) or far
 * heavier than a few hundred events a day need (Chronicle). The properties that matter are few and tested:
 * a torn last line after power loss is skipped, a restart resumes after the last acknowledged event, the
 * total size is capped (the oldest segments are replaced by one summary event rather than the agent stopping),
 * and a full disk keeps events in a bounded memory buffer until writing works again.
 */
public final class AuditJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Audit");
    private static final String ACKED = "acked";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final Path dir;
    private final long segmentBytes;
    private final long maxBytes;
    private final int maxPendingInMemory;
    private final Clock clock;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final List<AuditEvent> unwritten = new ArrayList<>();
    private long nextSequence;
    private long acked;
    private long droppedInMemory;
    private FileChannel open;
    private long openFirstSequence = -1;

    public AuditJournal(Path dir, long segmentBytes, long maxBytes, int maxPendingInMemory, Clock clock) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.maxBytes = maxBytes;
        this.maxPendingInMemory = maxPendingInMemory;
        this.clock = clock;
        Files.createDirectories(dir);
        recover();
    }

    public static AuditJournal open(Path dir) throws IOException {
        return new AuditJournal(dir, 256 * 1024, 8L * 1024 * 1024, 10_000, Clock.systemUTC());
    }

    /** Records an event durably (or, while the disk refuses, in memory) and returns it with its id. */
    public AuditEvent append(String type, String user, String detail) {
        return append(UUID.randomUUID().toString(), clock.instant(), type, user, detail);
    }

    /**
     * Records an event that already has its id and time (one another process reported): journalled twice, it is
     * still one event, since the appliance stores each id once.
     */
    public synchronized AuditEvent append(String id, java.time.Instant time, String type, String user, String detail) {
        AuditEvent event = new AuditEvent(nextSequence++, id, time, type,
                user == null ? "" : user, detail == null ? "" : detail);
        if (!unwritten.isEmpty()) {
            flushUnwritten();
        }
        if (unwritten.isEmpty()) {
            try {
                write(event);
                enforceCap();
                return event;
            } catch (IOException e) {
                LOG.error("audit journal cannot write ({}); keeping events in memory until it can", e.getMessage());
            }
        }
        keepInMemory(event);
        return event;
    }

    /** Up to {@code max} events not yet acknowledged, oldest first. */
    public synchronized List<AuditEvent> pending(int max) {
        List<AuditEvent> events = new ArrayList<>();
        for (Path segment : segments.values()) {
            List<AuditEvent> stored;
            try {
                stored = readSegment(segment);
            } catch (IOException e) {
                LOG.warn("audit journal {} unreadable for now: {}", segment.getFileName(), e.getMessage());
                continue; // kept on disk; sent once it can be read again
            }
            for (AuditEvent event : stored) {
                if (event.sequence() > acked && events.size() < max) {
                    events.add(event);
                }
            }
            if (events.size() >= max) {
                return events;
            }
        }
        for (AuditEvent event : unwritten) {
            if (events.size() < max) {
                events.add(event);
            }
        }
        return events;
    }

    /** How many events wait for the appliance (for status displays and the support bundle). */
    public synchronized long size() {
        return nextSequence - 1 - acked;
    }

    /** The appliance stored every event up to {@code sequence}: they are never sent again. */
    public synchronized void acknowledge(long sequence) throws IOException {
        if (sequence <= acked) {
            return;
        }
        Path tmp = dir.resolve(ACKED + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(Long.toString(sequence).getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(tmp, dir.resolve(ACKED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        acked = sequence;
        deleteAcknowledgedSegments();
    }

    @Override
    public synchronized void close() throws IOException {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    private void recover() throws IOException {
        Path ackFile = dir.resolve(ACKED);
        if (Files.exists(ackFile)) {
            try {
                acked = Long.parseLong(Files.readString(ackFile, StandardCharsets.US_ASCII).trim());
            } catch (NumberFormatException e) {
                LOG.error("audit journal: unreadable acknowledgement pointer; resending from the oldest kept event");
                acked = 0;
            }
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "audit-*.jsonl")) {
            for (Path segment : stream) {
                String name = segment.getFileName().toString();
                segments.put(Long.parseLong(name.substring(6, name.length() - 6)), segment);
            }
        }
        if (!segments.isEmpty()) {
            repairTail(segments.lastEntry().getValue());
        }
        long last = acked;
        for (Path segment : segments.values()) {
            for (AuditEvent event : readSegment(segment)) {
                last = Math.max(last, event.sequence());
            }
        }
        nextSequence = last + 1;
        deleteAcknowledgedSegments();
    }

    /** Cuts a line that power loss left without its newline, so the next append starts on a line of its own. */
    private static void repairTail(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                LOG.warn("audit journal {}: cut {} bytes of a line interrupted by a crash", segment.getFileName(), size - keep);
                channel.truncate(keep);
                channel.force(true);
            }
        }
    }

    /** A line cut short by power loss (no newline, or not JSON) is skipped: the event was never acknowledged to anyone. */
    private static List<AuditEvent> readSegment(Path segment) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        byte[] bytes = Files.readAllBytes(segment);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                try {
                    events.add(JSON.readValue(bytes, start, i - start, AuditEvent.class));
                } catch (IOException torn) {
                    LOG.warn("audit journal {}: skipped a damaged line", segment.getFileName());
                }
                start = i + 1;
            }
        }
        return events;
    }

    private void write(AuditEvent event) throws IOException {
        byte[] line = line(event);
        if (open == null || open.size() + line.length > segmentBytes) {
            rollSegment(event.sequence());
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        long before = open.size();
        try {
            while (buffer.hasRemaining()) {
                open.write(buffer);
            }
            open.force(false);
        } catch (IOException e) {
            open.truncate(before); // no half line left behind for the next append to glue onto
            throw e;
        }
    }

    private static byte[] line(AuditEvent event) throws JsonProcessingException {
        byte[] json = JSON.writeValueAsBytes(event);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    private void rollSegment(long firstSequence) throws IOException {
        if (open != null) {
            open.close();
        }
        Path segment = dir.resolve(String.format("audit-%016d.jsonl", firstSequence));
        open = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        openFirstSequence = firstSequence;
        segments.put(firstSequence, segment);
        forceDirectory();
    }

    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync {}: {}", dir, e.getMessage());
        }
    }

    /** Over the cap: the oldest closed segments go, and one summary event says what went. */
    private void enforceCap() throws IOException {
        while (totalBytes() > maxBytes && segments.size() > 1) {
            Long oldest = segments.firstKey();
            if (oldest == openFirstSequence) {
                return;
            }
            Path segment = segments.remove(oldest);
            List<AuditEvent> lost = readSegment(segment);
            Files.deleteIfExists(segment);
            List<AuditEvent> unsent = lost.stream().filter(e -> e.sequence() > acked).toList();
            if (!unsent.isEmpty()) {
                String summary = unsent.size() + " audit events from " + unsent.get(0).time() + " to "
                        + unsent.get(unsent.size() - 1).time() + " were dropped: the queue reached its size cap";
                LOG.error(summary);
                write(new AuditEvent(nextSequence++, UUID.randomUUID().toString(), clock.instant(), "audit-dropped",
                        "", summary));
            }
        }
    }

    private long totalBytes() throws IOException {
        long total = 0;
        for (Path segment : segments.values()) {
            total += Files.size(segment);
        }
        return total;
    }

    private void keepInMemory(AuditEvent event) {
        if (unwritten.size() >= maxPendingInMemory) {
            unwritten.remove(0);
            droppedInMemory++;
        }
        unwritten.add(event);
    }

    private void flushUnwritten() {
        try {
            if (droppedInMemory > 0) {
                write(new AuditEvent(nextSequence++, UUID.randomUUID().toString(), clock.instant(), "audit-dropped", "",
                        droppedInMemory + " audit events were dropped while the disk refused writes"));
                droppedInMemory = 0;
            }
            while (!unwritten.isEmpty()) {
                write(unwritten.get(0));
                unwritten.remove(0);
            }
        } catch (IOException e) {
            LOG.debug("audit journal still cannot write: {}", e.getMessage());
        }
    }

    private void deleteAcknowledgedSegments() throws IOException {
        // A segment can go when the next one starts at or before the first unacknowledged event.
        List<Long> starts = new ArrayList<>(segments.keySet());
        for (int i = 0; i + 1 < starts.size(); i++) {
            if (starts.get(i + 1) <= acked + 1 && starts.get(i) != openFirstSequence) {
                Files.deleteIfExists(segments.remove(starts.get(i)));
            }
        }
    }
}
