package org.tapin.agent.session;

/** What the lock screen shows while the cover is up. The overlay renders these and decides nothing. */
public sealed interface View {

    /** "Tap your badge"; {@code readerAvailable} false adds "badge reader not available". */
    record Idle(User keptSession, boolean readerAvailable) implements View {}

    record Busy(String text) implements View {}

    record PasswordForm(String username, String purpose) implements View {}

    record SecondFactorForm(User user, String method) implements View {}

    record EnrollmentForm() implements View {}

    /**
     * New password and confirmation for {@code user}. {@code reason}: why a new one is needed, or what was wrong with
     * the last one ({@code problem} true: shown as an error); {@code rules}: the rules in force, one sentence each.
     */
    record PasswordChangeForm(User user, String reason, java.util.List<String> rules, boolean problem) implements View {
        public PasswordChangeForm {
            rules = java.util.List.copyOf(rules);
        }

        PasswordChangeForm withProblem(String text) {
            return new PasswordChangeForm(user, text, rules, true);
        }
    }

    /** A message, then back to the idle view. */
    record Message(Kind kind, String text) implements View {
        public enum Kind { DENIED, UNKNOWN_BADGE, UNREACHABLE, READER_MISSING, INFO }
    }

    /** Walk-away hid the screen; {@code user}'s tap or password brings it back. */
    record HiddenScreen(User user) implements View {}
}
