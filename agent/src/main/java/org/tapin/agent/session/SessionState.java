package org.tapin.agent.session;

import org.tapin.agent.reader.BadgeId;

/**
 * Where the endpoint is. Only {@link Unlocked} and {@link Fading} show the user's desktop; every other state
 * keeps the cover up. A locked state remembers whose session is kept ({@code user} may be null).
 */
public sealed interface SessionState {

    /** The name used in transition log lines. */
    String label();

    /** True while the user's desktop may be seen: the cover is down. */
    default boolean showsDesktop() {
        return false;
    }

    /** The user whose session is kept, or null. */
    User user();

    /** Cover up. {@code user} null: nobody's session is kept; otherwise U or another may tap. */
    record Locked(User user) implements SessionState {
        public static final Locked NOBODY = new Locked(null);

        @Override
        public String label() {
            return user == null ? "LOCKED" : "LOCKED(" + user + ")";
        }
    }

    /**
     * Waiting for the appliance; {@code back} is where a failure returns to. {@code fromDesktop} is true when
     * the tap came while the desktop showed: the screen locked at once, and the user's own badge means tap out.
     */
    record Authenticating(Attempt attempt, Locked back, boolean fromDesktop) implements SessionState {
        @Override
        public String label() {
            return "AUTHENTICATING(" + attempt.purpose().name().toLowerCase(java.util.Locale.ROOT) + ")";
        }

        @Override
        public User user() {
            return back.user();
        }
    }

    /**
     * The appliance wants a second factor for {@code pending} before it unlocks. {@code badge}: the badge that
     * started the sign-in (null for a password), so that the session it opens can be tapped out with it.
     */
    record SecondFactor(User pending, Attempt.Purpose purpose, BadgeId badge, Locked back) implements SessionState {
        @Override
        public String label() {
            return "SECOND_FACTOR(" + pending + ")";
        }

        @Override
        public User user() {
            return back.user();
        }
    }

    /**
     * The appliance wants a new password for {@code pending} before it unlocks; {@code form} is what the lock screen
     * shows (why, the rules, what was wrong with the last try). {@code badge} as in {@link SecondFactor}.
     */
    record PasswordChange(User pending, BadgeId badge, Locked back, View.PasswordChangeForm form) implements SessionState {
        @Override
        public String label() {
            return "PASSWORD_CHANGE(" + pending + ")";
        }

        @Override
        public User user() {
            return back.user();
        }
    }

    /** An unknown badge: the user proves who they are once and the badge is linked. */
    record Enrolling(BadgeId badge, Locked back) implements SessionState {
        @Override
        public String label() {
            return "ENROLLING";
        }

        @Override
        public User user() {
            return back.user();
        }
    }

    /** {@code badge} is the one that tapped in, or null after a password sign-in. */
    record Unlocked(User user, BadgeId badge) implements SessionState {
        @Override
        public String label() {
            return "UNLOCKED(" + user + ")";
        }

        @Override
        public boolean showsDesktop() {
            return true;
        }
    }

    /** Walk-away: the last seconds before the lock, desktop fading; any activity returns to Unlocked. */
    record Fading(User user, BadgeId badge) implements SessionState {
        @Override
        public String label() {
            return "FADING(" + user + ")";
        }

        @Override
        public boolean showsDesktop() {
            return true;
        }
    }

    /** Walk-away: screen hidden, session kept; the user's tap or password brings it back. */
    record Hidden(User user, BadgeId badge) implements SessionState {
        @Override
        public String label() {
            return "HIDDEN(" + user + ")";
        }
    }

    /** The agent is leaving, as the policy allowed; nothing follows. */
    record Exited(User user) implements SessionState {
        @Override
        public String label() {
            return "EXITED";
        }
    }
}
