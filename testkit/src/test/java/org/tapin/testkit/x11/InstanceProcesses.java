package org.tapin.testkit.x11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What /proc says about the processes of one server instance, checked independently of tools/xserver. */
final class InstanceProcesses {
    private InstanceProcesses() {}

    /** Running (not zombie) processes whose environment carries the instance marker of {@code stateDir}. */
    static List<Long> running(Path stateDir) {
        byte[] marker = ("TAPIN_XSERVER_ID=" + stateDir.toAbsolutePath()).getBytes(StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && hasVariable(proc, marker) && alive(Long.parseLong(name))) {
                    pids.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    /** Whether the process runs: a zombie is dead, and this machine's init may leave orphans as zombies. */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    static long recordedPid(Path stateDir, String name) throws IOException {
        return Long.parseLong(Files.readString(stateDir.resolve(name + ".pid")).split(" ")[0]);
    }

    static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean hasVariable(Path proc, byte[] marker) {
        byte[] env;
        try {
            env = Files.readAllBytes(proc.resolve("environ"));
        } catch (IOException | SecurityException e) {
            return false; // gone, a kernel thread, or another user's
        }
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == marker.length && java.util.Arrays.equals(env, start, i, marker, 0, marker.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
