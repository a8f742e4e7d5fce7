package org.tapin.appliance.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.tapin.appliance.ApplianceConfig;
import org.tapin.appliance.PolicyDocuments;
import org.tapin.appliance.account.AccountState;
import org.tapin.appliance.account.AccountStore;
import org.tapin.appliance.account.LocalPasswords;
import org.tapin.appliance.account.SqliteAccountStore;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.AuditRecord;
import org.tapin.appliance.store.BadgeLink;
import org.tapin.appliance.store.BadgeRange;
import org.tapin.appliance.store.Endpoint;
import org.tapin.appliance.store.GroupPolicy;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.appliance.store.UserAccount;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The admin command line. It opens the same store as the running appliance (SQLite handles both processes);
 * policy and group changes reach held long-polls within a second. Every change is an audit event. Passwords
 * come from standard input ({@code --password-stdin}) or a terminal prompt, never from the command line.
 * Exit codes: 0 done, 1 refused (no such user, name taken, ...), 2 usage or configuration error.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Changes users, badges, policies and endpoints.",
        subcommands = {AdminCommand.Users.class, AdminCommand.Badges.class, AdminCommand.Policies.class,
            AdminCommand.Endpoints.class, AdminCommand.Audit.class,
            FactorAdmin.TotpCommands.class, FactorAdmin.CodeCommands.class, FactorAdmin.PolicyCommands.class,
            PackageAdmin.class})
public final class AdminCommand {

    @Option(names = {"-c", "--config"}, scope = CommandLine.ScopeType.INHERIT,
            description = "configuration file (default: $TAPIN_APPLIANCE_CONFIG, else " + ApplianceConfig.DEFAULT_LOCATION + ")")
    Path config;

    @Spec
    CommandSpec spec;

