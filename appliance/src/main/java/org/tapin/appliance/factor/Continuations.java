package org.tapin.appliance.factor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use tokens that carry a sign-in from its first step to the next (a second factor, the
 * answer to a RADIUS challenge, a password change). A token is bound to the endpoint that started the sign-in and to the user;
 * the appliance keeps only its SHA-256, in memory: a restart ends every sign-in under way, which costs a user
 * one more tap. The next step goes to the appliance that issued the token.
 */
public final class Continuations {

    /** Why the sign-in started (what success completes) and what the next step must prove. */
    public enum Kind { BADGE, PASSWORD, ENROLL }

    /** {@code CHANGE_PASSWORD}: the password was right and every factor passed, but it must be replaced first. */
    public enum Stage { SECOND_FACTOR, RADIUS_FIRST_FACTOR, RADIUS_SECOND_FACTOR, CHANGE_PASSWORD }

    public record Pending(String endpoint, String username, Kind kind, String badge, Stage stage, List<String> methods,
            byte[] radiusState, Instant expires) {
        @Override
        public String toString() {
            return "Pending[" + username + ", " + stage + "]";
        }
    }

    public record Issued(String token, Instant expires) {}

    static final int MAX_PENDING = 10_000;

    /** More sign-ins under way than the appliance keeps; the caller denies (fail closed). */
    public static final class TooManyPending extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyPending() {
            super("too many sign-ins under way", null, false, false);
        }
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;
    private final Clock clock;

    public Continuations(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Issued issue(String endpoint, String username, Kind kind, String badge, Stage stage, List<String> methods,
            byte[] radiusState) {
        Instant now = clock.instant();
        if (pending.size() >= MAX_PENDING) {
            pending.values().removeIf(p -> !p.expires().isAfter(now));
            if (pending.size() >= MAX_PENDING) {
                // Only endpoints with a good first factor get here, but memory must stay bounded all the same.
                throw new TooManyPending();
            }
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expires = now.plus(lifetime);
        pending.put(hash(token), new Pending(endpoint, username, kind, badge, stage, List.copyOf(methods), radiusState, expires));
        return new Issued(token, expires);
    }

    /**
     * Takes the token's sign-in, which ends it whatever comes next; empty when the token is unknown, spent,
     * expired, or was issued to another endpoint.
     */
    public Optional<Pending> take(String token, String endpoint) {
        Pending p = pending.remove(hash(token));
        if (p == null || !p.expires().isAfter(clock.instant()) || !p.endpoint().equals(endpoint)) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    int size() {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext();) {
            if (!it.next().expires().isAfter(clock.instant())) {
                it.remove();
            }
        }
        return pending.size();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
