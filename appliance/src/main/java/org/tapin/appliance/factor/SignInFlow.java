package org.tapin.appliance.factor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.account.LocalPasswords;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.auth.Decision;
import org.tapin.appliance.radius.RadiusCheck;
import org.tapin.appliance.radius.RadiusOutcome;
import org.tapin.appliance.radius.RadiusSettings.Role;
import org.tapin.appliance.store.AuditRecord;
import org.tapin.appliance.store.BadgeLink;
import org.tapin.appliance.store.Store;
import org.tapin.appliance.store.UserAccount;

/**
 * A sign-in from its first factor to its end. The first factor is the {@link Authenticator}'s (badge, local
 * password) or a RADIUS server's (password, then perhaps its challenges). When it succeeds, the user's group's
 * {@link SecondFactorPolicy} decides whether the sign-in ends there or goes on: then the endpoint gets a
 * single-use token and the methods the user may use, and {@link #next} takes the code. Wrong codes and
 * RADIUS rejects count toward the same lockout as wrong passwords. When the appliance checks passwords itself
 * ({@link LocalPasswords} given), a password sign-in whose password an admin flagged or that expired ends with a
 * {@code change-password} step instead ({@link #changePassword}), a one-time account is disabled by its first
 * sign-in, and a password that expires soon is announced. Each step is an audit event with its reason; no
 * code, password, secret or token ever reaches one, nor a log line.
 */
public final class SignInFlow {

    private static final Logger LOG = LoggerFactory.getLogger("Appliance.SignIn");
    static final String EXPIRED = "the sign-in expired or was already used; start again";
    public static final String TOTP = "totp";
    public static final String CODE = "temporary-code";
    public static final String RADIUS = "radius";

    private final Store store;
    private final Authenticator auth;
    private final FactorStore factors;
    private final TemporaryCodes codes;
    private final Continuations continuations;
    private final RadiusCheck radius;
    private final Role radiusRole;
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    /** Null when passwords are not the appliance's own (LDAP): then nothing about local passwords applies. */
    private final LocalPasswords passwords;

    public SignInFlow(Store store, Authenticator auth, FactorStore factors, TemporaryCodes codes, Continuations continuations,
            RadiusCheck radius, Role radiusRole, int maxFailures, Duration lockout, Clock clock) {
        this(store, auth, factors, codes, continuations, radius, radiusRole, maxFailures, lockout, clock, null);
    }

    /** {@code passwords}: the local accounts' password rules, flags and ages; null when a directory checks passwords. */
    public SignInFlow(Store store, Authenticator auth, FactorStore factors, TemporaryCodes codes, Continuations continuations,
            RadiusCheck radius, Role radiusRole, int maxFailures, Duration lockout, Clock clock, LocalPasswords passwords) {
        if (radiusRole != Role.OFF && radius == null) {
            throw new IllegalArgumentException("RADIUS is configured as " + radiusRole + " but there is no RADIUS client");
        }
        this.store = store;
        this.auth = auth;
        this.factors = factors;
        this.codes = codes;
        this.continuations = continuations;
        this.radius = radius;
        this.radiusRole = radiusRole;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
        this.passwords = passwords;
    }

    /** Badge and local password alone, no second factor, no RADIUS: the appliance as it was before either. */
    public static SignInFlow firstFactorOnly(Store store, Authenticator auth, int maxFailures, Duration lockout, Clock clock) {
        return new SignInFlow(store, auth, null, null, new Continuations(Duration.ofMinutes(2), clock), null, Role.OFF,
                maxFailures, lockout, clock);
    }

    public SignInAnswer badge(String badge, String endpoint) {
        Decision first = auth.badge(badge, endpoint);
        return first.result().equals("ok") ? gate(first, endpoint, Continuations.Kind.BADGE, badge, 0) : SignInAnswer.of(first);
    }

    /** The caller clears {@code password}. */
    public SignInAnswer password(String username, char[] password, String endpoint) {
        if (radiusRole == Role.FIRST_FACTOR) {
            SignInAnswer answer = radiusFirstFactor(username, password, endpoint, Continuations.Kind.PASSWORD, null, null);
            audit(endpoint, "auth.password", username, "via RADIUS: " + answer.outcome());
            return answer;
        }
        int before = failures(username);
        Decision first = auth.password(username, password, endpoint);
        return first.result().equals("ok") ? gate(first, endpoint, Continuations.Kind.PASSWORD, null, before)
                : SignInAnswer.of(first);
    }

