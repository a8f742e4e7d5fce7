package org.tapin.appliance.admin;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import org.tapin.appliance.PolicyDocuments;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.factor.FactorStore;
import org.tapin.appliance.factor.SecondFactorPolicy;
import org.tapin.appliance.factor.SqliteFactorStore;
import org.tapin.appliance.factor.TemporaryCode;
import org.tapin.appliance.factor.TemporaryCodes;
import org.tapin.appliance.factor.Totp;
import org.tapin.appliance.factor.TotpEnrollment;
import org.tapin.appliance.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Admin commands for second factors: TOTP enrollment (URI and QR code on the admin's terminal, the one place
 * the secret is ever shown), temporary codes (shown once, when issued), and the per-group policy. Secrets and
 * codes go to standard output only, never to the audit trail.
 */
final class FactorAdmin {

    private FactorAdmin() {}

    interface FactorWork {
        void run(Store store, FactorStore factors, org.tapin.appliance.ApplianceConfig config) throws Exception;
    }

    static int withFactors(AdminCommand admin, CommandSpec spec, FactorWork work) {
        return admin.withStore(spec, (store, cfg) -> {
            try (FactorStore factors = SqliteFactorStore.open(cfg.store())) {
                work.run(store, factors, cfg);
            }
        });
    }

    static void needUser(Store store, String username) {
        if (store.user(username).isEmpty()) {
            throw new AdminCommand.Refused("no user " + username);
        }
    }

    @Command(name = "totp", mixinStandardHelpOptions = true, description = "TOTP second factor (authenticator apps).")
    static final class TotpCommands {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "enroll", description = "Makes a new TOTP secret for a user (replacing any) and prints the otpauth URI "
                + "and a QR code to scan. Show it to the user alone.")
        int enroll(@Parameters(paramLabel = "USERNAME") String username,
                @Option(names = "--issuer", defaultValue = "tapin", description = "the name the app shows (default ${DEFAULT-VALUE})") String issuer,
                @Option(names = "--light-terminal", description = "draw the QR code for dark text on a light background") boolean light) {
            return withFactors(admin, spec, (store, factors, cfg) -> {
                needUser(store, username);
                byte[] secret = Totp.newSecret(new SecureRandom());
                try {
                    String account = store.user(username).orElseThrow().username();
                    if (!factors.setTotp(account, secret, Instant.now())) {
                        throw new AdminCommand.Refused("no user " + username);
                    }
                    AdminCommand.audit(store, "admin.totp.enroll", account, "");
                    String uri = TotpEnrollment.uri(issuer, account, secret);
                    PrintWriter out = spec.commandLine().getOut();
                    out.println("TOTP enrolled for " + account + ". Scan this with an authenticator app:");
                    out.print(TotpEnrollment.qr(uri, !light));
                    out.println(uri);
                    out.println("or type the key: " + TotpEnrollment.base32(secret));
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            });
        }

        @Command(name = "remove", description = "Removes a user's TOTP secret.")
        int remove(@Parameters(paramLabel = "USERNAME") String username) {
            return withFactors(admin, spec, (store, factors, cfg) -> {
                if (!factors.removeTotp(username)) {
                    throw new AdminCommand.Refused(username + " has no TOTP enrolled");
                }
                AdminCommand.audit(store, "admin.totp.remove", username, "");
                spec.commandLine().getOut().println("TOTP of " + username + " removed");
            });
        }
    }

    @Command(name = "code", mixinStandardHelpOptions = true, description = "Temporary codes that stand in for a second factor.")
    static final class CodeCommands {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "issue", description = "Issues a temporary code for a user and prints it once.")
        int issue(@Parameters(paramLabel = "USERNAME") String username,
                @Option(names = "--valid", defaultValue = "PT8H", description = "how long, ISO-8601 (PT8H, P2D; default ${DEFAULT-VALUE}, at most P30D)") String valid,
                @Option(names = "--reusable", description = "usable again until it expires (default: once)") boolean reusable) {
            return withFactors(admin, spec, (store, factors, cfg) -> {
                Duration duration;
                try {
                    duration = Duration.parse(valid);
                } catch (DateTimeParseException e) {
                    throw new AdminCommand.Refused("--valid " + valid + " is not an ISO-8601 duration such as PT8H or P2D");
                }
                needUser(store, username);
                TemporaryCodes codes = new TemporaryCodes(factors, new PasswordHasher(cfg.passwordIterations()), Clock.systemUTC());
                TemporaryCodes.Issued issued;
                try {
                    issued = codes.issue(username, duration, reusable);
                } catch (IllegalArgumentException e) {
                    throw new AdminCommand.Refused(e.getMessage());
                }
                if (issued == null) {
                    throw new AdminCommand.Refused("no user " + username);
                }
                try {
                    AdminCommand.audit(store, "admin.code.issue", username, "code " + issued.id() + " until " + issued.expires()
                            + (reusable ? ", reusable" : ", single use"));
                    spec.commandLine().getOut().println("temporary code " + issued.id() + " for " + username + ", valid until "
                            + issued.expires() + (reusable ? " (reusable)" : " (single use)") + ":");
                    spec.commandLine().getOut().println(new String(issued.code()));
                } finally {
                    Arrays.fill(issued.code(), '\0');
                }
            });
        }

