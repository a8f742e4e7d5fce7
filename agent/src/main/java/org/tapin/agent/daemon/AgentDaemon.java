package org.tapin.agent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.appliance.client.ApplianceAuthenticator;
import org.tapin.agent.appliance.client.ApplianceClient;
import org.tapin.agent.appliance.client.AuditUploader;
import org.tapin.agent.appliance.client.EndpointFacts;
import org.tapin.agent.appliance.client.PolicyWatcher;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.config.TapinConfig;
import org.tapin.agent.json.Json;
import org.tapin.agent.loader.LoaderLink;
import org.tapin.agent.policy.AccessListMatcher;
import org.tapin.agent.policy.LoadedPolicy;
import org.tapin.agent.policy.PolicyDocumentReader;
import org.tapin.agent.policy.PolicyException;
import org.tapin.agent.reader.PcscBadgeReader;
import org.tapin.agent.reader.ReaderSettings;
import org.tapin.agent.session.SessionEvent;
import org.tapin.agent.session.SessionMachine;
import org.tapin.agent.session.SessionPolicy;
import org.tapin.agent.session.WalkAway;
import org.tapin.agent.update.AgentUpdates;
import org.tapin.x11.cover.Cover;
import org.tapin.x11.screen.Monitor;
import org.tapin.x11.screen.Monitors;
import org.tapin.x11.window.WindowMonitor;

/**
 * The agent: puts the pieces together and runs until told to stop. The order matters for the first rule (fail
 * closed): the cover goes up before anything else can fail, and stays up if anything later does.
 */
