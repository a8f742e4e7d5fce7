package org.tapin.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Effect.*;
import org.tapin.agent.session.SessionEvent.*;
import org.tapin.agent.session.SessionState.*;

class SessionMachineTest {

    static final User ALICE = new User("alice", "Dr Alice A");
    static final User BOB = new User("bob", "Dr Bob B");
    static final BadgeId ALICE_BADGE = new BadgeId("04A1B2C3");
    static final BadgeId BOB_BADGE = new BadgeId("04D4E5F6");
    static final BadgeId NEW_BADGE = new BadgeId("0499AABB");
    static final WalkAway SHORT = new WalkAway(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(4));

    SessionMachine machine;
    long now;
    Transition last;

    @BeforeEach
    void start() {
        machine = new SessionMachine(new SessionPolicy(SHORT, true, true));
        now = 100_000;
        last = machine.start();
    }

    Transition send(SessionEvent event) {
        now += 2_000; // events in these tests are seconds apart unless a test says otherwise
        last = machine.handle(event, now);
        return last;
    }

    Transition tap(BadgeId badge) {
        return send(new BadgeTapped(badge, "Virtual PCD 00 00"));
    }

    long pendingAttempt() {
        assertThat(machine.state()).isInstanceOf(Authenticating.class);
        return ((Authenticating) machine.state()).attempt().number();
    }

    Transition answer(Outcome outcome) {
        return send(new ApplianceAnswered(pendingAttempt(), outcome));
    }

    void tapIn(BadgeId badge, User user) {
        tap(badge);
        answer(new Outcome.Ok(user));
        assertThat(machine.state()).isEqualTo(new Unlocked(user, badge));
    }

