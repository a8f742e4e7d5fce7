package org.tapin.appliance.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.store.Store;
import org.tapin.appliance.store.UserAccount;

/** The appliance's own accounts: slow password hashes in the store, and wrong passwords counted toward a lockout. */
public final class LocalAccounts implements Directory {

    private static final Logger LOG = LoggerFactory.getLogger("Appliance.Auth");
    public static final String WRONG = "wrong user name or password";

    private final Store store;
    private final PasswordHasher hasher;
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    public LocalAccounts(Store store, PasswordHasher hasher, int maxFailures, Duration lockout, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Verdict authenticate(String username, char[] password) {
        Optional<UserAccount> found = store.user(username);
        if (found.isEmpty()) {
            hasher.verifyNobody(password);
            return Verdict.denied(WRONG);
        }
        UserAccount user = found.get();
        Verdict standing = standing(user, clock.instant());
        if (!standing.ok()) {
            return standing; // a locked account is not checked: guessing goes on counting nothing
        }
        if (hasher.verify(password, user.passwordHash())) {
            if (user.failures() > 0) {
                store.clearFailures(user.username());
            }
            return Verdict.accepted(user, null);
        }
        Instant until = clock.instant().plus(lockout).truncatedTo(ChronoUnit.SECONDS);
        Optional<UserAccount> after = store.recordFailure(user.username(), maxFailures, until);
        if (after.isPresent() && after.get().lockedAt(clock.instant())) {
            LOG.warn("user {} locked until {} after {} wrong passwords", user.username(), after.get().lockedUntil(), maxFailures);
            return Verdict.lockedNow("wrong password; account locked until " + after.get().lockedUntil(),
                    "locked until " + after.get().lockedUntil() + " after " + maxFailures + " wrong passwords");
        }
        return Verdict.denied(WRONG);
    }

    @Override
    public Verdict standing(UserAccount account) {
        return standing(account, clock.instant());
    }

    /** Whether a local account may sign in at all right now, whatever the password. */
    public static Verdict standing(UserAccount user, Instant now) {
        if (user.disabled()) {
            return Verdict.denied("account disabled");
        }
        if (user.lockedAt(now)) {
            return Verdict.denied("account locked until " + user.lockedUntil());
        }
        return Verdict.accepted(user, null);
    }
}
