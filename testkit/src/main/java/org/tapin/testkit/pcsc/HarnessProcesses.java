package org.tapin.testkit.pcsc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Everything the PC/SC harness started, stopped when the JVM exits even if a test forgot to. */
final class HarnessProcesses {
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(HarnessProcesses::closeQuietly), "pcsc-harness-cleanup"));
    }

    private HarnessProcesses() {}

    static void track(AutoCloseable closeable) {
        OPEN.add(closeable);
    }

    static void untrack(AutoCloseable closeable) {
        OPEN.remove(closeable);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // the JVM is exiting; nothing more to do
        }
    }
}
