package org.tapin.appliance;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.account.AccountStore;
import org.tapin.appliance.account.LocalPasswords;
import org.tapin.appliance.account.SqliteAccountStore;
import org.tapin.appliance.admin.AdminCommand;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.directory.Directory;
import org.tapin.appliance.directory.LocalAccounts;
import org.tapin.appliance.directory.ldap.LdapDirectory;
import org.tapin.appliance.factor.Continuations;
import org.tapin.appliance.factor.FactorStore;
import org.tapin.appliance.factor.SignInFlow;
import org.tapin.appliance.factor.SqliteFactorStore;
import org.tapin.appliance.factor.TemporaryCodes;
import org.tapin.appliance.http.ApplianceServer;
import org.tapin.appliance.radius.RadiusCheck;
import org.tapin.appliance.radius.RadiusClientCheck;
import org.tapin.appliance.radius.RadiusSettings;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code appliance serve} runs the server; {@code appliance admin ...} changes its store like an admin. */
@Command(name = "appliance", mixinStandardHelpOptions = true, version = ApplianceServer.VERSION,
        description = "The tapin reference appliance.",
        subcommands = {ApplianceMain.Serve.class, AdminCommand.class})
public final class ApplianceMain {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new ApplianceMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Runs the HTTPS server until stopped (SIGTERM or Ctrl-C).")
    static final class Serve implements Callable<Integer> {
        private static final Logger LOG = LoggerFactory.getLogger("Appliance.Main");

        @Option(names = {"-c", "--config"}, description = "configuration file (default: $TAPIN_APPLIANCE_CONFIG, else "
                + ApplianceConfig.DEFAULT_LOCATION + ")")
        Path config;

        @Override
        public Integer call() throws Exception {
            ApplianceConfig cfg;
            try {
                cfg = ApplianceConfig.load(config != null ? config : ApplianceConfig.defaultLocation());
            } catch (ApplianceConfig.ConfigException e) {
                System.err.println("appliance: " + e.getMessage());
                return 2;
            }
            Store store = SqliteStore.open(cfg.store());
            Directory directory;
            try {
                directory = cfg.ldap() != null
                        ? new LdapDirectory(cfg.ldap(), store, Clock.systemUTC())
                        : new LocalAccounts(store, new PasswordHasher(cfg.passwordIterations()),
                                cfg.lockoutMaxFailures(), cfg.lockoutDuration(), Clock.systemUTC());
            } catch (Exception e) {
                store.close();
                System.err.println("appliance: cannot use the directory: " + e.getMessage());
                return 1;
            }
            LOG.info("passwords are checked by the {} directory", directory.name());
            Authenticator auth = new Authenticator(store, directory, Clock.systemUTC());
            FactorStore factors = SqliteFactorStore.open(cfg.store());
            AccountStore accounts = SqliteAccountStore.open(cfg.store());
            PasswordHasher hasher = new PasswordHasher(cfg.passwordIterations());
            Clock clock = Clock.systemUTC();
            // Password rules, flags and ages are the local accounts' own; a directory keeps its own policy.
            LocalPasswords passwords = cfg.ldap() == null ? new LocalPasswords(store, accounts, cfg.passwordRules(), hasher, clock) : null;
            ApplianceServer server;
            try {
                RadiusCheck radius = cfg.radius().role() == RadiusSettings.Role.OFF ? null : new RadiusClientCheck(cfg.radius());
                SignInFlow flow = new SignInFlow(store, auth, factors, new TemporaryCodes(factors, hasher, clock),
                        new Continuations(cfg.secondFactorTokenLifetime(), clock), radius, cfg.radius().role(),
                        cfg.lockoutMaxFailures(), cfg.lockoutDuration(), clock, passwords);
                server = new ApplianceServer(cfg, store, flow, clock).start();
            } catch (Exception e) {
                directory.close();
                accounts.close();
                factors.close();
                store.close();
                System.err.println("appliance: cannot start: " + e.getMessage());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("stopping");
                server.close();
                directory.close();
                accounts.close();
                factors.close();
                store.close();
                stopped.countDown();
            }, "appliance-stop"));
            stopped.await();
            return 0;
        }
    }
}
