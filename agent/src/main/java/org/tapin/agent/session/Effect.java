package org.tapin.agent.session;

import org.tapin.agent.reader.BadgeId;

/** What the adapters must do after a transition, in order. */
public sealed interface Effect {

    /** Cover up and enforcer on: nothing but allowed windows is visible or reachable. Idempotent. */
    record EngageLock() implements Effect {}

    /** Cover down: the user's desktop shows. */
    record ReleaseLock() implements Effect {}

    record Show(View view) implements Effect {}

    /** Fade the desktop towards the lock; 0 clear, 1 black. */
    record Fade(double progress) implements Effect {}

    record VerifyBadge(long attempt, BadgeId badge) implements Effect {}

    /** The adapter sends the secret once and clears it. */
    record VerifyPassword(long attempt, String username, Secret password) implements Effect {}

    record VerifySecondFactor(long attempt, User user, Secret code) implements Effect {}

    /** The new password for the sign-in the appliance asked to change it; the adapter sends it once and clears it. */
    record ChangePassword(long attempt, User user, Secret password) implements Effect {}

    /** Something the signed-in user should read (their password expires soon), shown on their desktop. */
    record Notice(User user, String text) implements Effect {}

    record Enroll(long attempt, BadgeId badge, String username, Secret password) implements Effect {}

    record StartSession(User user) implements Effect {}

    /** Tap over: {@code from}'s session ends (its windows stay behind the cover until gone), {@code to}'s starts. */
    record SwitchSession(User from, User to) implements Effect {}

    record Audit(String event, User user, String detail) implements Effect {}

    record RestartUi() implements Effect {}

    record ReconnectX() implements Effect {}

    record ExitAgent() implements Effect {}

    /** Shut the computer down or restart it. */
    record Power(SessionEvent.Power action) implements Effect {}
}
