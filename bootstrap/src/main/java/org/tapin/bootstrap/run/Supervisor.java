package org.tapin.bootstrap.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tapin.bootstrap.log.BootLog;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.slot.Installer;
import org.tapin.bootstrap.slot.LoaderState;
import org.tapin.bootstrap.slot.Slot;
import org.tapin.bootstrap.slot.SlotStore;
import org.tapin.bootstrap.slot.StartChoice;

/**
 * Keeps an agent running. A good version that dies is started again at once (the lock cover must not wait);
 * only a crash loop is slowed down, doubling up to {@link #MAX_BACKOFF}. A version on probation must create the
 * health file within the health timeout; each start counts down its tries before it happens, and when they are
 * used up the version is quarantined and the last good slot runs again.
 *
 * <p>The supervisor is the only writer of the state while it runs. Packages for it to install are dropped into
 * {@code inbox/} (by {@code tapin-bootstrap install}, or a fetch from the appliance); it installs them next to
 * the running agent, which keeps running through the unpacking and the self-test, and switches only when the
 * new version passed both.
 */
public final class Supervisor {
    public static final String INBOX = "inbox";
    /** The report of a package the loader would not install, whoever handed it over. */
    public static final String PACKAGE_REFUSED = "agent.package.refused";
    static final Duration QUICK_EXIT = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration RETRY = Duration.ofSeconds(5);
    private static final long POLL_MS = 50;
    /** The agent touches the idle file every second while idle at the lock; older than this, it is not idle. */
    static final Duration IDLE_FRESH = Duration.ofSeconds(3);

    private final SlotStore store;
    private final Installer installer;
    private final AgentCommand command;
    private final BootLog log;
    private final Duration healthTimeout;
    private final int probationTries;
    private volatile boolean stopping;
    private volatile Process child;
    private boolean oomWarned;
    private boolean reportedHealthy;
    private List<String> lastNotes = List.of();
    private final AgentPidFile pidFile;
    private final LoaderReports reports;
    private final Duration switchDeadline;
    private long stagedAt;

    /**
     * @param switchDeadline how long a staged version waits for the agent to say the endpoint is idle at the lock
     *     before the loader switches anyway (an agent that never says so must not be able to block its own fix)
     */
    public Supervisor(SlotStore store, Installer installer, AgentCommand command, BootLog log,
            Duration healthTimeout, int probationTries, Duration switchDeadline) {
        this.store = store;
        this.installer = installer;
        this.command = command;
        this.log = log;
        this.healthTimeout = healthTimeout;
        this.probationTries = probationTries;
        this.pidFile = new AgentPidFile(store.home().resolve("agent.pid"));
        this.reports = new LoaderReports(store.reports(), java.time.Clock.systemUTC());
        this.switchDeadline = switchDeadline;
    }

    /** The pid of the agent a loader started and has not seen exit, if that process is still alive. */
    public static Optional<Long> runningAgent(SlotStore store) {
        return new AgentPidFile(store.home().resolve("agent.pid")).alive();
    }

    public static Path inbox(SlotStore store) {
        return store.home().resolve(INBOX);
    }

    private enum End { EXITED, HEALTH_TIMEOUT, SWITCH, STOP }

    /** Runs agents until {@link #stop()}. */
    public void run() throws IOException, InterruptedException {
        int quickExits = 0;
        Optional<Long> orphan = pidFile.stopOrphan();
        if (orphan.isPresent()) {
            log.warn("Stopped agent pid " + orphan.get() + " left running by a loader that did not stop it");
        }
        while (!stopping) {
            try {
                quickExits = runOnce(quickExits);
            } catch (IOException e) {
                // Disk full, a read-only remount: never leave an agent behind that the next round would double.
                Process p = child;
                if (p != null && p.isAlive()) {
                    stopProcess(p);
                }
                log.error("Loader could not go on (" + e + "): trying again in " + RETRY.toSeconds() + " s");
                sleepUnlessStopping(RETRY);
            }
        }
    }