        @Command(name = "list", description = "Lists a user's temporary codes: id, state, issued, expires, kind, last used.")
        int list(@Parameters(paramLabel = "USERNAME") String username) {
            return withFactors(admin, spec, (store, factors, cfg) -> {
                needUser(store, username);
                Instant now = Instant.now();
                for (TemporaryCode c : factors.codes(username)) {
                    spec.commandLine().getOut().printf("%d\t%s\t%s\t%s\t%s\t%s%n", c.id(), c.state(now), c.issued(), c.expires(),
                            c.reusable() ? "reusable" : "single-use", c.lastUsed() == null ? "-" : c.lastUsed());
                }
            });
        }

        @Command(name = "revoke", description = "Revokes a temporary code by its id.")
        int revoke(@Parameters(paramLabel = "ID") long id) {
            return withFactors(admin, spec, (store, factors, cfg) -> {
                TemporaryCode code = factors.code(id).orElseThrow(() -> new AdminCommand.Refused("no temporary code " + id));
                if (!factors.revokeCode(id)) {
                    throw new AdminCommand.Refused("temporary code " + id + " is revoked already");
                }
                AdminCommand.audit(store, "admin.code.revoke", code.username(), "code " + id);
                spec.commandLine().getOut().println("temporary code " + id + " revoked");
            });
        }
    }

    @Command(name = "second-factor", mixinStandardHelpOptions = true, description = "Which second factor each user group needs.")
    static final class PolicyCommands {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "set", description = "Sets a user group's second factor: none, totp or radius.")
        int set(@Parameters(paramLabel = "GROUP") String group, @Parameters(paramLabel = "none|totp|radius") String method,
                @Option(names = "--temporary-codes", description = "a temporary code may stand in for the second factor") boolean codes,
                @Option(names = "--until-enrolled", description = "users without TOTP sign in with the first factor alone") boolean grace) {
            return withFactors(admin, spec, (store, factors, cfg) -> {
                if (!PolicyDocuments.validGroup(group)) {
                    throw new AdminCommand.Refused("a group name is 1 to 64 letters, digits, '.', '-' or '_'");
                }
                SecondFactorPolicy.Method m;
                try {
                    m = SecondFactorPolicy.Method.valueOf(method.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new AdminCommand.Refused("the second factor is none, totp or radius, not " + method);
                }
                if (grace && m != SecondFactorPolicy.Method.TOTP) {
                    throw new AdminCommand.Refused("--until-enrolled applies to totp only");
                }
                SecondFactorPolicy policy = new SecondFactorPolicy(group, m, codes, grace);
                factors.setPolicy(policy);
                AdminCommand.audit(store, "admin.second-factor.set", "", "group " + group + ": " + policy.describe());
                spec.commandLine().getOut().println("user group " + group + " needs " + policy.describe());
            });
        }

        @Command(name = "list", description = "Lists user groups with a second-factor policy.")
        int list() {
            return withFactors(admin, spec, (store, factors, cfg) -> {
                for (SecondFactorPolicy p : factors.policies()) {
                    spec.commandLine().getOut().printf("%s\t%s%n", p.group(), p.describe());
                }
            });
        }

        @Command(name = "user-group", description = "Puts a user in a user group (default: 'default').")
        int userGroup(@Parameters(paramLabel = "USERNAME") String username, @Parameters(paramLabel = "GROUP") String group) {
            return withFactors(admin, spec, (store, factors, cfg) -> {
                if (!PolicyDocuments.validGroup(group)) {
                    throw new AdminCommand.Refused("a group name is 1 to 64 letters, digits, '.', '-' or '_'");
                }
                if (!factors.setUserGroup(username, group)) {
                    throw new AdminCommand.Refused("no user " + username);
                }
                AdminCommand.audit(store, "admin.second-factor.user-group", username, "to " + group);
                spec.commandLine().getOut().println(username + " is in user group " + group);
            });
        }
    }
}
