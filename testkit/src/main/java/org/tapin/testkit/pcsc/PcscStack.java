package org.tapin.testkit.pcsc;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.tapin.testkit.RepoRoot;

/**
 * A private, real PC/SC stack ({@code tools/pcsc}): pcscd in its own mount namespace with the vpcd virtual
 * reader, on a socket no other test and no system pcscd shares.
 *
 * <p>Child processes reach it through {@link #env()}. A PC/SC client inside this JVM reads the socket path
 * from the process environment once (libpcsclite caches it), so {@link #forThisJvm} always serves the same
 * per-JVM path, sets it natively before the first PC/SC call, and admits one such stack at a time per JVM:
 * two test classes cannot share one pcscd by accident. {@link #isolated} stacks are for child processes only.
 */
public final class PcscStack implements AutoCloseable {

    public static final List<String> READERS = List.of("Virtual PCD 00 00", "Virtual PCD 00 01");
    public static final String SOCKET_VARIABLE = "PCSCLITE_CSOCK_NAME";

    private static final Semaphore IN_JVM = new Semaphore(1);
    private static final Path JVM_RUN_DIR = Path.of(System.getProperty("java.io.tmpdir"),
            "tapin-pcsc-jvm-" + ProcessHandle.current().pid());
    private static boolean environmentSet;

    private final Path state;
    private final boolean inJvm;
    private Path socket;
    private int port;
    private boolean stopped;

    private PcscStack(Path state, boolean inJvm) {
        this.state = state;
        this.inJvm = inJvm;
    }

    /** The stack this JVM's own PC/SC clients use; blocks while another one in this JVM is open. */
    public static PcscStack forThisJvm() {
        IN_JVM.acquireUninterruptibly();
        try {
            PcscStack stack = new PcscStack(tempDir(), true);
            stack.run("start", "--run-dir", JVM_RUN_DIR.toString());
            pointThisJvmAt(stack.socket);
            return stack;
        } catch (RuntimeException e) {
            IN_JVM.release();
            throw e;
        }
    }

    /** A stack only child processes use (through {@link #env()}). */
    public static PcscStack isolated() {
        PcscStack stack = new PcscStack(tempDir(), false);
        stack.run("start");
        return stack;
    }

    public Path socket() {
        return socket;
    }

    /** The vpcd port of reader {@code index} (0 or 1). */
    public int port(int index) {
        return port + index;
    }

    /** Environment for child processes that must use this stack (pcsc_scan, scriptor, ./tapin readers). */
    public Map<String, String> env() {
        return Map.of(SOCKET_VARIABLE, socket.toString());
    }

    public VirtualCard card(int readerIndex) {
        return new VirtualCard(port(readerIndex), VirtualCard.Behaviour.NORMAL, null);
    }

    /** A bad card: answers every command with {@code answerHex}, or hangs up on the UID command. */
    public VirtualCard badCard(int readerIndex, VirtualCard.Behaviour behaviour, String answerHex) {
        return new VirtualCard(port(readerIndex), behaviour, answerHex);
    }

    /** Restarts pcscd (same socket and port); cards connected to the old one are dropped. */
    public void restart() {
        run("restart");
    }

    /** Restarts pcscd without the virtual reader: what a clinician sees when the reader is unplugged. */
    public void restartWithoutReader() {
        run("restart", "--without-reader");
    }

    /** Kills pcscd with SIGKILL (a crash: no clean shutdown, stale socket file left behind). */
    public void killDaemon() {
        run("kill");
    }

    /** Stops pcscd and keeps the stack for a later {@link #restart()}. */
    public void stopDaemon() {
        run("stop");
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        HarnessProcesses.untrack(this);
        try {
            run("stop");
        } finally {
            if (inJvm) {
                IN_JVM.release();
            }
        }
    }

    private void run(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = RepoRoot.tool("pcsc").toString();
        command[1] = args[0];
        command[2] = state.toString();
        System.arraycopy(args, 1, command, 3, args.length - 1);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("tools/pcsc " + String.join(" ", args) + " failed: " + output);
            }
            Map<String, String> values = new HashMap<>();
            output.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')),
                    l.substring(l.indexOf('=') + 1)));
            if (values.containsKey("socket")) {
                socket = Path.of(values.get("socket"));
                port = Integer.parseInt(values.get("port"));
                HarnessProcesses.track(this);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tapin-pcsc-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void pointThisJvmAt(Path socket) {
        if (environmentSet) {
            return; // the same per-JVM path every time: libpcsclite read it once already
        }
        if (LibC.INSTANCE.setenv(SOCKET_VARIABLE, socket.toString(), 1) != 0) {
            throw new IllegalStateException("setenv " + SOCKET_VARIABLE + " failed");
        }
        environmentSet = true;
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);
    }
}
