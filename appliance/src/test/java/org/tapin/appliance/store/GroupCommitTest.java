package org.tapin.appliance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** Commits by doubling each item; the first commit waits for {@code gate}. */
    static final class Doubling implements GroupCommit.Batch<Integer, Integer> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch gate;

        Doubling(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public List<Integer> commit(List<Integer> items) {
            started.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            batches.add(List.copyOf(items));
            return items.stream().map(i -> i * 2).toList();
        }
    }

    static Thread submitter(GroupCommit<Integer, Integer> commit, int item, List<Object> answers) {
        Thread t = new Thread(() -> {
            try {
                answers.add(item + "->" + commit.submit(item));
            } catch (RuntimeException e) {
                answers.add(e);
            }
        });
        t.start();
        return t;
    }

    static void awaitParked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!threads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING)) {
            assertThat(System.nanoTime()).as("callers waiting for their commit").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void callersWaitingDuringACommitShareTheNextOneAndEachGetsItsOwnResult() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Doubling batch = new Doubling(gate);
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("numbers", 100, 100, WAIT, batch)) {
            List<Object> answers = new CopyOnWriteArrayList<>();
            List<Thread> first = List.of(submitter(commit, 0, answers));
            batch.started.await(); // its commit has begun and waits on the gate
            List<Thread> others = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                others.add(submitter(commit, i, answers));
            }
            awaitParked(others);
            assertThat(answers).as("nobody returns before its commit").isEmpty();
            gate.countDown();
            for (Thread t : first) {
                t.join();
            }
            for (Thread t : others) {
                t.join();
            }
            assertThat(batch.batches).hasSize(2);
            assertThat(batch.batches.get(0)).containsExactly(0);
            assertThat(batch.batches.get(1)).hasSize(20);
            assertThat(answers).hasSize(21).allSatisfy(a -> {
                String[] parts = a.toString().split("->");
                assertThat(Integer.parseInt(parts[1])).isEqualTo(2 * Integer.parseInt(parts[0]));
            });
        }
    }

    @Test
    void aFailedCommitFailsEveryCallerOfItsBatchAndTheNextBatchStillCommits() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<Integer> committed = new CopyOnWriteArrayList<>();
        GroupCommit.Batch<Integer, Integer> failingOnce = items -> {
            started.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (items.contains(-1)) {
                throw new StoreException("store failed to store numbers: disk I/O error");
            }
            committed.addAll(items);
            return items;
        };
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("numbers", 100, 100, WAIT, failingOnce)) {
            List<Object> answers = new CopyOnWriteArrayList<>();
            Thread blocker = submitter(commit, 7, answers);
            started.await();
            List<Thread> doomed = List.of(submitter(commit, -1, answers), submitter(commit, 8, answers), submitter(commit, 9, answers));
            awaitParked(doomed);
            gate.countDown();
            blocker.join();
            for (Thread t : doomed) {
                t.join();
            }
            assertThat(answers).contains("7->7");
            assertThat(answers.stream().filter(a -> a instanceof StoreException)).hasSize(3)
                    .allSatisfy(e -> assertThat(((StoreException) e).getMessage()).contains("disk I/O error"));
            assertThat(committed).containsExactly(7);
            assertThat(commit.submit(10)).isEqualTo(10);
        }
    }

    @Test
    void aStalledWriterFailsCallersClosedOnceTheirWaitIsOverOrTheQueueIsFull() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        GroupCommit.Batch<Integer, Integer> stalled = items -> {
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return items;
        };
        GroupCommit<Integer, Integer> commit = new GroupCommit<>("numbers", 1, 10, Duration.ofMillis(300), stalled);
        ExecutorService callers = Executors.newCachedThreadPool();
        try {
            CompletableFuture<Integer> inCommit = CompletableFuture.supplyAsync(() -> commit.submit(1), callers);
            started.await();
            long t0 = System.nanoTime();
            CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> commit.submit(2), callers);
            Thread.sleep(100); // now the one place in the queue is taken
            assertThatThrownBy(() -> commit.submit(3)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("already wait for the writer");
            assertThatThrownBy(queued::join).hasCauseInstanceOf(StoreException.class)
                    .hasMessageContaining("did not commit numbers within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThatThrownBy(inCommit::join).hasCauseInstanceOf(StoreException.class);
        } finally {
            never.countDown();
            commit.close();
            callers.shutdown();
        }
    }

    @Test
    void closeCommitsWhatWasHandedInAndRefusesWhatComesAfter() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Doubling batch = new Doubling(gate);
        GroupCommit<Integer, Integer> commit = new GroupCommit<>("numbers", 100, 100, WAIT, batch);
        List<Object> answers = new CopyOnWriteArrayList<>();
        List<Thread> callers = List.of(submitter(commit, 1, answers), submitter(commit, 2, answers));
        awaitParked(callers);
        Thread closer = new Thread(commit::close);
        closer.start();
        while (closer.getState() != Thread.State.TIMED_WAITING) { // joining the writer: closed from here on
            Thread.sleep(10);
        }
        assertThatThrownBy(() -> commit.submit(3)).isInstanceOf(StoreException.class).hasMessageContaining("closed");
        gate.countDown();
        closer.join();
        for (Thread t : callers) {
            t.join();
        }
        assertThat(answers).containsExactlyInAnyOrder("1->2", "2->4");
    }
}
