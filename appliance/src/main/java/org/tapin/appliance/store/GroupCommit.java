package org.tapin.appliance.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One writer thread that commits what many callers hand it, as many as are waiting in one transaction: one
 * fsync for the whole batch instead of one per caller. {@link #submit} returns only once its item is committed
 * (durable, when the batch's commit syncs), so a caller that answers after it never answers ahead of its record.
 *
 * <p>It fails closed: a failed commit fails every caller of that batch with a {@link StoreException}; so does a
 * full queue (the writer is stalled: nobody waits behind it), a commit that is not done within the caller's
 * wait, and a writer that is closed. A caller that gave up may still see its item stored later; an extra record
 * of an answer that was never given is harmless, a missing one is not.
 *
 * <p>Callers are released by completing their futures, all at once after the commit: none has to take a lock
 * held across someone else's fsync to learn that its own item is durable.
 *
 * @param <T> what a caller hands in
 * @param <R> what its commit tells that caller
 */
public final class GroupCommit<T, R> implements AutoCloseable {

    /** Commits a batch in one transaction and returns one result per item, in order; throws to fail them all. */
    public interface Batch<T, R> {
        List<R> commit(List<T> items);
    }

    private record Pending<T, R>(T item, CompletableFuture<R> done) {}

    private final String what;
    private final Batch<T, R> batch;
    private final int maxBatch;
    private final Duration wait;
    private final BlockingQueue<Pending<T, R>> queue;
    private final Pending<T, R> wake = new Pending<>(null, new CompletableFuture<>());
    private final Thread writer;
    private volatile boolean closed;
    /** Callers between their check of {@link #closed} and their offer: close() waits for them before its sentinel. */
    private final AtomicInteger entering = new AtomicInteger();

    /**
     * @param what what is committed, for thread names and error messages ("audit events")
     * @param capacity callers that may wait at once before new ones are refused
     * @param maxBatch the most items in one transaction
     * @param wait how long a caller waits for its commit before it fails
     */
    public GroupCommit(String what, int capacity, int maxBatch, Duration wait, Batch<T, R> batch) {
        this.what = what;
        this.batch = batch;
        this.maxBatch = maxBatch;
        this.wait = wait;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::run, "group-commit (" + what + ")");
        // A caller blocks until its item is committed, so nothing a caller was told is lost if the JVM exits.
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Hands {@code item} to the writer and waits until it is committed; returns what the commit said of it. */
    public R submit(T item) {
        Pending<T, R> mine = new Pending<>(item, new CompletableFuture<>());
        // No lock here: under load a lock every caller takes is a queue of its own, and a descheduled holder stalls all.
        entering.incrementAndGet();
        try {
            if (closed) {
                throw new StoreException("the store is closed: cannot store " + what);
            }
            if (!queue.offer(mine)) {
                throw new StoreException("cannot store " + what + ": " + queue.size() + " callers already wait for the writer");
            }
        } finally {
            entering.decrementAndGet();
        }
        try {
            return mine.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException failed) {
                throw new StoreException(failed.getMessage(), failed);
            }
            throw new StoreException("store failed to store " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("store did not commit " + what + " within " + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for " + what + " to be stored");
        }
    }

    /** Until close(): takes every caller waiting (up to a batch), commits them, releases them. */
    private void run() {
        List<Pending<T, R>> taken = new ArrayList<>(maxBatch);
        boolean last = false;
        while (!last) {
            taken.clear();
            try {
                taken.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread; it ends at close()'s sentinel, after everything before it
            }
            queue.drainTo(taken, maxBatch - 1);
            last = taken.removeIf(p -> p == wake);
            if (!taken.isEmpty()) {
                commit(taken);
            }
        }
    }

    private void commit(List<Pending<T, R>> taken) {
        List<T> items = new ArrayList<>(taken.size());
        taken.forEach(p -> items.add(p.item()));
        try {
            List<R> results = batch.commit(items);
            if (results.size() != items.size()) {
                throw new IllegalStateException(results.size() + " results for " + items.size() + " items");
            }
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).done().complete(results.get(i));
            }
        } catch (StoreException e) {
            taken.forEach(p -> p.done().completeExceptionally(e));
        } catch (RuntimeException | Error e) {
            StoreException failed = new StoreException("store failed to store " + what + ": " + e, e);
            taken.forEach(p -> p.done().completeExceptionally(failed));
        }
    }

    /** Refuses new items, commits those already handed in, then stops the writer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (entering.get() > 0) {
            Thread.onSpinWait(); // a caller that passed the check is about to offer: its item goes before the sentinel
        }
        try {
            // Everything handed in is ahead of the sentinel; a writer stalled past the wait is left to its callers' timeouts.
            if (queue.offer(wake, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                writer.join(wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