    /**
     * Enrollment links the badge only once the whole sign-in succeeded: a stolen password alone must not bind a
     * stranger's badge to an account that needs a second factor. The caller clears {@code password}.
     */
    public SignInAnswer enroll(String badge, String username, char[] password, String endpoint) {
        // Local passwords may still need a change, or spend a one-time account: those go through finish() below.
        if (radiusRole != Role.FIRST_FACTOR && policyOf(username).method() == SecondFactorPolicy.Method.NONE && passwords == null) {
            return SignInAnswer.of(auth.enroll(badge, username, password, endpoint));
        }
        String masked = "badge " + BadgeLink.mask(badge);
        if (!auth.enrollmentAllowed(badge)) {
            SignInAnswer denied = SignInAnswer.denied("this badge may not be enrolled");
            audit(endpoint, "auth.enroll", username, masked + ": " + denied.outcome());
            return denied;
        }
        SignInAnswer answer;
        if (radiusRole == Role.FIRST_FACTOR) {
            answer = radiusFirstFactor(username, password, endpoint, Continuations.Kind.ENROLL, badge, null);
            audit(endpoint, "auth.enroll", username, masked + " via RADIUS: " + answer.outcome());
        } else {
            int before = failures(username);
            Decision first = auth.password(username, password, endpoint);
            answer = first.result().equals("ok") ? gate(first, endpoint, Continuations.Kind.ENROLL, badge, before)
                    : SignInAnswer.of(first);
            audit(endpoint, "auth.enroll", username, masked + ": " + answer.outcome());
        }
        return answer;
    }

    /**
     * The next step of a sign-in: {@code code} is a TOTP code, a temporary code, a RADIUS token code or the answer
     * to a RADIUS challenge. {@code method}, when not null, limits which of the offered methods is tried. The
     * token is spent whatever the outcome. The caller clears {@code code}.
     */
    public SignInAnswer next(String token, String method, char[] code, String endpoint) {
        Optional<Continuations.Pending> taken = continuations.take(token, endpoint);
        if (taken.isEmpty()) {
            SignInAnswer denied = SignInAnswer.denied(EXPIRED);
            audit(endpoint, "auth.second-factor", "", denied.outcome());
            return denied;
        }
        Continuations.Pending p = taken.get();
        SignInAnswer answer;
        Optional<UserAccount> user = store.user(p.username());
        String standing = user.isEmpty() ? "account removed" : standing(user.get());
        if (standing != null) {
            answer = SignInAnswer.denied(standing);
        } else if (p.stage() == Continuations.Stage.CHANGE_PASSWORD) {
            answer = SignInAnswer.denied(EXPIRED); // a change token buys a new password, never a code check
        } else if (p.stage() == Continuations.Stage.RADIUS_FIRST_FACTOR) {
            answer = radiusFirstFactor(p.username(), code, endpoint, p.kind(), p.badge(), p.radiusState());
        } else if (method != null && !p.methods().contains(method)) {
            answer = SignInAnswer.denied("method " + method + " was not offered; offered: " + String.join(", ", p.methods()));
        } else {
            answer = secondFactor(user.get(), p, method, code, endpoint);
        }
        audit(endpoint, "auth.second-factor", p.username(), stepName(p) + ": " + answer.outcome());
        return answer;
    }

    private static String stepName(Continuations.Pending p) {
        return switch (p.stage()) {
            case RADIUS_FIRST_FACTOR -> "RADIUS challenge answer (" + p.kind().name().toLowerCase() + ")";
            case RADIUS_SECOND_FACTOR -> "RADIUS challenge answer (second factor)";
            case SECOND_FACTOR -> "second factor for " + p.kind().name().toLowerCase();
            case CHANGE_PASSWORD -> "code sent with a password-change token";
        };
    }

    // -------------------------------------------------------------------------------------------- first factor

