package org.tapin.agent.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.loader.LoaderLink;
import org.tapin.agent.session.SessionState;

/**
 * Keeps the endpoint on the agent version its computer policy names, through the loader, and only ever while
 * nobody is using it. The agent knows the two things the loader does not: what the appliance wants (the policy's
 * {@code agentVersion}, fetched with the endpoint's credential) and whether the endpoint is idle at the lock.
 *
 * <ul>
 * <li>Idle at the lock means: the lock is up and nobody has touched keyboard or mouse for {@link #QUIET}. While
 * so, the loader's idle file is touched every second; any other session state removes it at once, so the loader
 * never switches versions under someone who is signing in or signed in.
 * <li>A version that is named, not running, not quarantined by the loader and not yet handed over is downloaded
 * (only while idle at the lock, so a tap never competes with a download) into the loader's inbox under a
 * temporary name and renamed there whole. The loader verifies, self-tests and stages it, and switches at the
 * next idle moment.
 * <li>The loader's reports (installed, refused, rolled back) become audit events ({@link LoaderReports}).
 * </ul>
 */
public final class AgentUpdates implements AutoCloseable {

    /** No input for this long at the lock, and the endpoint counts as idle. */
    public static final Duration QUIET = Duration.ofSeconds(10);
    static final long MAX_PACKAGE_BYTES = 256L * 1024 * 1024;
    static final Duration RETRY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger("Agent.Update");

    /** Fetches a published package from the appliance into a file, at most {@code maxBytes}. */
    public interface Downloader {
        void download(String version, Path target, long maxBytes) throws Exception;
    }

    private final LoaderLink link;
    private final Downloader downloader;
    private final AuditJournal journal;
    private final Supplier<SessionState> state;
    private final Clock clock;
    private final LoaderReports reports;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "update");
        t.setDaemon(true);
        return t;
    });
    private final Object idleLock = new Object();
    private volatile String wanted;
    private String handedOver;
    private boolean fetching;
    private long nextTryMillis;

    /** @param downloader null when no appliance is configured: reports are still journalled */
    public AgentUpdates(LoaderLink link, Downloader downloader, AuditJournal journal, Supplier<SessionState> state,
            Clock clock) {
        this.link = link;
        this.downloader = downloader;
        this.journal = journal;
        this.state = state;
        this.clock = clock;
        this.reports = new LoaderReports(link.reports(), journal);
    }

    public AgentUpdates start() {
        worker.scheduleWithFixedDelay(reports::collect, 0, 5, TimeUnit.SECONDS);
        return this;
    }

    /** The version the computer policy names; null or blank: run whatever is installed. */
    public void policyNames(String version) {
        String v = version == null || version.isBlank() ? null : version.strip();
        if (v != null && !v.equals(wanted) && !v.equals(link.version())) {
            LOG.info("computer policy names agent {} (running {}): installing at the next idle lock", v, link.version());
        }
        wanted = v;
    }

    /** Every second from the idle watch: the session state and, while locked, how long input has been idle. */
    public void tick(SessionState now, Duration inputIdle) {
        boolean idle;
        synchronized (idleLock) {
            idle = now instanceof SessionState.Locked && inputIdle != null && inputIdle.compareTo(QUIET) >= 0
                    && state.get() instanceof SessionState.Locked;
            if (idle) {
                touchIdleFile();
            } else {
                removeIdleFile();
            }
        }
        if (idle) {
            fetchIfWanted();
        }
    }

    /** From the session loop after each transition: anything but the lock ends idleness at once. */
    public void sessionChanged(SessionState now) {
        if (!(now instanceof SessionState.Locked)) {
            synchronized (idleLock) {
                removeIdleFile();
            }
        }
    }

    private void touchIdleFile() {
        try {
            Path f = link.idleFile();
            if (!Files.exists(f)) {
                Files.createFile(f);
            }
            Files.setLastModifiedTime(f, FileTime.fromMillis(clock.millis()));
        } catch (IOException e) {
            LOG.debug("cannot touch {}: {}", link.idleFile(), e.getMessage());
        }
    }

    private void removeIdleFile() {
        try {
            Files.deleteIfExists(link.idleFile());
        } catch (IOException e) {
            LOG.warn("cannot remove {} ({}): the loader may switch versions while the endpoint is in use",
                    link.idleFile(), e.getMessage());
        }
    }

    private synchronized void fetchIfWanted() {
        String v = wanted;
        if (downloader == null || v == null || fetching || v.equals(link.version()) || v.equals(handedOver)
                || clock.millis() < nextTryMillis) {
            return;
        }
        if (link.quarantined().contains(v)) {
            if (!v.equals(handedOver)) {
                LOG.warn("computer policy names agent {}, which the loader rolled back and quarantined: keeping {}",
                        v, link.version());
                handedOver = v;
            }
            return;
        }
        fetching = true;
        worker.execute(() -> fetch(v));
    }

    private void fetch(String version) {
        Path tmp = link.inbox().resolve("." + version + ".download");
        boolean done = false;
        try {
            Files.createDirectories(link.inbox());
            long started = System.nanoTime();
            downloader.download(version, tmp, MAX_PACKAGE_BYTES);
            long bytes = Files.size(tmp);
            Files.move(tmp, link.inbox().resolve(clock.millis() + "-" + version + ".pkg"), StandardCopyOption.ATOMIC_MOVE);
            done = true;
            String detail = "version " + version + " (" + bytes + " bytes) fetched from the appliance in "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms and handed to the loader (running "
                    + link.version() + ")";
            LOG.info("agent {}", detail);
            journal.append("agent.update.fetched", "", detail);
        } catch (Exception e) {
            LOG.warn("cannot fetch agent {} from the appliance ({}): trying again in {} s", version, e.getMessage(),
                    RETRY.toSeconds());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", tmp, e.getMessage());
            }
            synchronized (this) {
                fetching = false;
                if (done) {
                    handedOver = version;
                } else {
                    nextTryMillis = clock.millis() + RETRY.toMillis();
                }
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        synchronized (idleLock) {
            removeIdleFile();
        }
    }
}
