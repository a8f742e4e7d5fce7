package org.tapin.agent.session;

import org.tapin.agent.reader.BadgeId;

/**
 * One question to the appliance. Answers carry the attempt's number, so an answer for a tap that a newer tap
 * superseded is recognised and dropped instead of unlocking for the wrong badge.
 */
public record Attempt(long number, Purpose purpose, BadgeId badge, User claimed) {

    public enum Purpose {
        /** A badge tap (tap in, tap over, or resuming a kept session). */
        BADGE,
        /** A username and password typed on the lock screen. */
        PASSWORD,
        /** An unknown badge being linked with directory credentials. */
        ENROLL,
        /** The code of a second factor. */
        SECOND_FACTOR,
        /** A new password, when the appliance asked for one before the sign-in ends. */
        CHANGE_PASSWORD,
        /** Confirming who asks to exit the agent. */
        EXIT
    }
}
