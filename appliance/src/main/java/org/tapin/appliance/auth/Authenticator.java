package org.tapin.appliance.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.directory.Directory;
import org.tapin.appliance.directory.LocalAccounts;
import org.tapin.appliance.directory.Verdict;
import org.tapin.appliance.store.AuditRecord;
import org.tapin.appliance.store.BadgeLink;
import org.tapin.appliance.store.BadgeRange;
import org.tapin.appliance.store.Store;
import org.tapin.appliance.store.UserAccount;

/**
 * The appliance's authentication decisions: badge, password, and enrollment (a password proves who the user
 * is, then the badge is linked). Passwords are checked by a {@link Directory}: the local accounts, whose wrong
 * passwords count toward a lockout, or LDAP / Active Directory, which keeps its own. Every decision
 * is stored as an audit event before it is answered. Secrets never reach a log line or an audit event; badge
 * IDs appear masked.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger("Appliance.Auth");
    static final String WRONG = LocalAccounts.WRONG;

    private final Store store;
    private final Directory directory;
    private final Clock clock;

    /** Passwords checked against the appliance's own accounts. */
    public Authenticator(Store store, PasswordHasher hasher, int maxFailures, Duration lockout, Clock clock) {
        this(store, new LocalAccounts(store, hasher, maxFailures, lockout, clock), clock);
    }

    /** Passwords checked by {@code directory} (local accounts, LDAP); badges and audit stay in {@code store}. */
    public Authenticator(Store store, Directory directory, Clock clock) {
        this.store = store;
        this.directory = directory;
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
        Verdict verdict = directory.authenticate(username, password);
        if (verdict.lockout() != null) {
            store.appendAudit(List.of(event(endpoint, "auth.lockout", username, verdict.lockout())));
        }
        return verdict.ok() ? Decision.ok(verdict.user(), verdict.group()) : Decision.denied(verdict.reason());
    }

    private Decision standing(UserAccount user) {
        if (user == null) {
            return Decision.unknownBadge();
        }
        Verdict standing = directory.standing(user);
        return standing.ok() ? Decision.ok(standing.user(), standing.group()) : Decision.denied(standing.reason());
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
