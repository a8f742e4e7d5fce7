package org.tapin.agent.appliance.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.appliance.ApplianceException;
import org.tapin.agent.audit.AuditEvent;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.daemon.Ports;
import org.tapin.agent.session.User;

/**
 * Drains the {@link AuditJournal} to the appliance: a background thread sends the oldest unacknowledged
 * events in batches and acknowledges them in the journal only after the appliance answered that it stored
 * them. An outage, a crash of either side or a lost answer only delays events: they stay on disk and are sent
 * again, and the appliance stores each event id once, so every event is stored exactly once. Also the
 * {@link Ports.AuditTrail} the session loop records into.
 */
public final class AuditUploader implements Ports.AuditTrail, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Audit");
    static final int BATCH = 200;
    static final Duration IDLE_CHECK = Duration.ofSeconds(5);

    private final ApplianceClient client;
    private final AuditJournal journal;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean nudged;

    public AuditUploader(ApplianceClient client, AuditJournal journal) {
        this.client = client;
        this.journal = journal;
        this.thread = new Thread(this::loop, "audit-uploader");
        this.thread.setDaemon(true);
    }

    public AuditUploader start() {
        thread.start();
        return this;
    }

    /** Records an event durably (the journal fsyncs it) and wakes the uploader. Never blocks on the network. */
    @Override
    public void record(String event, User user, String detail) {
        journal.append(event, user == null ? "" : user.username(), detail);
        nudge();
    }

    /** Something new is in the journal: send it now rather than at the next idle check. */
    public void nudge() {
        lock.lock();
        try {
            nudged = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            List<AuditEvent> batch = journal.pending(BATCH);
            if (batch.isEmpty()) {
                idle();
                continue;
            }
            try {
                int stored = client.uploadAudit(batch);
                journal.acknowledge(batch.get(batch.size() - 1).sequence());
                backoff.reset();
                LOG.debug("audit: {} events delivered ({} new to the appliance)", batch.size(), stored);
            } catch (ApplianceException | MalformedAnswerException | EndpointRevokedException e) {
                pause("audit upload of " + batch.size() + " events failed: " + e.getMessage() + "; " + journal.size()
                        + " events wait on disk");
            } catch (IOException e) {
                // The appliance has them; a failed acknowledgement only means they are sent (and ignored) again.
                pause("audit: cannot record the acknowledgement: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("audit uploader failed; trying again", e);
                pause("audit uploader failed: " + e);
            }
        }
    }

    private void idle() {
        lock.lock();
        try {
            if (!nudged) {
                work.await(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            }
            nudged = false;
        } catch (InterruptedException e) {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void pause(String why) {
        if (running && !backoff.pauseAfter(LOG, why)) {
            running = false; // closing: the failure was the interruption
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
