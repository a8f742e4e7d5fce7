package org.tapin.agent.session;

import org.tapin.agent.reader.BadgeId;

/** What the appliance answered to an {@link Attempt}. */
public sealed interface Outcome {

    /** {@code notice}: something the user should read once signed in (the password expires soon), or null. */
    record Ok(User user, String notice) implements Outcome {
        public Ok(User user) {
            this(user, null);
        }
    }

    record UnknownBadge(BadgeId badge) implements Outcome {}

    record SecondFactorNeeded(User user, String method) implements Outcome {}

    /**
     * The password was right but must be replaced before the sign-in ends. {@code reason}: why, or which rules the
     * last new password broke, in sentences to show; {@code rules}: the rules in force, one sentence each.
     */
    record PasswordChangeNeeded(User user, String reason, java.util.List<String> rules) implements Outcome {
        public PasswordChangeNeeded {
            rules = java.util.List.copyOf(rules);
        }
    }

    /** {@code reason} is shown to the user as it is (wrong password, account locked until 10:42, ...). */
    record Denied(String reason) implements Outcome {}

    /** No appliance answered; {@code detail} is for the log, the lock screen says what to do. */
    record Unreachable(String detail) implements Outcome {}
}
