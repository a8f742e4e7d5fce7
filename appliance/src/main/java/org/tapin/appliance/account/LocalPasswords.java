package org.tapin.appliance.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.store.Store;
import org.tapin.appliance.store.UserAccount;

/**
 * The life of a local password: set under the {@link PasswordRules} (by an admin, or by the user when the
 * appliance asks), kept in the history as a slow hash, aged, and due for a change when an admin said so or it
 * expired. The one place both the admin command and the sign-in flow go through to set a password.
 */
public final class LocalPasswords {

    /** Why a sign-in must change the password before it ends; NONE when it need not. */
    public enum Due {
        NONE(""),
        MUST_CHANGE("an administrator asked for a new password"),
        EXPIRED("the password expired");

        private final String reason;

        Due(String reason) {
            this.reason = reason;
        }

        /** For the audit trail and the user: why the change is asked. */
        public String reason() {
            return reason;
        }
    }

    private final Store store;
    private final AccountStore accounts;
    private final PasswordCheck check;
    private final PasswordHasher hasher;
    private final Clock clock;

    public LocalPasswords(Store store, AccountStore accounts, PasswordRules rules, PasswordHasher hasher, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.check = new PasswordCheck(rules, hasher);
        this.hasher = hasher;
        this.clock = clock;
    }

    public PasswordCheck check() {
        return check;
    }

    public AccountStore accounts() {
        return accounts;
    }

    /**
     * Adds an account whose first password passes the rules. Returns the broken rules; empty means it is added.
     * A taken name is an {@link IllegalStateException}.
     */
    public List<String> addAccount(String username, String displayName, char[] password, boolean mustChange) {
        List<String> problems = check.problems(username, password, List.of());
        if (problems.isEmpty()) {
            String hash = hasher.hash(password);
            if (!store.addUser(username, displayName, hash)) {
                throw new IllegalStateException("user " + username + " exists already");
            }
            accounts.passwordSet(username, hash, clock.instant(), mustChange, keep());
        }
        return problems;
    }

    /**
     * An admin sets the password: the rules and the history apply (an admin may hand out the same temporary
     * password again only when the site keeps no history). Returns the broken rules; empty means it is set.
     */
    public List<String> setByAdmin(String username, char[] password, boolean mustChange) {
        List<String> problems = check.problems(username, password, previous(username, check.rules().history(), false));
        if (problems.isEmpty()) {
            store(username, password, mustChange);
        }
        return problems;
    }

    /**
     * The user sets a new password at sign-in: the rules apply, and it must differ from the current one even
     * when the site keeps no history. Returns the broken rules; empty means it is set and the flag is cleared.
     */
    public List<String> changeByUser(String username, char[] password) {
        List<String> problems = check.problems(username, password, previous(username, check.rules().history(), true));
        if (problems.isEmpty()) {
            store(username, password, false);
        }
        return problems;
    }

    public Due due(String username) {
        AccountState state = accounts.state(username);
        if (state.mustChange()) {
            return Due.MUST_CHANGE;
        }
        Optional<Instant> expiry = expiry(state);
        return expiry.isPresent() && !clock.instant().isBefore(expiry.get()) ? Due.EXPIRED : Due.NONE;
    }

    /** Whole days until the password expires (rounded up), when that is within the warning period. */
    public OptionalInt expiryWarning(String username) {
        Optional<Instant> expiry = expiry(accounts.state(username));
        if (expiry.isEmpty()) {
            return OptionalInt.empty();
        }
        Duration left = Duration.between(clock.instant(), expiry.get());
        if (left.isNegative() || left.isZero()) {
            return OptionalInt.of(0);
        }
        long days = (left.toSeconds() + 86_399) / 86_400;
        return days <= check.rules().warningDays() ? OptionalInt.of((int) days) : OptionalInt.empty();
    }

    private Optional<Instant> expiry(AccountState state) {
        if (!check.rules().expires() || state.passwordSetAt() == null) {
            return Optional.empty();
        }
        return Optional.of(state.passwordSetAt().plus(Duration.ofDays(check.rules().maxAgeDays())));
    }

    private void store(String username, char[] password, boolean mustChange) {
        String hash = hasher.hash(password);
        if (!store.setPasswordHash(username, hash)) {
            throw new IllegalStateException("no user " + username);
        }
        accounts.passwordSet(username, hash, clock.instant(), mustChange, keep());
    }

    /** The current password's hash and the newest {@code n} earlier ones, without repeats. */
    private List<String> previous(String username, int n, boolean includeCurrent) {
        LinkedHashSet<String> hashes = new LinkedHashSet<>();
        if (includeCurrent) {
            store.user(username).map(UserAccount::passwordHash).ifPresent(hashes::add);
        }
        if (n > 0) {
            hashes.addAll(accounts.history(username, n));
        }
        return new ArrayList<>(hashes);
    }

    private int keep() {
        return Math.max(1, check.rules().history());
    }
}
