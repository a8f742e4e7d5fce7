package org.tapin.agent.reader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The badge reader: one thread that waits in {@code SCardGetStatusChange} (no polling while readers exist),
 * reads each new card's UID and reports taps, unreadable cards and reader availability.
 *
 * <p>It uses the jnasmartcardio provider, not the JDK's: the JDK keeps one PC/SC context per JVM and never
 * recovers after pcscd restarts, while a fresh jnasmartcardio context does. Every failure (pcscd stopped,
 * restarted or killed, a reader unplugged, no reader at all) ends in the same place: drop the context, wait
 * ({@link RetryDelay}), build a new one. One log line per change of availability, never one per retry.
 */
public final class PcscBadgeReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Reader");

    private final ReaderSettings settings;
    private final Consumer<ReaderEvent> listener;
    private final TapFilter taps;
    private final Thread thread;
    private volatile boolean running = true;
    private Boolean lastAvailable;
    private String lastDetail = "";
    private final RetryDelay retry = new RetryDelay();

    public PcscBadgeReader(ReaderSettings settings, Consumer<ReaderEvent> listener) {
        this.settings = settings;
        this.listener = listener;
        this.taps = new TapFilter(settings.debounceMillis());
        useLibrary(settings.library());
        this.thread = new Thread(this::run, "badge-reader");
        this.thread.setDaemon(true);
    }

    public PcscBadgeReader start() {
        thread.start();
        return this;
    }

    /** Stops after the current wait ends (pcscd going away or the next card event ends it). */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    private static void useLibrary(String library) {
        if (library.isEmpty()) {
            return;
        }
        Path path = Path.of(library);
        if (!Files.isRegularFile(path)) {
            LOG.warn("[reader] library {} does not exist; using the usual lookup of libpcsclite.so.1", library);
            return;
        }
        // jnasmartcardio loads "libpcsclite.so.1" by name; JNA looks in jna.library.path first.
        System.setProperty("jna.library.path", path.getParent().toString());
    }

    private void run() {
        while (running) {
            CardTerminals terminals = null;
            try {
                terminals = TerminalFactory.getInstance("PC/SC", null, new jnasmartcardio.Smartcardio()).terminals();
                watch(terminals);
            } catch (CardException | RuntimeException | java.security.NoSuchAlgorithmException e) {
                // pcscd gone, restarted or never there: all the same to us. Report once, rebuild after a pause.
                availability(false, "badge reader service not reachable (" + rootMessage(e) + ")");
            } finally {
                closeQuietly(terminals);
            }
            if (!sleep(retry.afterFailure(System.nanoTime() / 1_000_000))) {
                return;
            }
        }
    }

    /** Returns only by exception (or when closed): the caller rebuilds the context. */
    private void watch(CardTerminals terminals) throws CardException {
        // Report before the first wait: with no reader, that wait blocks until one is plugged in.
        reportReaders(usable(terminals.list()));
        retry.reachable();
        boolean first = true;
        while (running) {
            terminals.waitForChange(0); // the first call returns at once while a reader exists
            long detected = System.nanoTime();
            reportReaders(usable(terminals.list()));
            if (first) {
                // A card lying on a reader when we (re)connect was not tapped now: it is not a tap-in.
                for (CardTerminal present : usable(terminals.list(CardTerminals.State.CARD_PRESENT))) {
                    LOG.info("card already on \"{}\" at start: ignored until it is removed", present.getName());
                }
                first = false;
                continue;
            }
            for (CardTerminal removed : usable(terminals.list(CardTerminals.State.CARD_REMOVAL))) {
                listener.accept(new ReaderEvent.Removed(removed.getName()));
            }
            for (CardTerminal inserted : usable(terminals.list(CardTerminals.State.CARD_INSERTION))) {
                read(inserted, detected);
            }
        }
    }

    private void read(CardTerminal terminal, long detectedNanos) {
        String reader = terminal.getName();
        Card card = null;
        try {
            card = terminal.connect("*");
            UidAnswer answer = UidAnswer.parse(card.getBasicChannel().transmit(new CommandAPDU(UidAnswer.GET_UID)).getBytes());
            if (answer instanceof UidAnswer.WrongLength wrong) {
                answer = UidAnswer.parse(card.getBasicChannel()
                        .transmit(new CommandAPDU(UidAnswer.getUid(wrong.exactLength()))).getBytes());
            }
            if (answer instanceof UidAnswer.Uid uid) {
                BadgeId badge = settings.format().format(uid.bytes());
                if (taps.isNewTap(reader, badge, System.currentTimeMillis())) {
                    listener.accept(new ReaderEvent.Tapped(badge, reader, detectedNanos));
                }
            } else {
                unreadable(reader, answer instanceof UidAnswer.Unusable u ? u.reason() : "card asked for another length twice");
            }
        } catch (CardException | RuntimeException e) {
            unreadable(reader, "card left or failed during the read (" + rootMessage(e) + ")");
        } finally {
            if (card != null) {
                try {
                    card.disconnect(false);
                } catch (CardException | RuntimeException e) {
                    LOG.debug("disconnect from \"{}\": {}", reader, rootMessage(e));
                }
            }
        }
    }

    private void unreadable(String reader, String reason) {
        LOG.warn("could not read badge on \"{}\": {}", reader, reason);
        listener.accept(new ReaderEvent.Unreadable(reader, reason));
    }

    private void reportReaders(List<CardTerminal> readers) {
        Set<String> names = new HashSet<>();
        readers.forEach(r -> names.add(r.getName()));
        if (!names.isEmpty()) {
            availability(true, "reader" + (names.size() == 1 ? " " : "s ") + String.join(", ", sorted(names)));
        } else {
            availability(false, settings.nameFilter().isEmpty() ? "no badge reader connected"
                    : "no badge reader whose name contains \"" + settings.nameFilter() + "\"");
        }
    }

    private void availability(boolean available, String detail) {
        if (lastAvailable != null && lastAvailable == available && lastDetail.equals(detail)) {
            return;
        }
        lastAvailable = available;
        lastDetail = detail;
        if (available) {
            LOG.info("badge reader available: {}", detail);
        } else {
            LOG.warn("badge reader not available: {}", detail);
        }
        listener.accept(new ReaderEvent.Availability(available, detail));
    }

    private List<CardTerminal> usable(List<CardTerminal> terminals) {
        List<CardTerminal> kept = new ArrayList<>();
        for (CardTerminal t : terminals) {
            if (settings.accepts(t.getName())) {
                kept.add(t);
            }
        }
        return kept;
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(CardTerminals terminals) {
        if (terminals instanceof jnasmartcardio.Smartcardio.JnaCardTerminals jna) {
            try {
                jna.close();
            } catch (CardException | RuntimeException e) {
                LOG.debug("releasing the PC/SC context: {}", rootMessage(e));
            }
        }
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
