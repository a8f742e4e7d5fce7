package org.tapin.agent.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tapin.testkit.pcsc.PcscExtension;
import org.tapin.testkit.pcsc.PcscStack;
import org.tapin.testkit.pcsc.VirtualCard;

/** The reader component against a real pcscd with the vpcd virtual reader and virtual badges. */
class PcscBadgeReaderTest {

    @RegisterExtension
    static final PcscExtension PCSC = new PcscExtension();

    static final String READER_0 = PcscStack.READERS.get(0);
    static final String READER_1 = PcscStack.READERS.get(1);
    static final int CYCLES = Integer.getInteger("tapin.reader.cycles", 60);
    static final int RESTARTS = Integer.getInteger("tapin.reader.restarts", 20);

    final BlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();
    PcscBadgeReader reader;

    PcscBadgeReader start(ReaderSettings settings) {
        reader = new PcscBadgeReader(settings, events::add).start();
        return reader;
    }

    PcscBadgeReader start() {
        return start(new ReaderSettings("", "", BadgeIdFormat.HEX, 0));
    }

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.close();
        }
    }

    /** The next event of this type, skipping others; fails after the timeout. */
    <T extends ReaderEvent> T next(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReaderEvent> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ReaderEvent event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (type.isInstance(event)) {
                return type.cast(event);
            }
            if (event != null) {
                skipped.add(event);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; saw " + skipped);
    }

    ReaderEvent.Availability availableAgain() throws InterruptedException {
        while (true) {
            ReaderEvent.Availability a = next(ReaderEvent.Availability.class, Duration.ofSeconds(15));
            if (a.available()) {
                return a;
            }
        }
    }

    void tapAndExpect(VirtualCard card, String uid, String reader) throws InterruptedException {
        card.insert(uid);
        ReaderEvent.Tapped tap = next(ReaderEvent.Tapped.class, Duration.ofSeconds(5));
        assertThat(tap.badge().value()).isEqualTo(uid);
        assertThat(tap.reader()).isEqualTo(reader);
        card.remove();
        assertThat(next(ReaderEvent.Removed.class, Duration.ofSeconds(5)).reader()).isEqualTo(reader);
    }

    @Test
    void readsTapsWithTheRightIdOnBothReaders() throws Exception {
        start();
        assertThat(availableAgain().detail()).contains(READER_0).contains(READER_1);
        try (VirtualCard first = PCSC.stack().card(0); VirtualCard second = PCSC.stack().card(1)) {
            tapAndExpect(first, "04A1B2C3", READER_0);
            tapAndExpect(second, "04112233445566", READER_1);
            // Two readers at once: two events.
            first.insert("04000001");
            second.insert("04000002");
            List<String> both = List.of(next(ReaderEvent.Tapped.class, Duration.ofSeconds(5)).badge().value(),
                    next(ReaderEvent.Tapped.class, Duration.ofSeconds(5)).badge().value());
            assertThat(both).containsExactlyInAnyOrder("04000001", "04000002");
        }
    }

    @Test
    void everyInsertIsExactlyOneTapNoneLostNoneDoubled() throws Exception {
        start();
        availableAgain();
        try (VirtualCard card = PCSC.stack().card(0)) {
            for (int i = 0; i < CYCLES; i++) {
                tapAndExpect(card, String.format("04%06X", i), READER_0);
            }
        }
        Thread.sleep(1_000);
        assertThat(events).as("nothing after the last removal").noneMatch(e -> e instanceof ReaderEvent.Tapped);
    }

    @Test
    void aCardLeftOnTheReaderIsOneTapAndTheDebounceMergesABounce() throws Exception {
        start(new ReaderSettings("", "", BadgeIdFormat.HEX, 3_000));
        availableAgain();
        try (VirtualCard card = PCSC.stack().card(0)) {
            card.insert("04A1B2C3");
            next(ReaderEvent.Tapped.class, Duration.ofSeconds(5));
            Thread.sleep(2_000);
            assertThat(events).as("left on the reader: no second tap").noneMatch(e -> e instanceof ReaderEvent.Tapped);
            card.remove();
            next(ReaderEvent.Removed.class, Duration.ofSeconds(5));
            card.insert("04A1B2C3"); // back within the 3 s debounce: the same tap
            Thread.sleep(1_500);
            assertThat(events).noneMatch(e -> e instanceof ReaderEvent.Tapped);
        }
    }

    @Test
    void badCardsAreClearEventsAndTheReaderGoesOn() throws Exception {
        start();
        availableAgain();
        expectUnreadable(PCSC.stack().badCard(0, VirtualCard.Behaviour.NORMAL, "6A81"), "card answered status 6A81");
        expectUnreadable(PCSC.stack().badCard(0, VirtualCard.Behaviour.NORMAL, "00".repeat(20) + "9000"),
                "20 bytes, too long for a UID");
        // Asks for Le=7 and then again: pcsc-lite hands back a truncated answer on the retry; either way, unreadable.
        expectUnreadable(PCSC.stack().badCard(0, VirtualCard.Behaviour.NORMAL, "6C07"), "could not read");
        expectUnreadable(PCSC.stack().badCard(0, VirtualCard.Behaviour.DISCONNECT_MID_APDU, null), "could not read");
        try (VirtualCard good = PCSC.stack().card(0)) {
            tapAndExpect(good, "04A1B2C3", READER_0);
        }
    }

    void expectUnreadable(VirtualCard bad, String reason) throws InterruptedException {
        try (bad) {
            bad.insert("04A1B2C3");
            ReaderEvent.Unreadable event = next(ReaderEvent.Unreadable.class, Duration.ofSeconds(5));
            assertThat(event.reader()).isEqualTo(READER_0);
            if (!reason.equals("could not read")) {
                assertThat(event.reason()).contains(reason);
            }
            bad.remove();
            next(ReaderEvent.Removed.class, Duration.ofSeconds(5));
        }
    }

    @Test
    void comesBackAfterEveryPcscdRestartAndReadsTheNextTap() throws Exception {
        start();
        availableAgain();
        try (VirtualCard card = PCSC.stack().card(0)) {
            for (int i = 0; i < RESTARTS; i++) {
                PCSC.stack().restart();
                availableAgain();
                tapAndExpect(card, String.format("05%06X", i), READER_0);
            }
        }
    }

    @Test
    void anUnpluggedReaderIsReportedAndComesBack() throws Exception {
        start();
        availableAgain();
        PCSC.stack().restartWithoutReader();
        ReaderEvent.Availability gone;
        do {
            gone = next(ReaderEvent.Availability.class, Duration.ofSeconds(10));
        } while (gone.available());
        // While pcscd restarts the service is briefly gone; once up again it has no reader.
        while (!gone.detail().equals("no badge reader connected")) {
            assertThat(gone.available()).isFalse();
            assertThat(gone.detail()).startsWith("badge reader service not reachable");
            gone = next(ReaderEvent.Availability.class, Duration.ofSeconds(10));
        }
        PCSC.stack().restart();
        availableAgain();
        try (VirtualCard card = PCSC.stack().card(0)) {
            tapAndExpect(card, "04A1B2C3", READER_0);
        }
    }

    @Test
    void startsWithoutPcscdAndPicksItUpWhenItComes() throws Exception {
        PCSC.stack().stopDaemon();
        start();
        ReaderEvent.Availability first = next(ReaderEvent.Availability.class, Duration.ofSeconds(5));
        assertThat(first.available()).isFalse();
        assertThat(first.detail()).contains("badge reader service not reachable");
        PCSC.stack().restart();
        availableAgain();
        try (VirtualCard card = PCSC.stack().card(0)) {
            tapAndExpect(card, "04A1B2C3", READER_0);
        }
    }

    @Test
    void comesBackAfterPcscdIsKilled() throws Exception {
        start();
        availableAgain();
        PCSC.stack().killDaemon();
        ReaderEvent.Availability down;
        do {
            down = next(ReaderEvent.Availability.class, Duration.ofSeconds(10));
        } while (down.available());
        PCSC.stack().restart();
        availableAgain();
        try (VirtualCard card = PCSC.stack().card(0)) {
            tapAndExpect(card, "04A1B2C3", READER_0);
        }
    }

    @Test
    void startsWithNoReaderAndUsesOneThatAppears() throws Exception {
        PCSC.stack().restartWithoutReader();
        start();
        ReaderEvent.Availability first = next(ReaderEvent.Availability.class, Duration.ofSeconds(10));
        assertThat(first.available()).isFalse();
        PCSC.stack().restart();
        availableAgain();
        try (VirtualCard card = PCSC.stack().card(1)) {
            tapAndExpect(card, "04A1B2C3", READER_1);
        }
    }

    @Test
    void theNameFilterKeepsOnlyMatchingReaders() throws Exception {
        start(new ReaderSettings("pcd 00 01", "", BadgeIdFormat.HEX_REVERSED, 0));
        assertThat(availableAgain().detail()).isEqualTo("reader " + READER_1);
        try (VirtualCard ignored = PCSC.stack().card(0); VirtualCard used = PCSC.stack().card(1)) {
            ignored.insert("04A1B2C3");
            used.insert("04A1B2C3");
            ReaderEvent.Tapped tap = next(ReaderEvent.Tapped.class, Duration.ofSeconds(5));
            assertThat(tap.reader()).isEqualTo(READER_1);
            assertThat(tap.badge().value()).as("hex-reversed").isEqualTo("C3B2A104");
            Thread.sleep(1_000);
            assertThat(events).noneMatch(e -> e instanceof ReaderEvent.Tapped);
        }
    }
}
