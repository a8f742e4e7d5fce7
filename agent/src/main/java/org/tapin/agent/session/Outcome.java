package org.tapin.agent.session;

import org.tapin.agent.reader.BadgeId;

/** What the appliance answered to an {@link Attempt}. */
public sealed interface Outcome {

    record Ok(User user) implements Outcome {}

    record UnknownBadge(BadgeId badge) implements Outcome {}

    record SecondFactorNeeded(User user, String method) implements Outcome {}

    /** {@code reason} is shown to the user as it is (wrong password, account locked until 10:42, ...). */
    record Denied(String reason) implements Outcome {}

    /** No appliance answered; {@code detail} is for the log, the lock screen says what to do. */
    record Unreachable(String detail) implements Outcome {}
}