    static <T extends Effect> T effect(Transition t, Class<T> type) {
        return t.effects().stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + t.effects()));
    }

    static boolean has(Transition t, Class<? extends Effect> type) {
        return t.effects().stream().anyMatch(type::isInstance);
    }

    @Test
    void startsLockedWithTheCoverUpWhateverHappensNext() {
        assertThat(machine.state()).isEqualTo(Locked.NOBODY);
        assertThat(last.effects()).first().isInstanceOf(EngageLock.class);
        assertThat(last.logLine()).isEqualTo("session: LOCKED stays (agent started: always locked)");
    }

    @Nested
    class TapInOutOver {
        @Test
        void tapInAsksTheApplianceThenUnlocks() {
            Transition t = tap(ALICE_BADGE);
            assertThat(machine.state()).isInstanceOf(Authenticating.class);
            assertThat(effect(t, VerifyBadge.class).badge()).isEqualTo(ALICE_BADGE);
            assertThat(has(t, ReleaseLock.class)).isFalse();
            Transition ok = answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, ALICE_BADGE));
            assertThat(ok.effects()).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("StartSession", "ReleaseLock", "Audit");
            assertThat(ok.logLine()).startsWith("session: AUTHENTICATING(badge) -> UNLOCKED(alice) (appliance answered attempt");
        }

        @Test
        void theSameBadgeAgainTapsOutWithoutAskingTheAppliance() {
            tapIn(ALICE_BADGE, ALICE);
            Transition t = tap(ALICE_BADGE);
            assertThat(machine.state()).isEqualTo(new Locked(ALICE));
            assertThat(t.effects().get(0)).isInstanceOf(EngageLock.class);
            assertThat(has(t, VerifyBadge.class)).isFalse();
        }

        @Test
        void theKeptSessionResumesOnTheSameUsersTap() {
            tapIn(ALICE_BADGE, ALICE);
            tap(ALICE_BADGE);
            tap(ALICE_BADGE);
            Transition t = answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, ALICE_BADGE));
            assertThat(has(t, StartSession.class)).as("resumed, not a new session").isFalse();
            assertThat(has(t, SwitchSession.class)).isFalse();
        }

        @Test
        void anotherBadgeWhileUnlockedLocksAtOnceBeforeTheApplianceAnswers() {
            tapIn(ALICE_BADGE, ALICE);
            Transition t = tap(BOB_BADGE);
            assertThat(machine.state().showsDesktop()).isFalse();
            assertThat(t.effects().get(0)).as("the cover comes first").isInstanceOf(EngageLock.class);
            Transition over = answer(new Outcome.Ok(BOB));
            assertThat(machine.state()).isEqualTo(new Unlocked(BOB, BOB_BADGE));
            assertThat(over.effects()).extracting(e -> e.getClass().getSimpleName())
                    .as("Alice's session ends before the cover comes down").containsExactly("SwitchSession", "ReleaseLock", "Audit");
            assertThat(effect(over, SwitchSession.class)).isEqualTo(new SwitchSession(ALICE, BOB));
        }

        @Test
        void tapOverRefusedLeavesAlicesSessionLocked() {
            tapIn(ALICE_BADGE, ALICE);
            tap(BOB_BADGE);
            Transition t = answer(new Outcome.Denied("Account disabled"));
            assertThat(machine.state()).isEqualTo(new Locked(ALICE));
            assertThat(effect(t, Show.class).view()).isEqualTo(new View.Message(View.Message.Kind.DENIED, "Account disabled"));
        }

        @Test
        void aSecondBadgeOfTheSameUserWhileUnlockedIsATapOut() {
            tapIn(ALICE_BADGE, ALICE);
            BadgeId spare = new BadgeId("04FFFFFF");
            tap(spare);
            answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Locked(ALICE));
        }

        @Test
        void tapOverFromTheLockedScreenSwitchesSessions() {
            tapIn(ALICE_BADGE, ALICE);
            tap(ALICE_BADGE);
            tap(BOB_BADGE);
            Transition t = answer(new Outcome.Ok(BOB));
            assertThat(effect(t, SwitchSession.class)).isEqualTo(new SwitchSession(ALICE, BOB));
            assertThat(machine.state()).isEqualTo(new Unlocked(BOB, BOB_BADGE));
        }
    }

    @Nested
    class OddOrders {
        @Test
        void badgeRemovedBeforeTheAnswerChangesNothing() {
            tap(ALICE_BADGE);
            SessionState waiting = machine.state();
            Transition t = send(new BadgeRemoved("Virtual PCD 00 00"));
            assertThat(machine.state()).isEqualTo(waiting);
            assertThat(t.effects()).isEmpty();
            answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, ALICE_BADGE));
        }

        @Test
        void twoReadsOfOneBadgeWithin50MillisecondsAreOneTap() {
            tap(ALICE_BADGE);
            long attempt = pendingAttempt();
            last = machine.handle(new ApplianceAnswered(attempt, new Outcome.Ok(ALICE)), now + 20);
            last = machine.handle(new BadgeTapped(ALICE_BADGE, "Virtual PCD 00 00"), now + 50);
            assertThat(machine.state()).as("the bounce did not tap out").isEqualTo(new Unlocked(ALICE, ALICE_BADGE));
            assertThat(last.logLine()).contains("ignored: same badge again within 1000 ms");
        }

        @Test
        void aRepeatedTapWhileTheSameBadgeIsCheckedIsIgnored() {
            tap(ALICE_BADGE);
            long attempt = pendingAttempt();
            tap(ALICE_BADGE);
            assertThat(pendingAttempt()).isEqualTo(attempt);
        }

        @Test
        void anAnswerForASupersededTapIsDropped() {
            tap(ALICE_BADGE);
            long aliceAttempt = pendingAttempt();
            tap(BOB_BADGE);
            long bobAttempt = pendingAttempt();
            Transition stale = send(new ApplianceAnswered(aliceAttempt, new Outcome.Ok(ALICE)));
            assertThat(machine.state()).isInstanceOf(Authenticating.class);
            assertThat(stale.effects()).isEmpty();
            assertThat(stale.logLine()).contains("ignored: superseded or unexpected");
            send(new ApplianceAnswered(bobAttempt, new Outcome.Ok(BOB)));
            assertThat(machine.state()).isEqualTo(new Unlocked(BOB, BOB_BADGE));
        }

        @Test
        void anAnswerAfterTheUserCancelledIsDropped() {
            send(new PasswordSubmitted("alice", Secret.wrap("pw".toCharArray())));
            long attempt = pendingAttempt();
            send(new PromptCancelled());
            send(new ApplianceAnswered(attempt, new Outcome.Ok(ALICE)));
            assertThat(machine.state()).isEqualTo(Locked.NOBODY);
        }

        @Test
        void anAnswerWithNothingPendingIsDropped() {
            send(new ApplianceAnswered(42, new Outcome.Ok(ALICE)));
            assertThat(machine.state()).isEqualTo(Locked.NOBODY);
        }
    }

    @Nested
    class Answers {
        @Test
        void unknownBadgeStartsEnrollmentWhichLinksAndUnlocks() {
            tap(NEW_BADGE);
            Transition t = answer(new Outcome.UnknownBadge(NEW_BADGE));
            assertThat(machine.state()).isEqualTo(new Enrolling(NEW_BADGE, Locked.NOBODY));
            assertThat(effect(t, Show.class).view()).isEqualTo(new View.EnrollmentForm());
            Transition submit = send(new EnrollmentSubmitted("alice", Secret.wrap("s3cret".toCharArray())));
            Enroll enroll = effect(submit, Enroll.class);
            assertThat(enroll.badge()).isEqualTo(NEW_BADGE);
            assertThat(enroll.username()).isEqualTo("alice");
            answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, NEW_BADGE));
            assertThat(tap(NEW_BADGE).to()).as("the enrolled badge now taps out").isEqualTo(new Locked(ALICE));
        }

        @Test
        void secondFactorIsAskedThenUnlocks() {
            tap(ALICE_BADGE);
            Transition t = answer(new Outcome.SecondFactorNeeded(ALICE, "totp"));
            assertThat(effect(t, Show.class).view()).isEqualTo(new View.SecondFactorForm(ALICE, "totp"));
            Transition code = send(new SecondFactorSubmitted(Secret.wrap("123456".toCharArray())));
            assertThat(effect(code, VerifySecondFactor.class).user()).isEqualTo(ALICE);
            answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, ALICE_BADGE));
            // The badge that started it taps out, without a second code.
            Transition out = tap(ALICE_BADGE);
            assertThat(machine.state()).isEqualTo(new Locked(ALICE));
            assertThat(has(out, VerifyBadge.class)).isFalse();
        }

        @Test
        void aPasswordSignInCompletedByASecondFactorHasNoBadgeToTapOutWith() {
            send(new PasswordSubmitted("alice", Secret.wrap("pw".toCharArray())));
            answer(new Outcome.SecondFactorNeeded(ALICE, "Enter the code"));
            send(new SecondFactorSubmitted(Secret.wrap("123456".toCharArray())));
            answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, null));
        }

        @Test
        void aPasswordThatMustChangeShowsTheChangeViewWithItsRulesThenUnlocks() {
            send(new PasswordSubmitted("alice", Secret.wrap("Temp-Pass-1".toCharArray())));
            List<String> rules = List.of("Between 10 and 128 characters.", "At least 1 digit.");
            Transition asked = answer(new Outcome.PasswordChangeNeeded(ALICE, "You must choose a new password.", rules));
            assertThat(machine.state()).isInstanceOf(PasswordChange.class);
            assertThat(machine.state().showsDesktop()).isFalse();
            assertThat(effect(asked, Show.class).view())
                    .isEqualTo(new View.PasswordChangeForm(ALICE, "You must choose a new password.", rules, false));

            Secret typed = Secret.wrap("Fresh-Pass-2".toCharArray());
            Secret again = Secret.wrap("Fresh-Pass-2".toCharArray());
            Transition sent = send(new PasswordChangeSubmitted(typed, again));
            ChangePassword change = effect(sent, ChangePassword.class);
            assertThat(change.user()).isEqualTo(ALICE);
            assertThat(change.password()).isSameAs(typed);
            assertThat(again.reveal()).as("the confirmation is cleared at once").containsOnly('\0');
            assertThat(has(sent, ReleaseLock.class)).isFalse();
            assertThat(sent.logLine()).doesNotContain("Fresh-Pass-2");

            // The appliance refuses it: the broken rules show as an error, the cover stays up.
            Transition refused = answer(new Outcome.PasswordChangeNeeded(ALICE, "The password must contain at least 1 digit(s).", rules));
            View.PasswordChangeForm form = (View.PasswordChangeForm) effect(refused, Show.class).view();
            assertThat(form.problem()).isTrue();
            assertThat(form.reason()).isEqualTo("The password must contain at least 1 digit(s).");
            assertThat(has(refused, ReleaseLock.class)).isFalse();

            send(new PasswordChangeSubmitted(Secret.wrap("Better-Pass-3".toCharArray()), Secret.wrap("Better-Pass-3".toCharArray())));
            Transition done = answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, null));
            assertThat(has(done, ReleaseLock.class)).isTrue();
        }

        @Test
        void twoDifferentNewPasswordsAreNeverSentAndSayWhy() {
            send(new PasswordSubmitted("alice", Secret.wrap("Temp-Pass-1".toCharArray())));
            answer(new Outcome.PasswordChangeNeeded(ALICE, "Your password has expired. Choose a new one.", List.of()));
            Secret first = Secret.wrap("Fresh-Pass-2".toCharArray());
            Secret second = Secret.wrap("Fresh-Pass-3".toCharArray());
            Transition t = send(new PasswordChangeSubmitted(first, second));
            assertThat(has(t, ChangePassword.class)).isFalse();
            assertThat(machine.state()).isInstanceOf(PasswordChange.class);
            View.PasswordChangeForm form = (View.PasswordChangeForm) effect(t, Show.class).view();
            assertThat(form.reason()).isEqualTo(SessionMachine.PASSWORDS_DIFFER_TEXT);
            assertThat(form.problem()).isTrue();
            assertThat(first.reveal()).containsOnly('\0');
            assertThat(second.reveal()).containsOnly('\0');
            Transition empty = send(new PasswordChangeSubmitted(Secret.wrap(new char[0]), Secret.wrap(new char[0])));
            assertThat(has(empty, ChangePassword.class)).isFalse();
        }

        @Test
        void aPasswordChangeEndsLockedOnCancelDenialOrAnotherTap() {
            send(new PasswordSubmitted("alice", Secret.wrap("Temp-Pass-1".toCharArray())));
            answer(new Outcome.PasswordChangeNeeded(ALICE, "Choose a new password.", List.of()));
            send(new PromptCancelled());
            assertThat(machine.state()).isEqualTo(Locked.NOBODY);

            send(new PasswordSubmitted("alice", Secret.wrap("Temp-Pass-1".toCharArray())));
            answer(new Outcome.PasswordChangeNeeded(ALICE, "Choose a new password.", List.of()));
            send(new PasswordChangeSubmitted(Secret.wrap("Fresh-Pass-2".toCharArray()), Secret.wrap("Fresh-Pass-2".toCharArray())));
            answer(new Outcome.Denied("That sign-in expired."));
            assertThat(machine.state()).isEqualTo(Locked.NOBODY);

            send(new PasswordSubmitted("alice", Secret.wrap("Temp-Pass-1".toCharArray())));
            answer(new Outcome.PasswordChangeNeeded(ALICE, "Choose a new password.", List.of()));
            tap(BOB_BADGE);
            assertThat(machine.state()).isInstanceOf(Authenticating.class);
            assertThat(send(new PasswordChangeSubmitted(Secret.wrap("x".toCharArray()), Secret.wrap("x".toCharArray())))
                    .effects()).isEmpty();
        }

        @Test
        void anOkWithANoticeUnlocksAndShowsItOnTheDesktop() {
            send(new PasswordSubmitted("alice", Secret.wrap("pw".toCharArray())));
            Transition t = answer(new Outcome.Ok(ALICE, "Your password expires in 3 days."));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, null));
            assertThat(effect(t, Notice.class)).isEqualTo(new Notice(ALICE, "Your password expires in 3 days."));
            assertThat(t.effects().indexOf(effect(t, Notice.class))).isGreaterThan(t.effects().indexOf(effect(t, ReleaseLock.class)));
        }

        @Test
        void unreachableApplianceSaysWhatToDoAndStaysLocked() {
            tap(ALICE_BADGE);
            Transition t = answer(new Outcome.Unreachable("connect timed out"));
            assertThat(machine.state()).isEqualTo(Locked.NOBODY);
            View.Message message = (View.Message) effect(t, Show.class).view();
            assertThat(message.kind()).isEqualTo(View.Message.Kind.UNREACHABLE);
            assertThat(message.text()).contains("cannot be reached").contains("service desk");
        }

        @Test
        void theUnreachableMessageClearsWhenTheApplianceAnswersAgain() {
            tap(ALICE_BADGE);
            answer(new Outcome.Unreachable("connect timed out"));
            Transition t = send(new ApplianceReached());
            assertThat(effect(t, Show.class).view()).isEqualTo(new View.Idle(null, true));
            assertThat(machine.state()).isEqualTo(Locked.NOBODY);
            assertThat(send(new ApplianceReached()).effects()).as("once").isEmpty();
        }

        @Test
        void theApplianceAnsweringAgainLeavesAnyOtherViewAlone() {
            tap(ALICE_BADGE);
            answer(new Outcome.Unreachable("connect timed out"));
            send(new PasswordFormRequested());
            Transition t = send(new ApplianceReached());
            assertThat(t.effects()).isEmpty();
            assertThat(t.quiet()).isTrue();
        }

        @Test
        void passwordSignInUnlocksWithoutABadge() {
            send(new PasswordFormRequested());
            Transition t = send(new PasswordSubmitted("alice", Secret.wrap("pw".toCharArray())));
            assertThat(effect(t, VerifyPassword.class).username()).isEqualTo("alice");
            answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, null));
        }

        @Test
        void anEmptyPasswordIsNotSentAndIgnoredSecretsAreCleared() {
            char[] typed = "pw".toCharArray();
            tapIn(ALICE_BADGE, ALICE);
            send(new PasswordSubmitted("alice", Secret.wrap(typed)));
            assertThat(typed).as("cleared when ignored").containsOnly('\0');
            tap(ALICE_BADGE);
            Transition t = send(new PasswordSubmitted("alice", Secret.wrap(new char[0])));
            assertThat(has(t, VerifyPassword.class)).isFalse();
        }
    }

    @Nested
    class WalkAwaySecurity {
        @BeforeEach
        void unlocked() {
            tapIn(ALICE_BADGE, ALICE);
        }

        Transition idle(long millis) {
            return send(new IdleTime(Duration.ofMillis(millis)));
        }

        @Test
        void walkAwayCountsFromTheTapNotFromTheLastInputBeforeIt() {
            now -= 1_900; // 100 ms after the unlock
            assertThat(send(new IdleTime(Duration.ofMinutes(10))).quiet()).isTrue();
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, ALICE_BADGE));
            idle(Duration.ofMinutes(10).toMillis()); // 2.1 s after the unlock: the hide time has come
            assertThat(machine.state()).isEqualTo(new Hidden(ALICE, ALICE_BADGE));
        }

        @Test
        void hidesThenLocksOnTheTimings() {
            assertThat(idle(1_000).quiet()).isTrue();
            Transition hide = idle(2_100);
            assertThat(machine.state()).isEqualTo(new Hidden(ALICE, ALICE_BADGE));
            assertThat(hide.effects().get(0)).isInstanceOf(EngageLock.class);
            idle(4_000);
            assertThat(machine.state()).isEqualTo(new Locked(ALICE));
        }

        @Test
        void activityDoesNotBringAHiddenScreenBackButTheUsersBadgeDoes() {
            idle(2_100);
            idle(0);
            assertThat(machine.state()).isEqualTo(new Hidden(ALICE, ALICE_BADGE));
            tap(ALICE_BADGE);
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, ALICE_BADGE));
        }

        @Test
        void aHiddenScreenFadesBeforeTheLockAndActivityClearsTheFadeButNotTheHiding() {
            idle(2_100);
            Transition fading = idle(3_500);
            assertThat(effect(fading, Fade.class).progress()).isEqualTo(0.5);
            Transition active = idle(0);
            assertThat(effect(active, Fade.class).progress()).isZero();
            assertThat(machine.state()).isEqualTo(new Hidden(ALICE, ALICE_BADGE));
            assertThat(idle(100).effects()).isEmpty();
        }

        @Test
        void aHiddenScreenComesBackWithTheUsersPassword() {
            idle(2_100);
            send(new PasswordFormRequested());
            send(new PasswordSubmitted("alice", Secret.wrap("pw".toCharArray())));
            answer(new Outcome.Ok(ALICE));
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, null));
        }

        @Test
        void fadesInTheLastSecondAndActivityCancelsTheFade() {
            machine.handle(new PolicyChanged(new SessionPolicy(
                    new WalkAway(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(4)), false, true)), now);
            now += 2_000; // signed in long enough for 3.5 s of idleness to be real
            Transition fading = idle(3_500);
            assertThat(machine.state()).isEqualTo(new Fading(ALICE, ALICE_BADGE));
            assertThat(effect(fading, Fade.class).progress()).isEqualTo(0.5);
            Transition step = idle(3_750);
            assertThat(step.quiet()).isTrue();
            assertThat(effect(step, Fade.class).progress()).isEqualTo(0.75);
            Transition cancel = idle(10);
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, ALICE_BADGE));
            assertThat(effect(cancel, Fade.class).progress()).isZero();
            idle(3_600);
            idle(4_000);
            assertThat(machine.state()).isEqualTo(new Locked(ALICE));
        }

        @Test
        void theLockHotkeyLocksAtOnce() {
            Transition t = send(new LockHotkey());
            assertThat(machine.state()).isEqualTo(new Locked(ALICE));
            assertThat(t.effects().get(0)).isInstanceOf(EngageLock.class);
        }

        @Test
        void walkAwayOffNeverLocks() {
            machine.handle(new PolicyChanged(new SessionPolicy(WalkAway.OFF, false, true)), now);
            idle(86_400_000);
            assertThat(machine.state()).isEqualTo(new Unlocked(ALICE, ALICE_BADGE));
        }
    }

    @Nested
    class Failures {
        @Test
        void uiCrashKeepsTheCoverAndRestartsTheUi() {
            Transition t = send(new UiProcessDied("exit 137"));
            assertThat(t.effects()).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("EngageLock", "RestartUi", "Show");
            assertThat(machine.state()).isEqualTo(Locked.NOBODY);
        }

        @Test
        void losingTheXConnectionWhileUnlockedLocks() {
            tapIn(ALICE_BADGE, ALICE);
            send(new XConnectionLost("broken pipe"));
            assertThat(machine.state()).isEqualTo(new Locked(ALICE));
        }

        @Test
        void anUnreadableBadgeAsksForAnotherTapOnTheLockScreenOnly() {
            Transition t = send(new BadgeUnreadable("r", "card answered status 6A81"));
            assertThat(effect(t, Show.class).view()).isEqualTo(new View.Message(View.Message.Kind.INFO,
                    SessionMachine.UNREADABLE_TEXT));
            tapIn(ALICE_BADGE, ALICE);
            assertThat(send(new BadgeUnreadable("r", "x")).effects()).isEmpty();
        }

        @Test
        void readerUnavailableShowsOnTheIdleView() {
            Transition t = send(new ReaderAvailability(false));
            assertThat(effect(t, Show.class).view()).isEqualTo(new View.Idle(null, false));
        }
    }

    @Nested
    class Exit {
        @Test
        void exitNeedsAPasswordWhenThePolicySaysSo() {
            Transition t = send(new ExitRequested());
            assertThat(effect(t, Show.class).view()).isEqualTo(new View.PasswordForm("", "exit"));
            Transition submit = send(new PasswordSubmitted("admin", Secret.wrap("pw".toCharArray())));
            assertThat(((Authenticating) machine.state()).attempt().purpose()).isEqualTo(Attempt.Purpose.EXIT);
            assertThat(has(submit, VerifyPassword.class)).isTrue();
            Transition ok = answer(new Outcome.Ok(new User("admin", "Admin")));
            assertThat(machine.state()).isInstanceOf(Exited.class);
            assertThat(has(ok, ExitAgent.class)).isTrue();
            assertThat(send(new BadgeTapped(ALICE_BADGE, "r")).effects()).isEmpty();
        }

        @Test
        void exitIsRefusedWhenThePolicyDoesNotAllowIt() {
            machine.handle(new PolicyChanged(new SessionPolicy(SHORT, false, true)), now);
            Transition t = send(new ExitRequested());
            assertThat(machine.state()).isEqualTo(Locked.NOBODY);
            assertThat(has(t, ExitAgent.class)).isFalse();
        }

        @Test
        void exitIsNotOfferedFromTheDesktop() {
            tapIn(ALICE_BADGE, ALICE);
            assertThat(send(new ExitRequested()).effects()).isEmpty();
        }
    }

    @Nested
    class PowerMenu {
        @Test
        void shutdownAndRestartFromTheLockScreenAreAuditedAndCarriedOut() {
            Transition t = send(new PowerRequested(SessionEvent.Power.REBOOT));
            assertThat(effect(t, Effect.Power.class).action()).isEqualTo(SessionEvent.Power.REBOOT);
            assertThat(effect(t, Audit.class).event()).isEqualTo("reboot");
            assertThat(effect(t, Show.class).view()).isEqualTo(new View.Message(View.Message.Kind.INFO, "Restarting…"));
            assertThat(machine.state()).isEqualTo(Locked.NOBODY);
        }

        @Test
        void aKeptSessionIsShutDownWithoutBeingShown() {
            tapIn(ALICE_BADGE, ALICE);
            send(new LockHotkey());
            Transition t = send(new PowerRequested(SessionEvent.Power.SHUTDOWN));
            assertThat(has(t, Effect.Power.class)).isTrue();
            assertThat(has(t, Effect.ReleaseLock.class)).isFalse();
        }

        @Test
        void theDesktopHasNoLockScreenPowerMenu() {
            tapIn(ALICE_BADGE, ALICE);
            assertThat(send(new PowerRequested(SessionEvent.Power.SHUTDOWN)).effects()).isEmpty();
        }
    }

    @Test
    void noLogLineOrEffectCarriesASecretOrAFullBadgeId() {
        List<SessionEvent> events = List.of(
                new BadgeTapped(ALICE_BADGE, "r"),
                new PasswordSubmitted("alice", Secret.wrap("Hunter2!".toCharArray())),
                new EnrollmentSubmitted("alice", Secret.wrap("Hunter2!".toCharArray())),
                new SecondFactorSubmitted(Secret.wrap("Hunter2!".toCharArray())));
        StringBuilder everything = new StringBuilder();
        for (SessionEvent e : events) {
            Transition t = send(e);
            everything.append(t.logLine()).append(t.effects()).append(t);
        }
        assertThat(everything.toString()).doesNotContain("Hunter2!").doesNotContain(ALICE_BADGE.value());
    }
}
