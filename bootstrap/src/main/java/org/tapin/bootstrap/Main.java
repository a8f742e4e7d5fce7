package org.tapin.bootstrap;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tapin.bootstrap.config.LoaderConfig;
import org.tapin.bootstrap.fetch.CaFolderTrust;
import org.tapin.bootstrap.fetch.Download;
import org.tapin.bootstrap.log.BootLog;
import org.tapin.bootstrap.pkg.KeyFiles;
import org.tapin.bootstrap.pkg.PackageBuilder;
import org.tapin.bootstrap.pkg.Platform;
import org.tapin.bootstrap.pkg.Refused;
import org.tapin.bootstrap.pkg.Requirements;
import org.tapin.bootstrap.pkg.TrustedKeys;
import org.tapin.bootstrap.pkg.Version;
import org.tapin.bootstrap.run.AgentCommand;
import org.tapin.bootstrap.run.JvmClassDataDump;
import org.tapin.bootstrap.run.JvmSelfTest;
import org.tapin.bootstrap.run.LoaderReports;
import org.tapin.bootstrap.run.Supervisor;
import org.tapin.bootstrap.slot.Installer;
import org.tapin.bootstrap.slot.LoaderState;
import org.tapin.bootstrap.slot.Slot;
import org.tapin.bootstrap.slot.SlotReadAhead;
import org.tapin.bootstrap.slot.SlotStore;
import org.tapin.bootstrap.wipe.RuntimeWipe;

/**
 * {@code tapin-bootstrap}: the first process on the endpoint. Without a command it verifies the installed agent,
 * installs {@code --package} if given, starts the agent and supervises it until stopped.
 */
public final class Main {
    /** A dump takes seconds; on a loaded thin client, a minute before the agent goes without its archive. */
    private static final Duration CLASS_DATA_TIMEOUT = Duration.ofSeconds(60);
    static final Path DEFAULT_HOME = Path.of("/usr/lib/imprivata/runtime/slots");
    static final Path DEFAULT_KEYS = Path.of("/usr/lib/imprivata/runtime/etc/trusted-keys");
    static final String LOCK = "loader.lock";