    /** Thrown to end a command with exit code 1 and a message on stderr. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    interface StoreWork {
        void run(Store store, ApplianceConfig config) throws Exception;
    }

    int withStore(CommandSpec leaf, StoreWork work) {
        PrintWriter err = leaf.commandLine().getErr();
        ApplianceConfig cfg;
        try {
            cfg = ApplianceConfig.load(config != null ? config : ApplianceConfig.defaultLocation());
        } catch (ApplianceConfig.ConfigException e) {
            err.println("appliance admin: " + e.getMessage());
            return 2;
        }
        try (Store store = SqliteStore.open(cfg.store())) {
            work.run(store, cfg);
            return 0;
        } catch (Refused e) {
            err.println("appliance admin: " + e.getMessage());
            return 1;
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (Exception e) {
            err.println("appliance admin: " + e.getMessage());
            return 1;
        }
    }

    static void audit(Store store, String type, String user, String detail) {
        store.appendAudit(List.of(new AuditRecord(0, UUID.randomUUID().toString(), Instant.now(), "appliance", "", type,
                user == null ? "" : user, "by " + System.getProperty("user.name") + (detail.isEmpty() ? "" : ": " + detail))));
    }

    /** Reads a new password: the first line of stdin, or twice from the terminal. The caller clears it. */
    static char[] readPassword(boolean fromStdin) throws IOException {
        char[] password;
        if (fromStdin) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new Refused("no password on standard input");
            }
            password = line.toCharArray();
        } else {
            Console console = System.console();
            if (console == null) {
                throw new Refused("no terminal to ask for the password: pipe it in with --password-stdin");
            }
            password = console.readPassword("New password: ");
            char[] again = console.readPassword("Again: ");
            boolean same = password != null && Arrays.equals(password, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                throw new Refused("the passwords differ");
            }
        }
        if (password.length == 0) {
            throw new Refused("empty password");
        }
        return password;
    }

    /** Refuses a password that breaks the site's rules, naming each broken rule. */
    static void refuseUnless(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new Refused("password refused: " + String.join(" ", problems));
        }
    }

    interface AccountWork {
        void run(Store store, AccountStore accounts, LocalPasswords passwords) throws Exception;
    }

    int withAccounts(CommandSpec leaf, AccountWork work) {
        return withStore(leaf, (store, cfg) -> {
            try (AccountStore accounts = SqliteAccountStore.open(cfg.store())) {
                work.run(store, accounts, new LocalPasswords(store, accounts, cfg.passwordRules(),
                        new PasswordHasher(cfg.passwordIterations()), java.time.Clock.systemUTC()));
            }
        });
    }

    // ------------------------------------------------------------------------------------------ users

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Local user accounts.")
    static final class Users {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "add", description = "Adds a user; the password comes from stdin or a prompt and must pass the "
                + "site's password rules (password.* in the configuration).")
        int add(@Parameters(paramLabel = "USERNAME") String username,
                @Option(names = "--display-name", description = "the name shown on the lock screen") String displayName,
                @Option(names = "--password-stdin", description = "read the password from the first line of stdin") boolean stdin,
                @Option(names = "--must-change", description = "the user must choose a new password at the first sign-in") boolean mustChange,
                @Option(names = "--one-time", description = "the account signs in once, then is disabled") boolean oneTime) {
            return admin.withAccounts(spec, (store, accounts, passwords) -> {
                if (!username.matches("[^\\s]{1,256}")) {
                    throw new Refused("a user name is 1 to 256 characters without spaces");
                }
                if (store.user(username).isPresent()) {
                    throw new Refused("user " + username + " exists already");
                }
                char[] password = readPassword(stdin);
                try {
                    refuseUnless(passwords.addAccount(username, displayName == null ? username : displayName, password, mustChange));
                } finally {
                    Arrays.fill(password, '\0');
                }
                if (oneTime) {
                    accounts.setOneTime(username, true);
                }
                audit(store, "admin.user.add", username, flags(mustChange, oneTime));
                spec.commandLine().getOut().println("added user " + username + (mustChange || oneTime ? " (" + flags(mustChange, oneTime) + ")" : ""));
            });
        }

        private static String flags(boolean mustChange, boolean oneTime) {
            List<String> flags = new java.util.ArrayList<>();
            if (mustChange) {
                flags.add("must change password");
            }
            if (oneTime) {
                flags.add("one-time");
            }
            return String.join(", ", flags);
        }

        @Command(name = "passwd", description = "Sets a user's password (and unlocks the account); it must pass the site's "
                + "password rules and differ from the previous ones the site keeps (password.history).")
        int passwd(@Parameters(paramLabel = "USERNAME") String username,
                @Option(names = "--password-stdin", description = "read the password from the first line of stdin") boolean stdin,
                @Option(names = "--must-change", description = "the user must replace it at the next sign-in") boolean mustChange) {
            return admin.withAccounts(spec, (store, accounts, passwords) -> {
                Optional<UserAccount> user = store.user(username);
                if (user.isEmpty()) {
                    throw new Refused("no user " + username);
                }
                char[] password = readPassword(stdin);
                try {
                    refuseUnless(passwords.setByAdmin(user.get().username(), password, mustChange));
                } finally {
                    Arrays.fill(password, '\0');
                }
                audit(store, "admin.user.passwd", user.get().username(), mustChange ? "must change it at the next sign-in" : "");
                spec.commandLine().getOut().println("password of " + username + " set" + (mustChange ? "; it must be changed at the next sign-in" : ""));
            });
        }

        @Command(name = "must-change", description = "The user must choose a new password at the next password sign-in "
                + "(--off clears it).")
        int mustChange(@Parameters(paramLabel = "USERNAME") String username,
                @Option(names = "--off", description = "clear the flag") boolean off) {
            return admin.withAccounts(spec, (store, accounts, passwords) -> {
                if (!accounts.setMustChange(username, !off)) {
                    throw new Refused("no user " + username);
                }
                audit(store, "admin.user.must-change", username, off ? "cleared" : "set");
                spec.commandLine().getOut().println(username + (off ? " need not change the password" : " must change the password at the next sign-in"));
            });
        }

        @Command(name = "one-time", description = "The account may sign in once; the first successful sign-in disables it "
                + "(--off clears it).")
        int oneTime(@Parameters(paramLabel = "USERNAME") String username,
                @Option(names = "--off", description = "clear the flag") boolean off) {
            return admin.withAccounts(spec, (store, accounts, passwords) -> {
                if (!accounts.setOneTime(username, !off)) {
                    throw new Refused("no user " + username);
                }
                audit(store, "admin.user.one-time", username, off ? "cleared" : "set");
                spec.commandLine().getOut().println(username + (off ? " is no longer one-time" : " is one-time: the next sign-in disables it"));
            });
        }

        @Command(name = "list", description = "Lists users: name, display name, state, wrong passwords in a row, flags "
                + "(must-change, one-time, or -).")
        int list() {
            return admin.withAccounts(spec, (store, accounts, passwords) -> {
                Instant now = Instant.now();
                for (UserAccount u : store.users()) {
                    String state = u.disabled() ? "disabled" : u.lockedAt(now) ? "locked until " + u.lockedUntil() : "active";
                    AccountState a = accounts.state(u.username());
                    String flags = a.mustChange() && a.oneTime() ? "must-change,one-time"
                            : a.mustChange() ? "must-change" : a.oneTime() ? "one-time" : "-";
                    spec.commandLine().getOut().printf("%s\t%s\t%s\t%d\t%s%n", u.username(), u.displayName(), state, u.failures(), flags);
                }
            });
        }

        @Command(name = "disable", description = "Disables a user: badge and password are refused.")
        int disable(@Parameters(paramLabel = "USERNAME") String username) {
            return setDisabled(username, true);
        }

        @Command(name = "enable", description = "Enables a disabled user.")
        int enable(@Parameters(paramLabel = "USERNAME") String username) {
            return setDisabled(username, false);
        }

        private int setDisabled(String username, boolean disabled) {
            return admin.withStore(spec, (store, cfg) -> {
                if (!store.setDisabled(username, disabled)) {
                    throw new Refused("no user " + username);
                }
                audit(store, disabled ? "admin.user.disable" : "admin.user.enable", username, "");
                spec.commandLine().getOut().println(username + (disabled ? " disabled" : " enabled"));
            });
        }

        @Command(name = "unlock", description = "Clears a user's lockout and wrong-password count.")
        int unlock(@Parameters(paramLabel = "USERNAME") String username) {
            return admin.withStore(spec, (store, cfg) -> {
                if (store.user(username).isEmpty()) {
                    throw new Refused("no user " + username);
                }
                store.clearFailures(username);
                audit(store, "admin.user.unlock", username, "");
                spec.commandLine().getOut().println(username + " unlocked");
            });
        }

        @Command(name = "remove", description = "Removes a user and unlinks their badges.")
        int remove(@Parameters(paramLabel = "USERNAME") String username) {
            return admin.withStore(spec, (store, cfg) -> {
                if (!store.removeUser(username)) {
                    throw new Refused("no user " + username);
                }
                audit(store, "admin.user.remove", username, "");
                spec.commandLine().getOut().println("removed user " + username);
            });
        }
    }

    // ------------------------------------------------------------------------------------------ badges

    @Command(name = "badge", mixinStandardHelpOptions = true, description = "Badges and the badge ranges for enrollment.")
    static final class Badges {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "link", description = "Links a badge ID (as the reader reports it) to a user.")
        int link(@Parameters(paramLabel = "BADGE") String badge, @Parameters(paramLabel = "USERNAME") String username) {
            return admin.withStore(spec, (store, cfg) -> {
                switch (store.linkBadge(badge, username, Instant.now())) {
                    case NO_SUCH_USER -> throw new Refused("no user " + username);
                    case OTHER_USER -> throw new Refused("badge " + BadgeLink.mask(badge) + " belongs to another user; unlink it first");
                    case ALREADY_LINKED, LINKED -> { }
                }
                audit(store, "admin.badge.link", username, "badge " + BadgeLink.mask(badge));
                spec.commandLine().getOut().println("badge " + BadgeLink.mask(badge) + " linked to " + username);
            });
        }

        @Command(name = "unlink", description = "Unlinks a badge.")
        int unlink(@Parameters(paramLabel = "BADGE") String badge) {
            return admin.withStore(spec, (store, cfg) -> {
                Optional<BadgeLink> link = store.badge(badge);
                if (link.isEmpty() || !store.unlinkBadge(badge)) {
                    throw new Refused("badge " + BadgeLink.mask(badge) + " is not linked");
                }
                audit(store, "admin.badge.unlink", link.get().username(), "badge " + BadgeLink.mask(badge));
                spec.commandLine().getOut().println("badge " + BadgeLink.mask(badge) + " unlinked");
            });
        }

        @Command(name = "list", description = "Lists linked badges (masked unless --full).")
        int list(@Option(names = "--full", description = "show whole badge IDs") boolean full) {
            return admin.withStore(spec, (store, cfg) -> {
                for (BadgeLink b : store.badges()) {
                    spec.commandLine().getOut().printf("%s\t%s\t%s%n", full ? b.badge() : BadgeLink.mask(b.badge()),
                            b.username(), b.linkedAt());
                }
            });
        }

        @Command(name = "range-add", description = "Adds an allow or deny range (IDs of the bounds' length, compared in order).")
        int rangeAdd(@Parameters(paramLabel = "allow|deny") BadgeRange.Kind kind, @Parameters(paramLabel = "LOW") String low,
                @Parameters(paramLabel = "HIGH") String high) {
            return admin.withStore(spec, (store, cfg) -> {
                if (low.length() != high.length() || low.compareToIgnoreCase(high) > 0) {
                    throw new Refused("LOW and HIGH must have the same length and LOW must not be above HIGH");
                }
                BadgeRange range = store.addBadgeRange(kind, low, high);
                audit(store, "admin.badge.range-add", "", kind.label() + " " + low + ".." + high);
                spec.commandLine().getOut().println("range " + range.id() + " added");
            });
        }

        @Command(name = "range-list", description = "Lists badge ranges.")
        int rangeList() {
            return admin.withStore(spec, (store, cfg) -> {
                for (BadgeRange r : store.badgeRanges()) {
                    spec.commandLine().getOut().printf("%d\t%s\t%s\t%s%n", r.id(), r.kind().label(), r.low(), r.high());
                }
            });
        }

        @Command(name = "range-remove", description = "Removes a badge range by its number.")
        int rangeRemove(@Parameters(paramLabel = "ID") long id) {
            return admin.withStore(spec, (store, cfg) -> {
                if (!store.removeBadgeRange(id)) {
                    throw new Refused("no range " + id);
                }
                audit(store, "admin.badge.range-remove", "", "range " + id);
                spec.commandLine().getOut().println("range " + id + " removed");
            });
        }
    }

    // ------------------------------------------------------------------------------------------ policy

    @Command(name = "policy", mixinStandardHelpOptions = true, description = "Computer policy per endpoint group.")
    static final class Policies {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "set", description = "Sets a group's policy document from FILE ('-' for stdin).")
        int set(@Parameters(paramLabel = "GROUP") String group, @Parameters(paramLabel = "FILE") String file) {
            return admin.withStore(spec, (store, cfg) -> {
                if (!PolicyDocuments.validGroup(group)) {
                    throw new Refused("a group name is 1 to 64 letters, digits, '.', '-' or '_'");
                }
                String text = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file), StandardCharsets.UTF_8);
                String document;
                try {
                    document = PolicyDocuments.check(text);
                } catch (IllegalArgumentException e) {
                    throw new Refused("policy not set: " + e.getMessage());
                }
                long version = store.setPolicy(group, document);
                audit(store, "admin.policy.set", "", "group " + group + " version " + version);
                spec.commandLine().getOut().println("policy of group " + group + " set (version " + version + ")");
            });
        }

        @Command(name = "show", description = "Prints a group's policy document.")
        int show(@Parameters(paramLabel = "GROUP") String group) {
            return admin.withStore(spec, (store, cfg) -> spec.commandLine().getOut().println(
                    store.policy(group).map(GroupPolicy::document).orElse(PolicyDocuments.EMPTY)));
        }

        @Command(name = "list", description = "Lists groups that have a policy, with its version.")
        int list() {
            return admin.withStore(spec, (store, cfg) -> {
                for (GroupPolicy p : store.policies()) {
                    spec.commandLine().getOut().printf("%s\t%d%n", p.group(), p.version());
                }
            });
        }
    }

    // ------------------------------------------------------------------------------------------ endpoints

    @Command(name = "endpoint", mixinStandardHelpOptions = true, description = "Registered endpoints.")
    static final class Endpoints {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "list", description = "Lists endpoints: id, name, group, state, addresses, versions.")
        int list() {
            return admin.withStore(spec, (store, cfg) -> {
                for (Endpoint e : store.endpoints()) {
                    spec.commandLine().getOut().printf("%s\t%s\t%s\t%s\t%s\t%s\tagent %s\tbootstrap %s%n", e.id(),
                            e.info().computerName(), e.group(), e.revoked() ? "revoked" : "active",
                            String.join(",", e.info().macs()), String.join(",", e.info().ips()), e.info().agentVersion(),
                            e.info().bootstrapVersion());
                }
            });
        }

        @Command(name = "revoke", description = "Revokes an endpoint: its credential is refused from now on.")
        int revoke(@Parameters(paramLabel = "ID") String id) {
            return admin.withStore(spec, (store, cfg) -> {
                if (store.endpoint(id).isEmpty()) {
                    throw new Refused("no endpoint " + id);
                }
                store.revokeEndpoint(id);
                audit(store, "admin.endpoint.revoke", "", id);
                spec.commandLine().getOut().println("endpoint " + id + " revoked");
            });
        }

        @Command(name = "group", description = "Moves an endpoint to a group (its policy follows).")
        int group(@Parameters(paramLabel = "ID") String id, @Parameters(paramLabel = "GROUP") String group) {
            return admin.withStore(spec, (store, cfg) -> {
                if (!PolicyDocuments.validGroup(group)) {
                    throw new Refused("a group name is 1 to 64 letters, digits, '.', '-' or '_'");
                }
                if (!store.setEndpointGroup(id, group)) {
                    throw new Refused("no endpoint " + id);
                }
                audit(store, "admin.endpoint.group", "", id + " to " + group);
                spec.commandLine().getOut().println("endpoint " + id + " is in group " + group);
            });
        }
    }

    // ------------------------------------------------------------------------------------------ audit

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail.")
    static final class Audit {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        @Command(name = "list", description = "Lists audit events, oldest first: time, origin, endpoint, type, user, id, detail.")
        int list(@Option(names = "--type", description = "only events of this type (auth.badge, auth.password, ...)") String type,
                @Option(names = "--user", description = "only events about this user") String user,
                @Option(names = "--endpoint", description = "only events from this endpoint id") String endpoint,
                @Option(names = "--limit", defaultValue = "100", description = "the newest N events (default ${DEFAULT-VALUE})") int limit) {
            return admin.withStore(spec, (store, cfg) -> {
                for (AuditRecord r : store.audit(new AuditQuery(type, user, endpoint, limit))) {
                    spec.commandLine().getOut().printf("%s\t%s\t%s\t%s\t%s\t%s\t%s%n", r.time(), r.origin(),
                            r.endpoint().isEmpty() ? "-" : r.endpoint(), r.type(), r.user().isEmpty() ? "-" : r.user(),
                            r.id(), r.detail());
                }
            });
        }
    }
}
