package org.tapin.appliance.factor;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalLong;
import org.tapin.appliance.auth.PasswordHasher;

/**
 * Temporary codes: what a help desk gives a user whose phone is lost, or a contractor who gets no TOTP. A
 * code is 10 random digits (shown once, to the admin who issues it), kept only as a salted slow hash, usable
 * until it expires: once, or again and again when issued reusable. Revoked codes never match.
 */
public final class TemporaryCodes {

    public static final int LENGTH = 10;
    public static final Duration LONGEST = Duration.ofDays(30);

    public record Issued(long id, char[] code, Instant expires) {}

    private final FactorStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TemporaryCodes(FactorStore store, PasswordHasher hasher, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** A new code for {@code username}; null when there is no such user. The caller clears the code. */
    public Issued issue(String username, Duration validFor, boolean reusable) {
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a temporary code is valid for 1 minute up to " + LONGEST.toDays() + " days");
        }
        char[] code = new char[LENGTH];
        for (int i = 0; i < code.length; i++) {
            code[i] = (char) ('0' + random.nextInt(10));
        }
        Instant now = clock.instant();
        Instant expires = now.plus(validFor);
        long id = store.addCode(username, hasher.hash(code), now, expires, reusable);
        if (id < 0) {
            Arrays.fill(code, '\0');
            return null;
        }
        return new Issued(id, code, expires);
    }

    /** The id of the user's usable code that {@code given} is, now spent (single-use ones); else empty. */
    public OptionalLong use(String username, char[] given) {
        Instant now = clock.instant();
        for (TemporaryCode c : store.codes(username)) {
            if (c.usableAt(now) && hasher.verify(given, c.hash())) {
                return store.spendCode(c.id(), now) ? OptionalLong.of(c.id()) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** Whether the user holds a code they could use now. */
    public boolean holdsUsable(String username) {
        Instant now = clock.instant();
        return store.codes(username).stream().anyMatch(c -> c.usableAt(now));
    }
}