    private SignInAnswer radiusFirstFactor(String username, char[] secret, String endpoint, Continuations.Kind kind,
            String badge, byte[] state) {
        Optional<UserAccount> found = store.user(username);
        if (found.isEmpty()) {
            // Badges, lockout and display names need a local account. The server is asked all the same, so the
            // time of the answer does not tell which user names the appliance knows.
            radius.check(username, secret, state);
            return SignInAnswer.denied(wrongReason(null));
        }
        UserAccount user = found.get();
        String standing = standing(user);
        if (standing != null) {
            return SignInAnswer.denied(standing);
        }
        RadiusOutcome outcome = radius.check(user.username(), secret, state);
        return switch (outcome.kind()) {
            case ACCEPT -> gate(Decision.ok(user), endpoint, kind, badge, 0); // the count is cleared when the whole sign-in succeeds
            case REJECT -> wrong(user, endpoint, wrongReason(outcome.message()));
            case CHALLENGE -> SignInAnswer.challenge(outcome.message(), issue(endpoint, user.username(), kind, badge,
                    Continuations.Stage.RADIUS_FIRST_FACTOR, List.of(RADIUS), outcome.state()));
            case ERROR -> unavailable(outcome);
        };
    }

    private SignInAnswer unavailable(RadiusOutcome outcome) {
        LOG.warn("RADIUS gave no usable answer: {}", outcome.message());
        return SignInAnswer.denied("the RADIUS server gave no usable answer: " + outcome.message());
    }

    private static String wrongReason(String replyMessage) {
        return replyMessage == null || replyMessage.isBlank() ? "wrong user name or password" : replyMessage;
    }

    // -------------------------------------------------------------------------------------------- second factor

    /**
     * After a good first factor: finish, or ask for what the user's group requires. A directory's group (LDAP)
     * decides which policy applies; otherwise the group the appliance keeps for the user.
     */
    private SignInAnswer gate(Decision first, String endpoint, Continuations.Kind kind, String badge, int failuresBefore) {
        UserAccount user = first.user();
        SecondFactorPolicy policy = policyOf(user.username(), first.group());
        String group = policy.group();
        if (policy.method() == SecondFactorPolicy.Method.NONE) {
            return finish(user, first.group(), kind, badge, endpoint);
        }
        List<String> methods = new ArrayList<>();
        boolean enrolled = switch (policy.method()) {
            case TOTP -> factors.totp(user.username()).isPresent();
            case RADIUS -> radiusRole == Role.SECOND_FACTOR;
            case NONE -> true;
        };
        if (enrolled) {
            methods.add(policy.method().label());
        }
        if (policy.temporaryCodes() && codes.holdsUsable(user.username())) {
            methods.add(CODE);
        }
        String why = "group " + group + " requires " + policy.describe();
        if (methods.isEmpty()) {
            if (policy.untilEnrolled() && policy.method() == SecondFactorPolicy.Method.TOTP) {
                audit(endpoint, "auth.second-factor", user.username(), "not asked: " + why + " and no TOTP is enrolled yet");
                return finish(user, first.group(), kind, badge, endpoint);
            }
            SignInAnswer denied = SignInAnswer.denied(policy.method() == SecondFactorPolicy.Method.RADIUS
                    ? "a RADIUS second factor is required but RADIUS is not configured as the second factor"
                    : "a second factor is required and none is enrolled; ask an administrator");
            audit(endpoint, "auth.second-factor", user.username(), why + ": " + denied.outcome());
            return denied;
        }
        Continuations.Issued issued = issue(endpoint, user.username(), kind, badge, Continuations.Stage.SECOND_FACTOR,
                methods, null);
        carryFailures(user.username(), failuresBefore);
        audit(endpoint, "auth.second-factor", user.username(), "asked: " + why + "; offered " + String.join(", ", methods));
        return SignInAnswer.secondFactor(user, issued, methods);
    }

    private SignInAnswer secondFactor(UserAccount user, Continuations.Pending p, String method, char[] code, String endpoint) {
        if (p.stage() == Continuations.Stage.RADIUS_SECOND_FACTOR) {
            return radiusSecondFactor(user, p, code, endpoint, p.radiusState());
        }
        Instant now = clock.instant();
        if (p.methods().contains(TOTP) && (method == null || method.equals(TOTP))) {
            Optional<FactorStore.TotpSecret> secret = factors.totp(user.username());
            if (secret.isPresent()) {
                OptionalLong step = Totp.match(secret.get().secret(), new String(code), now, secret.get().lastStep());
                if (step.isPresent() && factors.spendTotpStep(user.username(), step.getAsLong())) {
                    return finish(user, null, p.kind(), p.badge(), endpoint);
                }
            }
        }
        if (p.methods().contains(CODE) && (method == null || method.equals(CODE))) {
            OptionalLong id = codes.use(user.username(), code);
            if (id.isPresent()) {
                audit(endpoint, "auth.temporary-code", user.username(), "temporary code " + id.getAsLong() + " used");
                return finish(user, null, p.kind(), p.badge(), endpoint);
            }
        }
        if (p.methods().contains(RADIUS) && (method == null || method.equals(RADIUS))) {
            return radiusSecondFactor(user, p, code, endpoint, null);
        }
        return wrong(user, endpoint, "wrong code");
    }

