package org.tapin.testkit.secrets;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the argument list and the environment of every process ({@code /proc/PID/cmdline}, {@code environ})
 * over and over while a test runs, and hands them to a {@link LeakSearch}: any process, of any user, that ever
 * held a planted secret there while it was watched is a finding, since {@code ps} shows arguments to everyone.
 * Run as root to read the environments of other users' processes too. A process that lives shorter than one
 * round can be missed: the watch narrows the window, it cannot close it.
 */
public final class ProcessArgumentWatch implements AutoCloseable {

    private static final Path PROC = Path.of("/proc");

    private final LeakSearch search;
    private final Thread thread;
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean running = true;

    private ProcessArgumentWatch(LeakSearch search, long pauseMillis) {
        this.search = search;
        this.thread = new Thread(() -> {
            while (running) {
                round();
                rounds.incrementAndGet();
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "process-argument-watch");
        thread.setDaemon(true);
    }

    /** Starts watching, one round every {@code pauseMillis} plus the time a round takes. */
    public static ProcessArgumentWatch start(LeakSearch search, long pauseMillis) {
        ProcessArgumentWatch watch = new ProcessArgumentWatch(search, pauseMillis);
        watch.thread.start();
        return watch;
    }

    /** How many times every process was read: a test checks the watch really ran. */
    public long rounds() {
        return rounds.get();
    }

    /** One look at every process now; also called by the test at moments it knows are sensitive. */
    public void round() {
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                byte[] cmdline = read(process, "cmdline");
                String where = "/proc/" + process.getFileName() + " (" + program(cmdline) + ") ";
                search.search(where + "cmdline", cmdline);
                search.search(where + "environ", read(process, "environ"));
            }
        } catch (IOException e) {
            // /proc is always there on Linux; a failed listing is retried in the next round
        }
    }

    private static byte[] read(Path process, String what) {
        try {
            return Files.readAllBytes(process.resolve(what));
        } catch (IOException | SecurityException gone) {
            return new byte[0]; // the process ended meanwhile, or is not ours to read
        }
    }

    /** The first argument, so that a finding names the program even after its pid is gone. */
    private static String program(byte[] cmdline) {
        int end = 0;
        while (end < cmdline.length && cmdline[end] != 0) {
            end++;
        }
        return new String(cmdline, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