public final class AgentDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent");

    private final TapinConfig config;
    private final String display;
    private final Cover cover;
    private final long coverId;
    private final Path overlayJar;
    private final List<String> overlayArguments;
    private final CountDownLatch exited = new CountDownLatch(1);
    private final long agentPid = ProcessHandle.current().pid();
    /** Events that came before the session loop existed (an overlay that died at once), handed to it later. */
    private final List<SessionEvent> early = new ArrayList<>();
    private AccessListMatcher matcher;
    private OverlayProcess overlay;
    private CoverLock lock;
    private volatile SessionLoop loop;
    private AuditJournal journal;
    private PcscBadgeReader reader;
    private IdleWatch idle;
    private WindowMonitor windows;
    private WindowActivityLog activityLog;
    private ApplianceAuthenticator authenticator;
    private AuditUploader uploader;
    private PolicyWatcher policies;
    private AgentUpdates updates;
    private long overlayPid;

    /**
     * @param cover the cover, already engaged on {@code display} (id {@code coverId}): it goes up before the
     *     configuration is even read
     * @param overlayArguments the lock-screen overlay's arguments (colours, title, computer), never a secret
     */
    public AgentDaemon(TapinConfig config, String display, Cover cover, long coverId, Path overlayJar,
            List<String> overlayArguments) {
        this.config = config;
        this.display = display;
        this.cover = cover;
        this.coverId = coverId;
        this.overlayJar = overlayJar;
        this.overlayArguments = List.copyOf(overlayArguments);
    }

    public AgentDaemon start() throws IOException, PolicyException, InterruptedException, java.security.GeneralSecurityException {
        // Fail closed first: the cover went up before anything else could take time or fail.
        LOG.info("display {} covered (cover 0x{}) before the agent read its configuration", display,
                Long.toHexString(coverId));
        matcher = accessList(config.lockScreen().accessList());
        Path data = config.agent().dataDir();
        Path run = data.resolve("run");
        Files.createDirectories(config.log().dir());
        OverlayCommand command = new OverlayCommand(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                overlayJar, data.resolve("cache"), overlayArguments);
        overlay = new OverlayProcess(command, display, run, config.log().dir().resolve("LockScreen.log"),
                this::submit, this::trustOverlay);
        lock = new CoverLock(display, cover, overlay);
        overlay.link().keyboardHandoff(lock);
        trustOverlay(0);
        // JavaFX takes the longest to start: its JVM starts now, in parallel with the rest of the agent. It learns
        // the screens, the view and the power menu when it connects (the link replays them).
        overlay.start();
        journal = AuditJournal.open(data.resolve("audit"));
        SessionMachine machine = new SessionMachine(sessionPolicy(config));
        Ports.Answers answers = (attempt, outcome) -> loop.answer(attempt, outcome);
        Ports.Appliance appliance;
        Ports.AuditTrail audit;
        ApplianceClient client = null;
        if (config.agent().appliances().isEmpty()) {
            appliance = new NoAppliance(answers);
            audit = new JournalAuditTrail(journal);
        } else {
            client = ApplianceClient.create(config, EndpointFacts.collect(computerName(), agentVersion(), ""));
            client.onReachedAgain(() -> submit(new SessionEvent.ApplianceReached()));
            authenticator = new ApplianceAuthenticator(client, answers);
            uploader = new AuditUploader(client, journal).start();
            appliance = authenticator;
            audit = uploader;
        }
        Ports.Power power = new SystemPower(config.lockScreen().shutdownCommand(), config.lockScreen().rebootCommand());
        LocalDesktop desktop = new LocalDesktop(display, run.resolve("desktop-owner"), this::windowPolicy);
        SessionLoop session = new SessionLoop(machine, lock, overlay, appliance, desktop, audit, power,
                this::exitAsAllowed, Clock.systemUTC());
        overlay.link().powerMenu(config.lockScreen().allowExit());
        synchronized (this) {
            loop = session;
            early.forEach(loop::submit);
            early.clear();
        }
        loop.start(); // the cover is up when this returns
        List<Monitor> monitors = lock.cover().monitors(this::layout);
        layout(monitors);
        reader = new PcscBadgeReader(ReaderSettings.from(config.reader()), new ReaderToSession(loop::submit)).start();
        Optional<LoaderLink> loader = LoaderLink.fromEnvironment(System.getenv());
        if (loader.isPresent()) {
            // Started by the loader: the policy's agent version is fetched and installed at an idle lock.
            updates = new AgentUpdates(loader.get(), client == null ? null : client::downloadPackage, journal,
                    loop::state, Clock.systemUTC()).start();
            loop.onState(updates::sessionChanged);
        }
        idle = new IdleWatch(display, loop::state, loop::submit, updates == null ? null : updates::tick).start();
        if (client != null) {
            // The last good policy applies at once from the cache, then every change within a second or two.
            policies = new PolicyWatcher(client, data, this::applyPolicy).start();
        }
        if (config.windowsMonitor().logActivity()) {
            activityLog = new WindowActivityLog(matcher);
            windows = new WindowMonitor(display, activityLog).start();
        }
        LOG.info("agent running on display {} (pid {})", display, agentPid);
        return this;
    }

    private synchronized void submit(SessionEvent event) {
        if (loop == null) {
            early.add(event);
        } else {
            loop.submit(event);
        }
    }

    public SessionLoop session() {
        return loop;
    }

    /** Blocks until the session machine lets the agent exit (the policy allows it and the user asked). */
    public void awaitExit() throws InterruptedException {
        exited.await();
    }

    private void layout(List<Monitor> monitors) {
        overlay.link().screens(monitors, promptMonitor(monitors, config.lockScreen().monitor()));
    }

    /**
     * The policy allowed it and the user authenticated: the endpoint is left as a plain desktop, the cover
     * removed (it would otherwise outlive the agent on purpose), the overlay stopped.
     */
    private void exitAsAllowed() {
        LOG.warn("exiting as the policy allows: the desktop is left unlocked");
        lock.cover().dispose();
        try {
            overlay.close();
        } catch (IOException e) {
            LOG.warn("overlay did not stop cleanly: {}", e.getMessage());
        }
        exited.countDown();
    }

    /**
     * A computer policy from the appliance (or its cache): the access list decides which windows show above
     * the lock from now on, the walk-away timings and exit go to the session machine. A policy that does not
     * parse is refused whole and the previous one stays.
     */
    private void applyPolicy(PolicyWatcher.Update update) {
        String source = "computer policy of group \"" + update.group() + "\"" + (update.fromCache() ? " (cached)" : "");
        try {
            JsonNode policy = Json.mapper().readTree(update.policyJson());
            LoadedPolicy access = PolicyDocumentReader.read(source, update.policyJson().getBytes(StandardCharsets.UTF_8));
            access.warnings().stream().filter(w -> !w.contains("unknown top-level field")).forEach(LOG::warn);
            SessionPolicy session = sessionPolicy(policy, sessionPolicy(config));
            synchronized (this) {
                matcher = access.policy().matcher();
            }
            trustOverlay(overlayPid);
            if (activityLog != null) {
                activityLog.policy(matcher);
            }
            loop.submit(new SessionEvent.PolicyChanged(session));
            if (updates != null) {
                updates.policyNames(policy.path("agentVersion").asText(null));
            }
            overlay.link().powerMenu(session.allowExit());
            LOG.info("{} applied: {} access-list entries, walk-away hide {} s, fade {} s, lock {} s, exit {}", source,
                    access.policy().lockScreenAccess().size(), session.walkAway().hide().toSeconds(),
                    session.walkAway().fade().toSeconds(), session.walkAway().lock().toSeconds(),
                    session.allowExit() ? "allowed" : "not allowed");
        } catch (PolicyException | IOException | RuntimeException e) {
            LOG.error("{} refused, the previous one stays: {}", source, e.getMessage());
        }
    }

    /** The policy's walk-away and exit, each falling back to {@code fallback} (Imprivata.conf) when absent. */
    static SessionPolicy sessionPolicy(JsonNode policy, SessionPolicy fallback) {
        JsonNode w = policy.path("walkAway");
        WalkAway walkAway = !w.isObject() ? fallback.walkAway() : new WalkAway(
                seconds(w, "hideSeconds", fallback.walkAway().hide()), seconds(w, "fadeSeconds", fallback.walkAway().fade()),
                seconds(w, "lockSeconds", fallback.walkAway().lock()));
        boolean allowExit = policy.path("allowExit").isBoolean() ? policy.get("allowExit").asBoolean() : fallback.allowExit();
        return new SessionPolicy(walkAway, allowExit, fallback.exitNeedsAuthentication());
    }

    private static Duration seconds(JsonNode object, String field, Duration fallback) {
        JsonNode value = object.path(field);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException("walkAway." + field + " must be a whole number of seconds >= 0");
        }
        return Duration.ofSeconds(value.asLong());
    }

    private String computerName() {
        return config.agent().computerName().isEmpty() ? hostname() : config.agent().computerName();
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String agentVersion() {
        String loaded = System.getenv(LoaderLink.VERSION);
        if (loaded != null && !loaded.isBlank()) {
            return loaded; // the signed package's version, which the appliance names in policies
        }
        String version = AgentDaemon.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** "primary", or a monitor number counted from 1 as admins count them; a number beyond the last is the primary. */
    static int promptMonitor(List<Monitor> monitors, String configured) {
        if (!"primary".equalsIgnoreCase(configured)) {
            int number = Integer.parseInt(configured.trim());
            if (number >= 1 && number <= monitors.size()) {
                return number - 1;
            }
        }
        return Monitors.promptIndex(monitors);
    }

    /** The agent's own windows (the dimmer) and the current overlay process are trusted; nothing by name. */
    private synchronized void trustOverlay(long pid) {
        overlayPid = pid;
        if (lock != null) {
            lock.policy(windowPolicy());
        }
    }

    /** What may show above the lock: the access list, and the agent's and the overlay's own windows. */
    private synchronized AccessListWindowPolicy windowPolicy() {
        return new AccessListWindowPolicy(matcher, overlayPid > 0 ? Set.of(agentPid, overlayPid) : Set.of(agentPid));
    }

    private static AccessListMatcher accessList(String file) throws PolicyException {
        if (file.isEmpty()) {
            LOG.warn("no lock-screen access list ([lockscreen] access-list): no window shows above the lock");
            return AccessListMatcher.of(List.of());
        }
        var loaded = PolicyDocumentReader.load(Path.of(file));
        loaded.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
        return loaded.policy().matcher();
    }

    static SessionPolicy sessionPolicy(TapinConfig config) {
        TapinConfig.WalkAway w = config.walkAway();
        return new SessionPolicy(new WalkAway(w.hide(), w.fade(), w.lock()), config.lockScreen().allowExit(), true);
    }

    @Override
    public void close() throws IOException {
        if (policies != null) {
            policies.close();
        }
        if (updates != null) {
            updates.close();
        }
        if (uploader != null) {
            uploader.close();
        }
        if (authenticator != null) {
            authenticator.close();
        }
        if (windows != null) {
            windows.close();
        }
        if (idle != null) {
            idle.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (loop != null) {
            loop.close();
        }
        if (overlay != null) {
            overlay.close();
        }
        if (journal != null) {
            journal.close();
        }
        // The cover stays on the screen (RetainPermanent): a stopped agent leaves the endpoint locked.
    }
}
