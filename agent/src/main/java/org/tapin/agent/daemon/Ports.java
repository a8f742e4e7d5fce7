package org.tapin.agent.daemon;

import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Secret;
import org.tapin.agent.session.User;
import org.tapin.agent.session.View;

/**
 * What the session loop needs from the world, one small interface per adapter. Each call may block briefly;
 * answers that take a network round trip come back later as events through {@link Answers}.
 */
public final class Ports {
    private Ports() {}

    /** The X11 cover and enforcer. {@code engage} must be idempotent and must not return before the cover is up. */
    public interface Lock {
        void engage() throws Exception;

        void release() throws Exception;

        void fade(double progress) throws Exception;

        /** Re-establishes the X connection, waiting (with its own backoff) until the server answers. */
        void reconnect() throws Exception;
    }

    /** The lock-screen overlay process. */
    public interface Overlay {
        void show(View view);

        void restart();
    }

    /** The appliance. Implementations answer through {@link Answers#answer}; they clear secrets once sent. */
    public interface Appliance {
        void verifyBadge(long attempt, BadgeId badge);

        void verifyPassword(long attempt, String username, Secret password);

        void verifySecondFactor(long attempt, User user, Secret code);

        void enroll(long attempt, BadgeId badge, String username, Secret password);

        /** The new password for a sign-in the appliance asked to change it. */
        void changePassword(long attempt, User user, Secret password);
    }

    /** The user's desktop session (the VDI client or local session launcher). */
    public interface Sessions {
        void start(User user);

        void switchTo(User from, User to);

        /** Something the signed-in user should read, on their desktop; no secret is ever in {@code text}. */
        default void notice(User user, String text) {}
    }

    /** The durable audit queue. Must not lose an event, must not block for long. */
    public interface AuditTrail {
        void record(String event, User user, String detail);
    }

    /** The computer's power, for the lock screen's power menu. */
    public interface Power {
        void shutdown() throws Exception;

        void reboot() throws Exception;
    }

    /** Where the appliance adapter sends its answers: back into the session loop. */
    public interface Answers {
        void answer(long attempt, org.tapin.agent.session.Outcome outcome);
    }
}