    private static final String USAGE = """
            usage: tapin-bootstrap [OPTIONS]                 start and supervise the installed agent
                   tapin-bootstrap [OPTIONS] --package FILE|URL   install a package first, then the same
                   tapin-bootstrap [OPTIONS] install FILE|URL     install (or hand to the running loader)
                   tapin-bootstrap [OPTIONS] --status        slots, versions, which is good, last failure
                   tapin-bootstrap [OPTIONS] -w              wipe the agent's runtime data
                   tapin-bootstrap keygen PRIVATE_FILE PUBLIC_FILE
                   tapin-bootstrap package --from DIR --key PRIVATE_FILE --version V --main CLASS --out FILE
                                   [--valid-days 90] [--arch any] [--java 17-21] [--protocol 1]
            options: --config FILE (else $TAPIN_CONFIG, else %s)
                     --home DIR (%s)  --keys DIR (%s)
                     --health-timeout SECONDS (60)  --tries N (3)  --self-test-timeout SECONDS (60)
                     --switch-deadline MINUTES (1440: a staged version waits this long for an idle lock)
                     --ca-certs DIR (/wfs/ca-certs, for https packages)  --max-package-mb N (256)
            """.formatted(LoaderConfig.DEFAULT_FILE, DEFAULT_HOME, DEFAULT_KEYS);

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] argv) {
        System.exit(new Main(System.out, System.err).run(argv));
    }

    int run(String[] argv) {
        try {
            Args args = new Args(argv, Set.of("-w", "--status", "-h", "--help"));
            if (args.flag("-h") || args.flag("--help")) {
                out.print(USAGE);
                return 0;
            }
            List<String> words = args.words();
            String command = words.isEmpty() ? "run" : words.get(0);
            return switch (command) {
                case "keygen" -> keygen(args);
                case "package" -> buildPackage(args);
                case "install" -> endpoint(args, Mode.INSTALL);
                case "run" -> endpoint(args, args.flag("-w") ? Mode.WIPE
                        : args.flag("--status") ? Mode.STATUS : Mode.RUN);
                default -> throw new Args.UsageException("unknown command " + command);
            };
        } catch (Args.UsageException e) {
            err.println("tapin-bootstrap: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (NumberFormatException e) {
            err.println("tapin-bootstrap: not a number: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    private enum Mode { RUN, INSTALL, STATUS, WIPE }

    private int keygen(Args args) throws Args.UsageException {
        args.noneLeft();
        if (args.words().size() != 3) {
            throw new Args.UsageException("keygen needs PRIVATE_FILE and PUBLIC_FILE");
        }
        try {
            KeyFiles.generate(Path.of(args.words().get(1)), Path.of(args.words().get(2)));
            out.println("wrote " + args.words().get(1) + " (keep it off the endpoints) and " + args.words().get(2)
                    + " (ship it in the loader's trusted-keys folder)");
            return 0;
        } catch (IOException | GeneralSecurityException e) {
            err.println("tapin-bootstrap: keygen failed: " + e);
            return 1;
        }
    }

    private int buildPackage(Args args) throws Args.UsageException {
        Path from = Path.of(args.required("--from"));
        Path key = Path.of(args.required("--key"));
        String version = args.required("--version");
        String main = args.required("--main");
        Path target = Path.of(args.required("--out"));
        long days = Long.parseLong(args.option("--valid-days").orElse("90"));
        List<String> arch = Arrays.asList(args.option("--arch").orElse(Requirements.ANY_ARCH).split(","));
        String[] java = args.option("--java").orElse("17-21").split("-");
        int protocol = Integer.parseInt(args.option("--protocol").orElse(String.valueOf(Platform.PROTOCOL)));
        args.noneLeft();
        if (java.length != 2) {
            throw new Args.UsageException("--java is a range such as 17-21");
        }
        try {
            var m = PackageBuilder.build(from, KeyFiles.readPrivate(key), Version.parse(version),
                    Instant.now().plus(Duration.ofDays(days)),
                    new Requirements(arch, Integer.parseInt(java[0]), Integer.parseInt(java[1]), protocol), main,
                    target);
            out.println("wrote " + target + ": version " + m.version() + ", " + m.files().size() + " files, "
                    + m.totalBytes() + " bytes, expires " + m.expires());
            return 0;
        } catch (Refused e) {
            err.println("tapin-bootstrap: package not built: " + e.getMessage());
            return 1;
        } catch (IOException | GeneralSecurityException e) {
            err.println("tapin-bootstrap: package not built: " + e);
            return 1;
        }
    }

    private int endpoint(Args args, Mode mode) throws Args.UsageException {
        Path configFile = Path.of(args.option("--config").orElse(
                Optional.ofNullable(System.getenv("TAPIN_CONFIG")).orElse(LoaderConfig.DEFAULT_FILE.toString())));
        Path home = Path.of(args.option("--home").orElse(DEFAULT_HOME.toString())).toAbsolutePath();
        Path keysDir = Path.of(args.option("--keys").orElse(DEFAULT_KEYS.toString())).toAbsolutePath();
        Duration health = Duration.ofSeconds(Long.parseLong(args.option("--health-timeout").orElse("60")));
        int tries = Integer.parseInt(args.option("--tries").orElse("3"));
        Duration selfTestTimeout = Duration.ofSeconds(Long.parseLong(args.option("--self-test-timeout").orElse("60")));
        Duration switchDeadline = Duration.ofMinutes(Long.parseLong(args.option("--switch-deadline").orElse("1440")));
        Optional<String> packageSource = args.option("--package");
        if (mode == Mode.INSTALL) {
            if (args.words().size() != 2) {
                throw new Args.UsageException("install needs FILE or URL");
            }
            packageSource = Optional.of(args.words().get(1));
        }
        Path caDir = Path.of(args.option("--ca-certs").orElse("/wfs/ca-certs"));
        long maxDownload = Long.parseLong(args.option("--max-package-mb").orElse("256")) * 1024 * 1024;
        args.noneLeft();
        // Hashing the installed agent is the longest part of the start: begun now, it runs while the
        // configuration, the log and the trusted keys are read. Not when a package is installed first, which
        // may replace a slot.
        SlotReadAhead readAhead = mode == Mode.RUN && packageSource.isEmpty() ? SlotReadAhead.start(home)
                : SlotReadAhead.none();

        LoaderConfig config;
        String configProblem = null;
        try {
            config = LoaderConfig.read(configFile);
        } catch (IOException e) {
            config = LoaderConfig.defaults();
            configProblem = "Cannot read " + configFile + " (" + e.getMessage() + "): using defaults";
        }
        BootLog log = new BootLog(config.logDir().resolve(BootLog.FILE_NAME), mode == Mode.STATUS ? null : err,
                Clock.systemDefaultZone());
        if (mode != Mode.STATUS) {
            BuildInfo build = BuildInfo.read();
            log.info("tapin bootstrap version: " + build.version() + " built: " + build.built());
        }
        if (configProblem != null) {
            log.warn(configProblem);
        }
        try {
            TrustedKeys keys = TrustedKeys.loadReadable(keysDir, log::error);
            SlotStore store = new SlotStore(home, keys, readAhead);
            if (mode == Mode.STATUS) {
                return status(store);
            }
            try (FileChannel lockFile = FileChannel.open(home.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
                if (mode == Mode.WIPE) {
                    if (lock == null) {
                        log.error("Not wiping: a loader is running on " + home + "; stop it first");
                        return 1;
                    }
                    return wipe(config, configFile, keysDir, home, log);
                }
                log.info("Trusted keys: " + keys.size() + " in " + keysDir);
                AgentCommand agent = AgentCommand.currentJvm().withConfig(configFile);
                Installer installer = new Installer(store, Clock.systemUTC(), Platform.current(),
                        new JvmSelfTest(agent, selfTestTimeout), new JvmClassDataDump(agent.java(), CLASS_DATA_TIMEOUT),
                        tries);
                if (lock == null) {
                    readAhead.cancel();
                    if (mode == Mode.RUN && packageSource.isEmpty()) {
                        log.error("Another loader is already running on " + home);
                        return 1;
                    }
                    Path queued = queue(packageSource.get(), store, caDir, maxDownload);
                    log.info("Handed " + queued.getFileName() + " to the running loader");
                    return 0;
                }
                if (packageSource.isPresent()) {
                    boolean installed = install(packageSource.get(), store, installer, caDir, maxDownload, log,
                            new LoaderReports(store.reports(), Clock.systemUTC()));
                    if (mode == Mode.INSTALL) {
                        return installed ? 0 : 1;
                    }
                }
                Supervisor supervisor = new Supervisor(store, installer, agent, log, health, tries, switchDeadline);
                Thread hook = new Thread(supervisor::stop, "loader-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                supervisor.run();
                return 0;
            }
        } catch (Refused e) {
            log.error(e.getMessage() + "; the current agent keeps running");
            return 1;
        } catch (IOException | GeneralSecurityException e) {
            log.error("Loader failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * Installs from a file or URL; a refusal or a failed download is logged and returns false, so that the
     * loader goes on to start the version it has. A refusal is also left for the appliance's audit, as the
     * running loader does for what it is handed: a package someone tried to install at boot is an event too.
     */
    private static boolean install(String source, SlotStore store, Installer installer, Path caDir, long maxBytes,
            BootLog log, LoaderReports reports) {
        Path file = null;
        try {
            file = obtain(source, store, caDir, maxBytes);
            Installer.Outcome o = installer.install(file);
            Supervisor.report(o, log);
            if (o instanceof Installer.RefusedPackage r) {
                reports.writeOrLog(Supervisor.PACKAGE_REFUSED, "", r.reason(), log);
                return false;
            }
            return true;
        } catch (Refused e) {
            String why = "Package " + source + " refused: " + e.getMessage();
            log.error(why + "; the current agent keeps running");
            reports.writeOrLog(Supervisor.PACKAGE_REFUSED, "", why, log);
        } catch (IOException | GeneralSecurityException e) {
            log.error("Package " + source + " not installed: " + e + "; the current agent keeps running");
        } finally {
            if (file != null && !file.toString().equals(source)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("Could not remove " + file + ": " + e.getMessage());
                }
            }
        }
        return false;
    }

    /** A local file is used in place; a URL is downloaded into the loader's home with the package size cap. */
    private static Path obtain(String source, SlotStore store, Path caDir, long maxBytes)
            throws IOException, Refused, GeneralSecurityException {
        if (!source.startsWith("https://") && !source.startsWith("http://")) {
            return Path.of(source);
        }
        Path target = store.home().resolve("download.pkg");
        try {
            new Download(CaFolderTrust.context(caDir), Duration.ofSeconds(30)).fetch(URI.create(source), target,
                    maxBytes);
        } catch (Refused | IOException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return target;
    }

    /** Hands a package to the running loader: copied whole under a temporary name, then renamed into its inbox. */
    private static Path queue(String source, SlotStore store, Path caDir, long maxBytes)
            throws IOException, Refused, GeneralSecurityException {
        Path inbox = Files.createDirectories(Supervisor.inbox(store));
        Path file = obtain(source, store, caDir, maxBytes);
        Path tmp = inbox.resolve(System.currentTimeMillis() + ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Path queued = inbox.resolve(System.currentTimeMillis() + ".pkg");
        Files.move(tmp, queued, StandardCopyOption.ATOMIC_MOVE);
        if (!file.toString().equals(source)) {
            Files.deleteIfExists(file);
        }
        return queued;
    }

    private int status(SlotStore store) throws IOException {
        LoaderState state;
        try {
            state = store.readState().orElse(LoaderState.empty());
        } catch (Refused e) {
            out.println("state: refused (" + e.getMessage() + ")");
            state = LoaderState.empty();
        }
        out.println("home: " + store.home());
        out.println("loader: " + (loaderRunning(store.home()) ? "running" : "not running")
                + Supervisor.runningAgent(store).map(pid -> ", agent pid " + pid).orElse(""));
        for (Slot s : Slot.values()) {
            StringBuilder line = new StringBuilder("slot " + s.folderName() + ": " + store.describe(s));
            if (state.current().equals(Optional.of(s))) {
                line.append(", current");
                if (state.onProbation()) {
                    line.append(", on probation (").append(state.triesLeft()).append(" tries left)");
                }
            }
            if (state.good().equals(Optional.of(s))) {
                line.append(", good");
            }
            out.println(line);
        }
        out.println("rollback floor: " + state.floor().map(Version::toString).orElse("none"));
        out.println("quarantined: " + (state.quarantined().isEmpty() ? "none"
                : state.quarantined().stream().sorted().map(Version::toString).collect(Collectors.joining(", "))));
        out.println("last failure: " + (state.lastFailure().isEmpty() ? "none" : state.lastFailure()));
        return 0;
    }

    /** Whether another process holds the loader's lock, without taking it from a loader that runs. */
    private static boolean loaderRunning(Path home) {
        try (FileChannel ch = FileChannel.open(home.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.tryLock()) {
            return lock == null;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return true;
        }
    }

    private static int wipe(LoaderConfig config, Path configFile, Path keysDir, Path home, BootLog log) {
        try {
            List<Path> mustSurvive = new java.util.ArrayList<>(List.of(configFile, keysDir, home));
            try {
                mustSurvive.add(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (java.net.URISyntaxException | RuntimeException e) {
                // without a known location the loader's own files are protected by the other rules only
            }
            RuntimeWipe.Result r = RuntimeWipe.wipe(config.dataDir(), mustSurvive, List.of(config.logDir()));
            log.info("Wiped agent runtime data: " + r.removed() + " entries removed from " + r.folder()
                    + (r.kept().isEmpty() ? "" : ", kept " + r.kept().stream().map(Path::toString)
                            .collect(Collectors.joining(", "))));
            return 0;
        } catch (IOException e) {
            log.error("Wipe refused: " + e.getMessage());
            return 1;
        }
    }
}