    /** Chooses, starts and watches one agent process; returns the updated count of quick exits. */
    private int runOnce(int quickExits) throws IOException, InterruptedException {
        installFromInbox();
        StartChoice.Decision d = StartChoice.decide(store, probationTries);
        if (!d.notes().equals(lastNotes)) {
            // said once, not once a second while waiting for a package
            d.notes().forEach(log::warn);
        }
        lastNotes = d.notes();
        if (d.slot().isEmpty()) {
            sleepUnlessStopping(Duration.ofSeconds(1));
            return quickExits;
        }
        LoaderState state = d.state();
        Slot slot = d.slot().get();
        Manifest manifest = d.manifest().get();
        boolean probation = state.onProbation();
        if (probation) {
            if (state.triesLeft() <= 0) {
                rollback(state, manifest, "it did not report healthy in any of its starts");
                return quickExits;
            }
            state = state.withTriesLeft(state.triesLeft() - 1);
            store.writeState(state);
        }
        Files.deleteIfExists(store.healthFile());
        Files.deleteIfExists(store.idleFile());
        long started = System.nanoTime();
        Process p = start(slot, manifest, state);
        log.info("Agent " + manifest.version() + " started from slot " + slot.folderName() + " (pid " + p.pid()
                + (probation ? ", on probation: " + healthTimeout.toSeconds() + " s to report healthy, "
                        + state.triesLeft() + " tries left after this one)" : ")"));
        End end = watch(p, slot, manifest, probation, state);
        pidFile.clear();
        Duration ran = Duration.ofNanos(System.nanoTime() - started);
        switch (end) {
            case STOP -> {
                return quickExits;
            }
            case SWITCH -> {
                return 0;
            }
            case HEALTH_TIMEOUT -> log.error("Agent " + manifest.version() + " did not report healthy within "
                    + healthTimeout.toSeconds() + " s: stopped it");
            case EXITED -> {
                String how = "Agent " + manifest.version() + " exited with code " + p.exitValue();
                if (probation && !reportedHealthy) {
                    log.error(how + " before reporting healthy");
                    return quickExits;
                }
                quickExits = ran.compareTo(QUICK_EXIT) < 0 ? quickExits + 1 : 0;
                Duration delay = backoff(quickExits);
                log.warn(how + " after " + ran.toSeconds() + " s: restarting"
                        + (delay.isZero() ? " now" : " in " + delay.toMillis() + " ms (crash loop)"));
                sleepUnlessStopping(delay);
            }
        }
        return quickExits;
    }

    /** Stops supervising and the agent with it; safe from a shutdown hook or another thread. */
    public void stop() {
        stopping = true;
        Process p = child;
        if (p != null) {
            stopProcess(p);
        }
    }

    /** The first restart is immediate; a loop of quick deaths waits 0.5 s, 1 s, 2 s ... up to 30 s. */
    static Duration backoff(int quickExits) {
        if (quickExits <= 1) {
            return Duration.ZERO;
        }
        long ms = 500L << Math.min(10, quickExits - 2);
        return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
    }

    private Process start(Slot slot, Manifest manifest, LoaderState state) throws IOException {
        ProcessBuilder pb = command.processBuilder(command.command(store.folder(slot), manifest))
                .directory(store.folder(slot).toFile())
                .inheritIO();
        Map<String, String> env = pb.environment();
        env.put(AgentCommand.HEALTH_FILE_ENV, store.healthFile().toString());
        env.put(AgentCommand.VERSION_ENV, manifest.version().toString());
        env.put(AgentCommand.INBOX_ENV, Files.createDirectories(inbox(store)).toString());
        env.put(AgentCommand.QUARANTINED_ENV, state.quarantined().stream().map(Object::toString).sorted()
                .collect(Collectors.joining(",")));
        env.put(AgentCommand.IDLE_FILE_ENV, store.idleFile().toString());
        env.put(AgentCommand.REPORTS_ENV, store.reports().toString());
        Process p = pb.start();
        child = p;
        pidFile.record(p);
        protectFromOomKiller(p);
        return p;
    }

