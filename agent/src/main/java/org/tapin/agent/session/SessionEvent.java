package org.tapin.agent.session;

import java.time.Duration;
import org.tapin.agent.reader.BadgeId;

/** Everything that can happen to a session. Adapters turn the world into these; only the machine acts on them. */
public sealed interface SessionEvent {

    /** The cause printed in the transition's log line. Never contains a secret. */
    String describe();

    record BadgeTapped(BadgeId badge, String reader) implements SessionEvent {
        public String describe() {
            return "badge " + badge.masked() + " tapped on \"" + reader + "\"";
        }
    }

    /** A card was on the reader but gave no usable ID; the user is asked to tap again. */
    record BadgeUnreadable(String reader, String reason) implements SessionEvent {
        public String describe() {
            return "could not read badge on \"" + reader + "\": " + reason;
        }
    }

    record BadgeRemoved(String reader) implements SessionEvent {
        public String describe() {
            return "badge removed from \"" + reader + "\"";
        }
    }

    record PasswordFormRequested() implements SessionEvent {
        public String describe() {
            return "password form requested";
        }
    }

    record PasswordSubmitted(String username, Secret password) implements SessionEvent {
        public String describe() {
            return "password submitted for " + username;
        }
    }

    record SecondFactorSubmitted(Secret code) implements SessionEvent {
        public String describe() {
            return "second-factor code submitted";
        }
    }

    /** A new password and its confirmation, typed on the change-password view. */
    record PasswordChangeSubmitted(Secret password, Secret confirmation) implements SessionEvent {
        public String describe() {
            return "new password submitted";
        }
    }

    record EnrollmentSubmitted(String username, Secret password) implements SessionEvent {
        public String describe() {
            return "enrollment submitted for " + username;
        }
    }

    record PromptCancelled() implements SessionEvent {
        public String describe() {
            return "prompt cancelled";
        }
    }

    record ApplianceAnswered(long attempt, Outcome outcome) implements SessionEvent {
        public String describe() {
            return "appliance answered attempt " + attempt + ": " + outcome.getClass().getSimpleName();
        }
    }

    /** Keyboard or mouse idle time as the X server counts it; zero means the user just did something. */
    record IdleTime(Duration idle) implements SessionEvent {
        public String describe() {
            return "idle " + idle.toMillis() + " ms";
        }
    }

    record LockHotkey() implements SessionEvent {
        public String describe() {
            return "lock hotkey";
        }
    }

    /** From the lock screen's power menu. */
    record PowerRequested(Power action) implements SessionEvent {
        public String describe() {
            return "power menu: " + action.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum Power { SHUTDOWN, REBOOT }

    record ExitRequested() implements SessionEvent {
        public String describe() {
            return "exit requested";
        }
    }

    record PolicyChanged(SessionPolicy policy) implements SessionEvent {
        public String describe() {
            return "policy changed";
        }
    }

    record UiProcessDied(String detail) implements SessionEvent {
        public String describe() {
            return "lock-screen process died (" + detail + ")";
        }
    }

    record XConnectionLost(String detail) implements SessionEvent {
        public String describe() {
            return "X connection lost (" + detail + ")";
        }
    }

    /** The appliance answered a request after one had failed: a message saying it cannot be reached is stale. */
    record ApplianceReached() implements SessionEvent {
        public String describe() {
            return "appliance reachable again";
        }
    }

    record ReaderAvailability(boolean available) implements SessionEvent {
        public String describe() {
            return available ? "badge reader available" : "badge reader not available";
        }
    }
}
