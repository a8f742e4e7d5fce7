package org.tapin.agent.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import org.tapin.agent.config.ConfigLoader;
import org.tapin.agent.config.ConfigReport;
import org.tapin.agent.reader.PcscBadgeReader;
import org.tapin.agent.reader.ReaderEvent;
import org.tapin.agent.reader.ReaderSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tapin readers}: the badge readers PC/SC sees and whether a card is on each (like {@code pcsc_scan -r});
 * with {@code --watch}, every tap's badge ID as the agent would send it, for checking a reader and reading a
 * badge's ID for enrollment.
 */
@Command(name = "readers",
        description = {"Lists badge readers and card state; --watch prints each tap's badge ID until Ctrl-C.",
                "Exit status: 0 readers found, 1 none, 2 the PC/SC service is not reachable."})
final class ReadersCommand implements Callable<Integer> {

    @Option(names = "--watch", description = "Print each tap's badge ID (in the configured id-format) until interrupted.")
    boolean watch;

    @ParentCommand
    TapinCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigReport config = ConfigLoader.load(ConfigLoader.locate(parent.config, System.getenv()));
        ReaderSettings settings = ReaderSettings.from(config.config().reader());
        if (watch) {
            return watch(settings, out);
        }
        try {
            CardTerminals terminals = TerminalFactory.getInstance("PC/SC", null, new jnasmartcardio.Smartcardio()).terminals();
            try {
                List<CardTerminal> readers = terminals.list();
                int index = 0;
                for (CardTerminal reader : readers) {
                    String state = reader.isCardPresent() ? "card present" : "no card";
                    String used = settings.accepts(reader.getName()) ? "" : " (not used: [reader] name-filter)";
                    out.println(index++ + ": " + reader.getName() + ": " + state + used);
                }
                if (readers.isEmpty()) {
                    err.println("no badge reader connected");
                }
                return readers.isEmpty() ? 1 : 0;
            } finally {
                ((jnasmartcardio.Smartcardio.JnaCardTerminals) terminals).close();
            }
        } catch (CardException | java.security.NoSuchAlgorithmException | RuntimeException e) {
            err.println("badge reader service (pcscd) not reachable: " + e.getMessage());
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int watch(ReaderSettings settings, PrintWriter out) throws InterruptedException {
        out.println("Watching badge readers (id-format " + settings.format().configName() + "); tap a badge, Ctrl-C to stop.");
        out.flush();
        try (PcscBadgeReader reader = new PcscBadgeReader(settings, event -> print(event, out))) {
            reader.start();
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private static void print(ReaderEvent event, PrintWriter out) {
        if (event instanceof ReaderEvent.Tapped tap) {
            // Support reads the full ID here to enroll a badge: this is the one place it is shown unmasked.
            out.println(tap.reader() + ": badge " + tap.badge().value());
        } else if (event instanceof ReaderEvent.Unreadable bad) {
            out.println(bad.reader() + ": could not read badge: " + bad.reason());
        } else if (event instanceof ReaderEvent.Availability availability) {
            out.println((availability.available() ? "available: " : "not available: ") + availability.detail());
        }
        out.flush();
    }
}
