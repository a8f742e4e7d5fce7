package org.tapin.testkit.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness, proven with real clients: pcsc_scan and scriptor as child processes, javax.smartcardio in-JVM. */
class PcscStackTest {

    @RegisterExtension
    static final PcscExtension PCSC = new PcscExtension();

    static CardTerminals terminals;

    @BeforeAll
    static void connect() throws Exception {
        terminals = TerminalFactory.getInstance("PC/SC", null, new jnasmartcardio.Smartcardio()).terminals();
    }

    @AfterAll
    static void disconnect() throws Exception {
        ((jnasmartcardio.Smartcardio.JnaCardTerminals) terminals).close();
    }

    static String run(java.util.Map<String, String> env, String stdin, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    static byte[] readUid(CardTerminal terminal) throws CardException {
        assertThat(terminal.waitForCardPresent(3_000)).as("card present on " + terminal.getName()).isTrue();
        Card card = terminal.connect("*");
        try {
            return card.getBasicChannel().transmit(new CommandAPDU(new byte[] {(byte) 0xFF, (byte) 0xCA, 0, 0, 0})).getBytes();
        } finally {
            card.disconnect(false);
        }
    }

    @Test
    void pcscScanSeesBothVirtualReaders() throws Exception {
        String out = run(PCSC.stack().env(), "", "timeout", "5", "pcsc_scan", "-r");
        assertThat(out).contains("0: Virtual PCD 00 00").contains("1: Virtual PCD 00 01");
    }

    @Test
    void javaSmartcardioReadsTheChosenUidOnEachReader() throws Exception {
        List<CardTerminal> readers = terminals.list();
        assertThat(readers).extracting(CardTerminal::getName).containsExactlyElementsOf(PcscStack.READERS);
        try (VirtualCard first = PCSC.stack().card(0); VirtualCard second = PCSC.stack().card(1)) {
            first.insert("04A1B2C3");
            second.insert("04112233445566");
            assertThat(HexFormat.of().withUpperCase().formatHex(readUid(readers.get(0)))).isEqualTo("04A1B2C39000");
            assertThat(HexFormat.of().withUpperCase().formatHex(readUid(readers.get(1)))).isEqualTo("041122334455669000");
            first.remove();
            assertThat(readers.get(0).waitForCardAbsent(3_000)).isTrue();
            assertThat(readers.get(1).isCardPresent()).isTrue();
            second.remove();
            assertThat(readers.get(1).waitForCardAbsent(3_000)).isTrue();
        }
    }

    @Test
    void scriptorAsAChildProcessReadsTheUidToo() throws Exception {
        try (VirtualCard card = PCSC.stack().card(0)) {
            card.insert("0A0B0C0D");
            assertThat(terminals.getTerminal(PcscStack.READERS.get(0)).waitForCardPresent(3_000)).isTrue();
            String out = run(PCSC.stack().env(), "FF CA 00 00 00\n", "timeout", "10", "scriptor", "-r", PcscStack.READERS.get(0));
            assertThat(out).contains("< 0A 0B 0C 0D 90 00");
            card.remove();
            assertThat(terminals.getTerminal(PcscStack.READERS.get(0)).waitForCardAbsent(3_000)).isTrue();
        }
    }

    @Test
    void badCardsMisbehaveAsAsked() throws Exception {
        CardTerminal reader = terminals.getTerminal(PcscStack.READERS.get(0));
        try (VirtualCard refusing = PCSC.stack().badCard(0, VirtualCard.Behaviour.NORMAL, "6A81")) {
            refusing.insert("04A1B2C3");
            assertThat(HexFormat.of().withUpperCase().formatHex(readUid(reader))).isEqualTo("6A81");
            refusing.remove();
            assertThat(reader.waitForCardAbsent(3_000)).isTrue();
        }
        try (VirtualCard hangingUp = PCSC.stack().badCard(0, VirtualCard.Behaviour.DISCONNECT_MID_APDU, null)) {
            hangingUp.insert("04A1B2C3");
            // jnasmartcardio 0.2.7 reports this one as IllegalArgumentException ("newPosition < 0"), not CardException:
            // the reader component must treat both as "could not read badge".
            assertThatThrownBy(() -> readUid(reader)).isInstanceOfAny(CardException.class, IllegalArgumentException.class);
        }
        assertThat(reader.waitForCardAbsent(3_000)).isTrue();
        try (VirtualCard good = PCSC.stack().card(0)) {
            good.insert("04A1B2C3");
            assertThat(HexFormat.of().withUpperCase().formatHex(readUid(reader))).as("the next card reads normally")
                    .isEqualTo("04A1B2C39000");
            good.remove();
            assertThat(reader.waitForCardAbsent(3_000)).isTrue();
        }
    }

    @Test
    void anIsolatedStackNeverShowsItsCardsHere() throws Exception {
        try (PcscStack other = PcscStack.isolated(); VirtualCard foreign = other.card(0)) {
            assertThat(other.socket()).isNotEqualTo(PCSC.stack().socket());
            foreign.insert("DEADBEEF");
            String out = "";
            // pcscd polls vpcd for presence every 400 ms: give the other daemon time to see its card.
            for (int i = 0; i < 20 && !out.contains("< DE AD BE EF 90 00"); i++) {
                Thread.sleep(200);
                out = run(other.env(), "FF CA 00 00 00\n", "timeout", "10", "scriptor", "-r", PcscStack.READERS.get(0));
            }
            assertThat(out).contains("< DE AD BE EF 90 00");
            assertThat(terminals.getTerminal(PcscStack.READERS.get(0)).isCardPresent())
                    .as("this JVM's stack has no card: the other stack's card is invisible here").isFalse();
        }
    }
}
