package org.tapin.appliance.http;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.store.Store;

/**
 * Holds long-polls for policy. Changes may come from another process on the same store (the admin command),
 * so the store's revision is read every {@link #CHECK_MILLIS} ms; when it moved, every held poll whose
 * endpoint now has another ETag is answered. A poll is thereby answered within about a fifth of a second of
 * a change, and a revision read costs microseconds.
 */
final class PolicyWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Appliance.Policy");
    static final long CHECK_MILLIS = 200;

    private final Store store;
    private final Function<String, Optional<PolicyView>> views;
    private final ScheduledExecutorService timer;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private volatile long revision;

    /** One held poll; completes with the new view, or with empty when its wait ran out or the appliance stops. */
    private record Waiter(String endpointId, String etag, CompletableFuture<Optional<PolicyView>> answer) {}

    PolicyWatch(Store store, Function<String, Optional<PolicyView>> views) {
        this.store = store;
        this.views = views;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policy-watch");
            t.setDaemon(true);
            return t;
        });
        this.revision = store.revision();
        timer.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Optional<PolicyView>> await(String endpointId, String etag, Duration wait) {
        Waiter waiter = new Waiter(endpointId, etag, new CompletableFuture<>());
        waiters.add(waiter);
        ScheduledFuture<?> timeout = timer.schedule(() -> waiter.answer().complete(Optional.empty()), wait.toMillis(),
                TimeUnit.MILLISECONDS);
        waiter.answer().whenComplete((v, e) -> {
            waiters.remove(waiter);
            timeout.cancel(false);
        });
        // A change between the caller's read and this registration must not wait for the next one.
        timer.execute(() -> recheck(waiter));
        return waiter.answer();
    }

    private void check() {
        try {
            long now = store.revision();
            if (now != revision) {
                revision = now;
                LOG.debug("store revision {}: rechecking {} held polls", now, waiters.size());
                waiters.forEach(this::recheck);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read the store's revision: {}", e.getMessage());
        }
    }

    private void recheck(Waiter waiter) {
        if (waiter.answer().isDone()) {
            return;
        }
        try {
            Optional<PolicyView> view = views.apply(waiter.endpointId());
            if (view.isEmpty()) {
                waiter.answer().complete(Optional.empty()); // revoked: its next call gets the 403
            } else if (!view.get().etag().equals(waiter.etag())) {
                waiter.answer().complete(view);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot recheck a held policy poll: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        waiters.forEach(w -> w.answer().complete(Optional.empty()));
        timer.shutdownNow();
    }
}