    private SignInAnswer radiusSecondFactor(UserAccount user, Continuations.Pending p, char[] code, String endpoint, byte[] state) {
        RadiusOutcome outcome = radius.check(user.username(), code, state);
        return switch (outcome.kind()) {
            case ACCEPT -> finish(user, null, p.kind(), p.badge(), endpoint);
            case REJECT -> wrong(user, endpoint, outcome.message() == null || outcome.message().isBlank() ? "wrong code" : outcome.message());
            case CHALLENGE -> SignInAnswer.challenge(outcome.message(), issue(endpoint, user.username(), p.kind(), p.badge(),
                    Continuations.Stage.RADIUS_SECOND_FACTOR, List.of(RADIUS), outcome.state()));
            case ERROR -> unavailable(outcome);
        };
    }

    /**
     * Every factor passed. A typed local password that must be replaced asks for the new one first; otherwise an
     * enrollment links its badge, a one-time account is spent, and a password that expires soon is announced.
     */
    private SignInAnswer finish(UserAccount user, String group, Continuations.Kind kind, String badge, String endpoint) {
        store.clearFailures(user.username()); // changes nothing (and writes nothing) when there were none
        if (checksLocalPasswords() && kind != Continuations.Kind.BADGE) {
            LocalPasswords.Due due = passwords.due(user.username());
            if (due != LocalPasswords.Due.NONE) {
                audit(endpoint, "auth.change-password", user.username(), "asked: " + due.reason());
                return askForNewPassword(user, kind, badge, endpoint, changeReason(due));
            }
        }
        SignInAnswer ok = SignInAnswer.ok(user, group);
        if (kind == Continuations.Kind.ENROLL) {
            switch (store.linkBadge(badge, user.username(), clock.instant())) {
                case LINKED, ALREADY_LINKED -> { }
                case OTHER_USER -> {
                    return SignInAnswer.denied("this badge belongs to another user");
                }
                case NO_SUCH_USER -> {
                    return SignInAnswer.denied("account removed");
                }
            }
        }
        if (passwords != null && passwords.accounts().state(user.username()).oneTime()) {
            // Disabled before the answer leaves: a crash after this line costs the user nothing they were owed twice.
            store.setDisabled(user.username(), true);
            audit(endpoint, "account.one-time-disabled", user.username(), "one-time account signed in once; now disabled");
        }
        if (checksLocalPasswords()) {
            java.util.OptionalInt days = passwords.expiryWarning(user.username());
            if (days.isPresent()) {
                return ok.expiringIn(days.getAsInt());
            }
        }
        return ok;
    }

    /**
     * The last step of a sign-in whose password must be replaced: the new password, with the token of the
     * {@code change-password} answer. A new password that breaks a rule is refused with the broken rules and a
     * fresh token, so the user tries again without typing the old one; a good one is set and the sign-in ends as
     * it would have. The caller clears {@code password}.
     */
    public SignInAnswer changePassword(String token, char[] password, String endpoint) {
        Optional<Continuations.Pending> taken = continuations.take(token, endpoint);
        if (taken.isEmpty() || taken.get().stage() != Continuations.Stage.CHANGE_PASSWORD || !checksLocalPasswords()) {
            SignInAnswer denied = SignInAnswer.denied(EXPIRED);
            audit(endpoint, "auth.change-password", taken.map(Continuations.Pending::username).orElse(""), denied.outcome());
            return denied;
        }
        Continuations.Pending p = taken.get();
        Optional<UserAccount> user = store.user(p.username());
        String standing = user.isEmpty() ? "account removed" : standing(user.get());
        if (standing != null) {
            SignInAnswer denied = SignInAnswer.denied(standing);
            audit(endpoint, "auth.change-password", p.username(), denied.outcome());
            return denied;
        }
        List<String> problems = passwords.changeByUser(user.get().username(), password);
        if (!problems.isEmpty()) {
            audit(endpoint, "auth.change-password", p.username(), "refused: " + String.join(" ", problems));
            return askForNewPassword(user.get(), p.kind(), p.badge(), endpoint, String.join(" ", problems));
        }
        audit(endpoint, "auth.change-password", p.username(), "changed by the user");
        SignInAnswer answer = finish(user.get(), null, p.kind(), p.badge(), endpoint);
        audit(endpoint, "auth.password", p.username(), "after the password change: " + answer.outcome());
        return answer;
    }

