package org.tapin.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time a process has used so far, from {@code /proc/PID/stat}, in total and per kind of thread (from each
 * {@code /proc/PID/task/TID/stat}): the JIT compilers and the garbage collector are the JVM's own cost, which
 * shrinks once it is warm, while the request threads' share is what the server code costs.
 */
record ProcessCpu(double totalMillis, Map<String, Double> millisByKind) {

    /** Linux's USER_HZ: 100 on every architecture the project runs on ({@code getconf CLK_TCK}). */
    private static final double MILLIS_PER_TICK = 10.0;

    static ProcessCpu of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        double total = ticks(Files.readString(proc.resolve("stat"))) * MILLIS_PER_TICK;
        Map<String, Double> byKind = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    byKind.merge(kind(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))), ticks(stat) * MILLIS_PER_TICK,
                            Double::sum);
                } catch (NoSuchFileException ended) {
                    // the thread ended between the listing and the read: its time is in the total
                }
            }
        }
        return new ProcessCpu(total, byKind);
    }

    /** This sample minus an earlier one: the CPU used in between. */
    ProcessCpu since(ProcessCpu earlier) {
        Map<String, Double> byKind = new TreeMap<>(millisByKind);
        earlier.millisByKind.forEach((kind, millis) -> byKind.merge(kind, -millis, Double::sum));
        return new ProcessCpu(totalMillis - earlier.totalMillis, byKind);
    }

    /** utime + stime: fields 14 and 15, counted after the command name, which may hold spaces and parentheses. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The kernel keeps 15 characters of a thread's name: enough to tell these apart. */
    static String kind(String threadName) {
        if (threadName.startsWith("C2 Compiler")) {
            return "c2";
        }
        if (threadName.startsWith("C1 Compiler")) {
            return "c1";
        }
        if (threadName.startsWith("G1 ") || threadName.startsWith("GC ") || threadName.equals("VM Thread")) {
            return "gc";
        }
        if (threadName.startsWith("qtp") || threadName.startsWith("Jetty")) {
            return "jetty";
        }
        if (threadName.startsWith("group-commit")) {
            return "commit";
        }
        return "other";
    }
}
