package org.tapin.testkit.pcsc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tapin.testkit.RepoRoot;

/**
 * A virtual badge on one virtual reader ({@code tools/vcard}, a real client of vpcd's socket). {@code insert}
 * returns once the card is connected to vpcd; pcscd reports it within its 400 ms presence poll.
 */
public final class VirtualCard implements AutoCloseable {

    /** How the card misbehaves, for the reader's bad-card tests. */
    public enum Behaviour { NORMAL, DISCONNECT_MID_APDU }

    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;

    VirtualCard(int port, Behaviour behaviour, String answerHex) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", RepoRoot.tool("vcard").toString(),
                "--port", String.valueOf(port)));
        if (answerHex != null) {
            command.add("--answer-hex");
            command.add(answerHex);
        }
        if (behaviour == Behaviour.DISCONNECT_MID_APDU) {
            command.add("--disconnect-mid-apdu");
        }
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start tools/vcard", e);
        }
        commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        HarnessProcesses.track(this);
    }

    /** Puts a card with this UID (hex) on the reader. */
    public void insert(String uidHex) {
        send("insert " + uidHex);
    }

    /** Takes the card away. */
    public void remove() {
        send("remove");
    }

    private synchronized void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
            String answer = answers.readLine();
            if (!"ok".equals(answer)) {
                throw new IllegalStateException("tools/vcard: " + command + " -> " + answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("tools/vcard: " + command, e);
        }
    }

    @Override
    public void close() {
        HarnessProcesses.untrack(this);
        try {
            commands.write("quit\n");
            commands.flush();
        } catch (IOException e) {
            // already gone
        }
        process.destroy();
    }
}