    private SignInAnswer askForNewPassword(UserAccount user, Continuations.Kind kind, String badge, String endpoint, String reason) {
        Continuations.Issued issued = issue(endpoint, user.username(), kind, badge, Continuations.Stage.CHANGE_PASSWORD,
                List.of(), null);
        return SignInAnswer.changePassword(user, issued, reason, passwords.check().describe());
    }

    private static String changeReason(LocalPasswords.Due due) {
        return due == LocalPasswords.Due.EXPIRED ? "Your password has expired. Choose a new one."
                : "You must choose a new password before you continue.";
    }

    /** Passwords are the appliance's own: not a directory's, and not a RADIUS server's. */
    private boolean checksLocalPasswords() {
        return passwords != null && radiusRole != Role.FIRST_FACTOR;
    }

    // -------------------------------------------------------------------------------------------- plumbing

    /** Null when the account may sign in now, else why not. */
    private String standing(UserAccount user) {
        if (user.disabled()) {
            return "account disabled";
        }
        if (user.lockedAt(clock.instant())) {
            return "account locked until " + user.lockedUntil();
        }
        return null;
    }

    /** A wrong code or a RADIUS reject: it counts toward the lockout like a wrong password. */
    private SignInAnswer wrong(UserAccount user, String endpoint, String reason) {
        Instant until = clock.instant().plus(lockout).truncatedTo(ChronoUnit.SECONDS);
        Optional<UserAccount> after = store.recordFailure(user.username(), maxFailures, until);
        if (after.isPresent() && after.get().lockedAt(clock.instant())) {
            LOG.warn("user {} locked until {} after {} wrong passwords or codes", user.username(), after.get().lockedUntil(), maxFailures);
            audit(endpoint, "auth.lockout", user.username(), "locked until " + after.get().lockedUntil() + " after " + maxFailures
                    + " wrong passwords or codes");
            return SignInAnswer.denied(reason + "; account locked until " + after.get().lockedUntil());
        }
        return SignInAnswer.denied(reason);
    }

    private Continuations.Issued issue(String endpoint, String username, Continuations.Kind kind, String badge,
            Continuations.Stage stage, List<String> methods, byte[] radiusState) {
        try {
            return continuations.issue(endpoint, username, kind, badge, stage, methods, radiusState);
        } catch (Continuations.TooManyPending e) {
            LOG.warn("{} pending sign-ins: refusing to start another", Continuations.MAX_PENDING);
            throw e;
        }
    }

    private int failures(String username) {
        return store.user(username).map(UserAccount::failures).orElse(0);
    }

    /**
     * A right password clears the wrong-password count, but when a second factor follows, the sign-in has not
     * succeeded yet: without putting the count back, someone who knows the password could guess codes forever,
     * one password between guesses. The count is cleared when the whole sign-in succeeds ({@link #finish}).
     */
    private void carryFailures(String username, int count) {
        Instant until = clock.instant().plus(lockout).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < Math.min(count, maxFailures - 1); i++) {
            store.recordFailure(username, maxFailures, until);
        }
    }

    private SecondFactorPolicy policyOf(String username) {
        return policyOf(username, null);
    }

    private SecondFactorPolicy policyOf(String username, String directoryGroup) {
        if (factors == null) {
            return SecondFactorPolicy.none(directoryGroup != null ? directoryGroup : "default");
        }
        String group = directoryGroup != null ? directoryGroup : factors.userGroup(username);
        return factors.policy(group).orElse(SecondFactorPolicy.none(group));
    }

    private void audit(String endpoint, String type, String user, String detail) {
        LOG.info("{} {} from {}: {}", type, user.isEmpty() ? "-" : user, endpoint, detail);
        store.appendAudit(List.of(new AuditRecord(0, UUID.randomUUID().toString(), clock.instant(), "appliance", endpoint, type,
                user, detail)));
    }
}
