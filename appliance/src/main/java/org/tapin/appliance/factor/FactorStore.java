package org.tapin.appliance.factor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the second factors keep: TOTP secrets and the last step each user spent, temporary code hashes,
 * per-group second-factor policy and each user's group. Every method is atomic and durable when it returns;
 * the "spend" methods are compare-and-set, so two appliances on one store cannot both accept one code.
 */
public interface FactorStore extends AutoCloseable {

    /** A user's TOTP secret; {@code lastStep} is the last time step whose code was accepted (-1: none yet). */
    record TotpSecret(String username, byte[] secret, long lastStep, Instant enrolled) {
        @Override
        public String toString() {
            return "TotpSecret[" + username + "]"; // never the secret
        }
    }

    /** Enrolls (or re-enrolls) a user; false when there is no such user. */
    boolean setTotp(String username, byte[] secret, Instant now);

    Optional<TotpSecret> totp(String username);

    /** Marks {@code step} spent when it is later than the last spent one; false when it is not (a replay). */
    boolean spendTotpStep(String username, long step);

    boolean removeTotp(String username);

    /** Stores a code's hash; returns its id, or -1 when there is no such user. */
    long addCode(String username, String hash, Instant issued, Instant expires, boolean reusable);

    /** The user's codes, newest first (all of them, spent and revoked too). */
    List<TemporaryCode> codes(String username);

    /** Spends a code: single-use ones only once, none after expiry or revocation. False when not usable. */
    boolean spendCode(long id, Instant now);

    boolean revokeCode(long id);

    Optional<TemporaryCode> code(long id);

    void setPolicy(SecondFactorPolicy policy);

    Optional<SecondFactorPolicy> policy(String group);

    List<SecondFactorPolicy> policies();

    /** Puts a user in a group (for the second-factor policy); false when there is no such user. */
    boolean setUserGroup(String username, String group);

    /** The user's group; {@code default} unless an admin set another. */
    String userGroup(String username);

    @Override
    void close();
}