    private End watch(Process p, Slot slot, Manifest manifest, boolean probation, LoaderState state)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + healthTimeout.toNanos();
        long nextInboxCheck = System.nanoTime();
        boolean waitingForHealth = probation;
        reportedHealthy = false;
        while (true) {
            if (stopping) {
                stopProcess(p);
                return End.STOP;
            }
            if (waitingForHealth && Files.exists(store.healthFile(), LinkOption.NOFOLLOW_LINKS)) {
                state = state.markedGood(manifest.version());
                store.writeState(state);
                waitingForHealth = false;
                reportedHealthy = true;
                log.info("Agent " + manifest.version() + " reported healthy: marked good, rollback floor now "
                        + state.floor().map(Object::toString).orElse("none"));
                tell("agent.installed", manifest.version().toString(), "version " + manifest.version() + " passed probation in slot "
                        + slot.folderName() + " and runs");
            }
            if (!p.isAlive()) {
                return End.EXITED;
            }
            if (waitingForHealth && System.nanoTime() > deadline) {
                stopProcess(p);
                return End.HEALTH_TIMEOUT;
            }
            // Not while a version is on probation: an install takes seconds that its health deadline would lose.
            if (!waitingForHealth && System.nanoTime() >= nextInboxCheck) {
                nextInboxCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                installFromInbox();
                if (!currentSlot().equals(Optional.of(slot)) && mayStopForSwitch(manifest)) {
                    stopProcess(p);
                    return End.SWITCH;
                }
            }
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * A staged version replaces the running agent only while the endpoint is idle at the lock, never in the middle
     * of someone's session; after {@code switchDeadline} without such a moment it replaces it anyway.
     */
    private boolean mayStopForSwitch(Manifest running) {
        long now = System.nanoTime();
        if (stagedAt == 0) {
            stagedAt = now;
            log.info("A new version is staged: agent " + running.version() + " is replaced at the next idle lock");
        }
        boolean idle = idleAtLock();
        boolean overdue = now - stagedAt > switchDeadline.toNanos();
        if (!idle && !overdue) {
            return false;
        }
        stagedAt = 0;
        log.info("Stopping agent " + running.version() + " to switch versions"
                + (idle ? " (the endpoint is idle at the lock)" : " (no idle lock within " + switchDeadline + ")"));
        return true;
    }

    private boolean idleAtLock() {
        try {
            Instant touched = Files.getLastModifiedTime(store.idleFile(), LinkOption.NOFOLLOW_LINKS).toInstant();
            return Duration.between(touched, Instant.now()).abs().compareTo(IDLE_FRESH) <= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Leaves a report for the agent to audit; a report that cannot be written is said in the log instead. */
    private void tell(String type, String version, String detail) {
        reports.writeOrLog(type, version, detail, log);
    }

    private Optional<Slot> currentSlot() throws IOException {
        try {
            return store.readState().flatMap(LoaderState::current);
        } catch (org.tapin.bootstrap.pkg.Refused e) {
            return Optional.empty();
        }
    }

    private void rollback(LoaderState state, Manifest manifest, String why) throws IOException {
        String line = "Version " + manifest.version() + " rolled back and quarantined: " + why;
        LoaderState next = state.quarantine(manifest.version(), line);
        next = next.good().isPresent() && !next.good().equals(next.current())
                ? next.withCurrent(next.good().get(), 0) : next.withoutCurrent();
        store.writeState(next);
        log.error(line);
        tell("agent.rolled-back", manifest.version().toString(), line);
    }

    /** Installs what was dropped into the inbox; true if it switched the current slot. */
    private boolean installFromInbox() throws IOException {
        Path inbox = inbox(store);
        if (!Files.isDirectory(inbox)) {
            return false;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(inbox, "*.pkg")) {
            dir.forEach(files::add);
        }
        boolean switched = false;
        for (Path file : files.stream().sorted().toList()) {
            try {
                Installer.Outcome outcome = installer.install(file);
                switched |= report(outcome, log);
                if (outcome instanceof Installer.RefusedPackage r) {
                    tell(PACKAGE_REFUSED, "", r.reason());
                }
            } catch (IOException e) {
                log.error("Package " + file.getFileName() + " not installed: " + e
                        + "; the current agent keeps running");
            } finally {
                Files.deleteIfExists(file);
            }
        }
        return switched;
    }

    /** The one log line an admin reads about an install; true if it switched to a new version. */
    public static boolean report(Installer.Outcome outcome, BootLog log) {
        if (outcome instanceof Installer.Switched s) {
            log.info("Version " + s.manifest().version() + " verified, passed its self-test and was installed in "
                    + "slot " + s.slot().folderName() + ": switching to it on probation");
            s.archiveFailure().ifPresent(why -> log.warn("Version " + s.manifest().version()
                    + " starts without a class-data archive: " + why));
            return true;
        }
        if (outcome instanceof Installer.AlreadyInstalled a) {
            log.info("Version " + a.manifest().version() + " is already installed in slot " + a.slot().folderName());
            return false;
        }
        log.error(((Installer.RefusedPackage) outcome).reason() + "; the current agent keeps running");
        return false;
    }

    private void stopProcess(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the kernel to kill other processes before the agent when memory runs out (systemd's
     * {@code OOMScoreAdjust}): the agent holds the lock. Lowering the score needs root; where that is not
     * permitted the agent simply runs with the default score, said once in the log.
     */
    private void protectFromOomKiller(Process p) {
        Path adj = Path.of("/proc", Long.toString(p.pid()), "oom_score_adj");
        try {
            Files.writeString(adj, "-900", StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            if (!oomWarned) {
                oomWarned = true;
                log.info("Agent keeps the default OOM score: " + adj + " not writable (" + e.getMessage() + ")");
            }
        }
    }

    private void sleepUnlessStopping(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        while (!stopping && System.nanoTime() < until) {
            Thread.sleep(Math.min(POLL_MS, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }
}
