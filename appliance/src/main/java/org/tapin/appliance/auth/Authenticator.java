package org.tapin.appliance.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.store.AuditRecord;
import org.tapin.appliance.store.BadgeLink;
import org.tapin.appliance.store.BadgeRange;
import org.tapin.appliance.store.Store;
import org.tapin.appliance.store.UserAccount;

/**
 * The appliance's authentication decisions over local accounts: badge, password, and enrollment (a password
 * proves who the user is, then the badge is linked). Wrong passwords count toward a lockout. Every decision
 * is stored as an audit event before it is answered. Secrets never reach a log line or an audit event; badge
 * IDs appear masked.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger("Appliance.Auth");
    static final String WRONG = "wrong user name or password";

    private final Store store;
    private final PasswordHasher hasher;
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    public Authenticator(Store store, PasswordHasher hasher, int maxFailures, Duration lockout, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    public Decision badge(String badge, String endpoint) {
        Decision decision;
        String user = "";
        if (deniedByRange(badge, false)) {
            decision = Decision.denied("this badge is not allowed");
        } else {
            Optional<BadgeLink> link = store.badge(badge);
            if (link.isEmpty()) {
                decision = Decision.unknownBadge();
            } else {
                user = link.get().username();
                decision = standing(store.user(user).orElse(null));
            }
        }
        record(endpoint, "auth.badge", user, decision, "badge " + BadgeLink.mask(badge));
        return decision;
    }

    /** Checks a password; the caller clears {@code password}. */
    public Decision password(String username, char[] password, String endpoint) {
        Decision decision = checkPassword(username, password, endpoint);
        record(endpoint, "auth.password", username, decision, "");
        return decision;
    }

    /** Checks the password, then links the badge; the caller clears {@code password}. */
    public Decision enroll(String badge, String username, char[] password, String endpoint) {
        String masked = "badge " + BadgeLink.mask(badge);
        Decision decision;
        if (deniedByRange(badge, true)) {
            decision = Decision.denied("this badge may not be enrolled");
        } else {
            decision = checkPassword(username, password, endpoint);
            if (decision.result().equals("ok")) {
                switch (store.linkBadge(badge, decision.user().username(), clock.instant())) {
                    case LINKED, ALREADY_LINKED -> { }
                    case OTHER_USER -> decision = Decision.denied("this badge belongs to another user");
                    case NO_SUCH_USER -> decision = Decision.denied(WRONG); // removed meanwhile
                }
            }
        }
        record(endpoint, "auth.enroll", username, decision, masked);
        return decision;
    }

    private Decision checkPassword(String username, char[] password, String endpoint) {
        Optional<UserAccount> found = store.user(username);
        if (found.isEmpty()) {
            hasher.verifyNobody(password);
            return Decision.denied(WRONG);
        }
        UserAccount user = found.get();
        Decision standing = standing(user);
        if (!standing.result().equals("ok")) {
            return standing; // a locked account is not checked: guessing goes on counting nothing
        }
        if (hasher.verify(password, user.passwordHash())) {
            if (user.failures() > 0) {
                store.clearFailures(user.username());
            }
            return Decision.ok(user);
        }
        Instant until = clock.instant().plus(lockout).truncatedTo(ChronoUnit.SECONDS);
        Optional<UserAccount> after = store.recordFailure(user.username(), maxFailures, until);
        if (after.isPresent() && after.get().lockedAt(clock.instant())) {
            LOG.warn("user {} locked until {} after {} wrong passwords", user.username(), after.get().lockedUntil(), maxFailures);
            store.appendAudit(List.of(event(endpoint, "auth.lockout", user.username(),
                    "locked until " + after.get().lockedUntil() + " after " + maxFailures + " wrong passwords")));
            return Decision.denied("wrong password; account locked until " + after.get().lockedUntil());
        }
        return Decision.denied(WRONG);
    }

    private Decision standing(UserAccount user) {
        if (user == null) {
            return Decision.unknownBadge();
        }
        if (user.disabled()) {
            return Decision.denied("account disabled");
        }
        if (user.lockedAt(clock.instant())) {
            return Decision.denied("account locked until " + user.lockedUntil());
        }
        return Decision.ok(user);
    }

    /** Whether the badge ranges let this badge be enrolled (for a flow that links it later, after a second factor). */
    public boolean enrollmentAllowed(String badge) {
        return !deniedByRange(badge, true);
    }

    /** A deny range always refuses; allow ranges, when there are any, limit enrollment to them. */
    private boolean deniedByRange(String badge, boolean enrolling) {
        List<BadgeRange> ranges = store.badgeRanges();
        if (ranges.isEmpty()) {
            return false;
        }
        boolean anyAllow = false;
        boolean allowed = false;
        for (BadgeRange range : ranges) {
            if (range.kind() == BadgeRange.Kind.DENY && range.covers(badge)) {
                return true;
            }
            if (range.kind() == BadgeRange.Kind.ALLOW) {
                anyAllow = true;
                allowed |= range.covers(badge);
            }
        }
        return enrolling && anyAllow && !allowed;
    }

    private void record(String endpoint, String type, String user, Decision decision, String detail) {
        String outcome = decision.result() + (decision.reason() == null ? "" : " (" + decision.reason() + ")");
        String text = detail.isEmpty() ? outcome : detail + ": " + outcome;
        LOG.info("{} {} from {}: {}", type, user.isEmpty() ? "-" : user, endpoint, text);
        store.appendAudit(List.of(event(endpoint, type, user, text)));
    }

    private AuditRecord event(String endpoint, String type, String user, String detail) {
        return new AuditRecord(0, UUID.randomUUID().toString(), clock.instant(), "appliance", endpoint, type, user, detail);
    }
}
