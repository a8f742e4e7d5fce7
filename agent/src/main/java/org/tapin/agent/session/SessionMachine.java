package org.tapin.agent.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Attempt.Purpose;
import org.tapin.agent.session.Effect.Audit;
import org.tapin.agent.session.Effect.EngageLock;
import org.tapin.agent.session.Effect.Fade;
import org.tapin.agent.session.Effect.ReleaseLock;
import org.tapin.agent.session.Effect.Show;
import org.tapin.agent.session.SessionEvent.*;
import org.tapin.agent.session.SessionState.*;

/**
 * The one place that decides the lock state. Pure and single-threaded: the agent feeds it events one at a time
 * and carries out the effects of each {@link Transition} in order. It starts locked, whatever the
 * configuration says, and every doubt ends locked: a superseded or unexpected answer is dropped, a tap by
 * anyone but the user while the desktop shows locks at once before the appliance is even asked.
 */
public final class SessionMachine {

    /** A second read of the same badge this soon is the same tap (a bouncing card, a double read). */
    static final long REPEATED_TAP_MILLIS = 1_000;

    static final String UNREACHABLE_TEXT =
            "The sign-in server cannot be reached. Try again in a minute; if this persists, call the service desk.";

    static final String UNREADABLE_TEXT = "The badge could not be read. Please tap it again, flat on the reader.";

    static final String PASSWORDS_DIFFER_TEXT = "The two passwords differ. Type the new password twice.";

    static final String EMPTY_NEW_PASSWORD_TEXT = "Type a new password, then the same again to confirm it.";

    private SessionState state = Locked.NOBODY;
    /** When the desktop last showed after the lock or the hidden screen: walk-away counts from here at the earliest. */
    private long signedInAtMillis;
    private SessionPolicy policy;
    private long attempts;
    private boolean readerAvailable = true;
    /** A fade was shown over the hidden screen and not cleared yet. */
    private boolean hiddenFaded;
    private Purpose passwordPurpose = Purpose.PASSWORD;
    private BadgeId lastTap;
    private long lastTapAt;
    /** The last view shown says the appliance cannot be reached. */
    private boolean unreachableShown;

    public SessionMachine(SessionPolicy policy) {
        this.policy = policy;
    }

    public SessionState state() {
        return state;
    }

    public SessionPolicy policy() {
        return policy;
    }

    /** The first transition: cover up and the idle view, before anything else can happen. */
    public Transition start() {
        return new Transition(state, state, "agent started: always locked",
                List.of(new EngageLock(), new Show(idleView(null))), false);
    }

    public Transition handle(SessionEvent event, long nowMillis) {
        if (state instanceof Exited) {
            return stay(event, "ignored, agent exiting");
        }
        Transition transition = dispatch(event, nowMillis);
        for (Effect effect : transition.effects()) {
            if (effect instanceof Show show) {
                unreachableShown = show.view() instanceof View.Message m && m.kind() == View.Message.Kind.UNREACHABLE;
            }
        }
        if (transition.to() instanceof Unlocked && !(state instanceof Unlocked || state instanceof Fading)) {
            signedInAtMillis = nowMillis;
        }
        state = transition.to();
        return transition;
    }

    private Transition dispatch(SessionEvent event, long nowMillis) {
        if (event instanceof BadgeTapped tap) {
            return onTap(tap, nowMillis);
        } else if (event instanceof BadgeUnreadable) {
            return state.showsDesktop() ? stay(event, "no change while the desktop shows")
                    : to(state, event, List.of(new Show(new View.Message(View.Message.Kind.INFO, UNREADABLE_TEXT))));
        } else if (event instanceof BadgeRemoved) {
            return stay(event, "no change: a tap needs no card left on the reader");
        } else if (event instanceof PasswordFormRequested request) {
            return onPasswordForm(request);
        } else if (event instanceof PasswordSubmitted password) {
            return onPassword(password);
        } else if (event instanceof SecondFactorSubmitted code) {
            return onSecondFactor(code);
        } else if (event instanceof PasswordChangeSubmitted change) {
            return onPasswordChange(change);
        } else if (event instanceof EnrollmentSubmitted enrollment) {
            return onEnrollment(enrollment);
        } else if (event instanceof PromptCancelled cancel) {
            return onCancel(cancel);
        } else if (event instanceof ApplianceAnswered answer) {
            return onAnswer(answer);
        } else if (event instanceof IdleTime idle) {
            return onIdle(idle, nowMillis);
        } else if (event instanceof LockHotkey) {
            return showsSession() ? lock(event, "lock hotkey") : stay(event, "already locked");
        } else if (event instanceof PowerRequested power) {
            return onPower(power);
        } else if (event instanceof ExitRequested exit) {
            return onExit(exit);
        } else if (event instanceof PolicyChanged changed) {
            policy = changed.policy();
            return stay(event, "walk-away " + describe(policy.walkAway()) + ", exit "
                    + (policy.allowExit() ? "allowed" : "not allowed"));
        } else if (event instanceof UiProcessDied) {
            return to(state, event, List.of(new EngageLock(), new Effect.RestartUi(), new Show(currentView())));
        } else if (event instanceof XConnectionLost lost) {
            return onXLost(lost);
        } else if (event instanceof ApplianceReached) {
            // The lock screen goes back to its idle view rather than keep telling the next clinician to wait.
            return unreachableShown && state instanceof Locked locked
                    ? to(state, event, List.of(new Show(idleView(locked.user()))))
                    : Transition.quiet(state, List.of());
        } else if (event instanceof ReaderAvailability availability) {
            readerAvailable = availability.available();
            return state instanceof Locked locked ? to(state, event, List.of(new Show(idleView(locked.user()))))
                    : stay(event, "noted");
        }
        throw new IllegalArgumentException("unknown event " + event.getClass().getName());
    }

    private Transition onTap(BadgeTapped tap, long now) {
        BadgeId badge = tap.badge();
        if (badge.equals(lastTap) && now - lastTapAt < REPEATED_TAP_MILLIS) {
            return stay(tap, "ignored: same badge again within " + REPEATED_TAP_MILLIS + " ms");
        }
        lastTap = badge;
        lastTapAt = now;
        if (state instanceof Unlocked || state instanceof Fading) {
            User user = state.user();
            if (badge.equals(sessionBadge())) {
                return tapOut(tap, user);
            }
            // Anyone else's badge while the desktop shows: the screen locks now, before the appliance answers.
            return verifyBadge(tap, new Locked(user), true);
        }
        if (state instanceof Hidden hidden) {
            if (badge.equals(hidden.badge())) {
                return to(new Unlocked(hidden.user(), badge), tap,
                        List.of(new ReleaseLock(), new Audit("resume", hidden.user(), "badge after hide")));
            }
            return verifyBadge(tap, new Locked(hidden.user()), false);
        }
        if (state instanceof Authenticating a) {
            return badge.equals(a.attempt().badge()) ? stay(tap, "ignored: this badge is being checked")
                    : verifyBadge(tap, a.back(), a.fromDesktop());
        }
        if (state instanceof SecondFactor s) {
            return verifyBadge(tap, s.back(), false);
        }
        if (state instanceof Enrolling e) {
            return verifyBadge(tap, e.back(), false);
        }
        if (state instanceof PasswordChange c) {
            return verifyBadge(tap, c.back(), false);
        }
        return verifyBadge(tap, (Locked) state, false);
    }

    private BadgeId sessionBadge() {
        if (state instanceof Unlocked u) {
            return u.badge();
        }
        return state instanceof Fading f ? f.badge() : null;
    }

    private Transition tapOut(SessionEvent event, User user) {
        return to(new Locked(user), event, List.of(new EngageLock(), new Fade(0), new Show(idleView(user)),
                new Audit("tap-out", user, "")));
    }

    private Transition verifyBadge(BadgeTapped tap, Locked back, boolean fromDesktop) {
        Attempt attempt = new Attempt(++attempts, Purpose.BADGE, tap.badge(), null);
        List<Effect> effects = new ArrayList<>();
        if (fromDesktop || state instanceof Hidden) {
            effects.add(new EngageLock());
            effects.add(new Fade(0));
        }
        effects.add(new Show(new View.Busy("Checking badge…")));
        effects.add(new Effect.VerifyBadge(attempt.number(), tap.badge()));
        return to(new Authenticating(attempt, back, fromDesktop), tap, effects);
    }

    private Transition onPasswordForm(PasswordFormRequested request) {
        if (!(state instanceof Locked || state instanceof Hidden)) {
            return stay(request, "ignored in this state");
        }
        passwordPurpose = Purpose.PASSWORD;
        User kept = state.user();
        return to(state, request, List.of(new Show(new View.PasswordForm(kept == null ? "" : kept.username(),
                state instanceof Hidden ? "resume" : "sign in"))));
    }

    private Transition onPassword(PasswordSubmitted submitted) {
        Locked back = state instanceof Locked locked ? locked
                : state instanceof Hidden hidden ? new Locked(hidden.user()) : null;
        if (back == null || submitted.password().isEmpty()) {
            submitted.password().clear();
            return stay(submitted, back == null ? "ignored in this state" : "ignored: empty password");
        }
        Purpose purpose = passwordPurpose;
        passwordPurpose = Purpose.PASSWORD;
        Attempt attempt = new Attempt(++attempts, purpose, null, new User(submitted.username(), submitted.username()));
        return to(new Authenticating(attempt, back, false), submitted, List.of(new Show(new View.Busy("Signing in…")),
                new Effect.VerifyPassword(attempt.number(), submitted.username(), submitted.password())));
    }

    private Transition onSecondFactor(SecondFactorSubmitted submitted) {
        if (!(state instanceof SecondFactor pending)) {
            submitted.code().clear();
            return stay(submitted, "ignored: no second factor was asked for");
        }
        Attempt attempt = new Attempt(++attempts, Purpose.SECOND_FACTOR, pending.badge(), pending.pending());
        return to(new Authenticating(attempt, pending.back(), false), submitted, List.of(
                new Show(new View.Busy("Checking code…")),
                new Effect.VerifySecondFactor(attempt.number(), pending.pending(), submitted.code())));
    }

    /**
     * The new password goes to the appliance only when both fields agree: a typo in a password nobody can see
     * would otherwise lock the user out of their own account. The appliance checks the rules.
     */
    private Transition onPasswordChange(PasswordChangeSubmitted submitted) {
        if (!(state instanceof PasswordChange pending)) {
            submitted.password().clear();
            submitted.confirmation().clear();
            return stay(submitted, "ignored: no password change was asked for");
        }
        boolean empty = submitted.password().isEmpty();
        boolean same = submitted.password().sameAs(submitted.confirmation());
        submitted.confirmation().clear();
        if (empty || !same) {
            submitted.password().clear();
            PasswordChange again = new PasswordChange(pending.pending(), pending.badge(), pending.back(),
                    pending.form().withProblem(empty ? EMPTY_NEW_PASSWORD_TEXT : PASSWORDS_DIFFER_TEXT));
            return to(again, submitted, List.of(new Show(again.form())));
        }
        Attempt attempt = new Attempt(++attempts, Purpose.CHANGE_PASSWORD, pending.badge(), pending.pending());
        return to(new Authenticating(attempt, pending.back(), false), submitted, List.of(
                new Show(new View.Busy("Changing password…")),
                new Effect.ChangePassword(attempt.number(), pending.pending(), submitted.password())));
    }

    private Transition onEnrollment(EnrollmentSubmitted submitted) {
        if (!(state instanceof Enrolling enrolling)) {
            submitted.password().clear();
            return stay(submitted, "ignored: no enrollment in progress");
        }
        Attempt attempt = new Attempt(++attempts, Purpose.ENROLL, enrolling.badge(),
                new User(submitted.username(), submitted.username()));
        return to(new Authenticating(attempt, enrolling.back(), false), submitted, List.of(
                new Show(new View.Busy("Linking badge…")),
                new Effect.Enroll(attempt.number(), enrolling.badge(), submitted.username(), submitted.password())));
    }

    private Transition onCancel(PromptCancelled cancel) {
        passwordPurpose = Purpose.PASSWORD;
        Locked back = lockedBeneath();
        return back == null ? stay(cancel, "nothing to cancel") : to(back, cancel, List.of(new Show(idleView(back.user()))));
    }

    private Transition onAnswer(ApplianceAnswered answer) {
        if (!(state instanceof Authenticating a) || a.attempt().number() != answer.attempt()) {
            return stay(answer, "ignored: superseded or unexpected");
        }
        Locked back = a.back();
        Attempt attempt = a.attempt();
        Outcome outcome = answer.outcome();
        if (outcome instanceof Outcome.Ok ok) {
            Transition done = onOk(answer, a, ok.user());
            if (ok.notice() == null || !done.to().showsDesktop()) {
                return done;
            }
            List<Effect> effects = new ArrayList<>(done.effects());
            effects.add(new Effect.Notice(done.to().user(), ok.notice()));
            return new Transition(done.from(), done.to(), done.cause(), effects, false);
        }
        if (outcome instanceof Outcome.PasswordChangeNeeded change) {
            // A refusal of the last new password says which rules it broke: shown as an error, not as the reason.
            View.PasswordChangeForm form = new View.PasswordChangeForm(change.user(), change.reason(), change.rules(),
                    attempt.purpose() == Purpose.CHANGE_PASSWORD);
            return to(new PasswordChange(change.user(), attempt.badge(), back, form), answer, List.of(new Show(form)));
        }
        if (outcome instanceof Outcome.UnknownBadge && attempt.purpose() == Purpose.BADGE) {
            return to(new Enrolling(attempt.badge(), back), answer, List.of(new Show(new View.EnrollmentForm()),
                    new Audit("unknown-badge", null, attempt.badge().masked())));
        }
        if (outcome instanceof Outcome.SecondFactorNeeded second) {
            return to(new SecondFactor(second.user(), attempt.purpose(), attempt.badge(), back), answer,
                    List.of(new Show(new View.SecondFactorForm(second.user(), second.method()))));
        }
        if (outcome instanceof Outcome.Denied denied) {
            return deny(answer, back, denied.reason());
        }
        if (outcome instanceof Outcome.Unreachable unreachable) {
            return to(back, answer, List.of(
                    new Show(new View.Message(View.Message.Kind.UNREACHABLE, UNREACHABLE_TEXT)),
                    new Audit("appliance-unreachable", back.user(), unreachable.detail())));
        }
        return deny(answer, back, "This badge is not known.");
    }

    private Transition onOk(ApplianceAnswered answer, Authenticating a, User user) {
        Locked back = a.back();
        Attempt attempt = a.attempt();
        if (attempt.purpose() == Purpose.EXIT) {
            return to(new Exited(back.user()), answer, List.of(new Audit("exit", user, ""), new Effect.ExitAgent()));
        }
        // The badge that opened the session taps it out: a tap, an enrollment, or a tap completed by a second factor.
        BadgeId badge = attempt.purpose() == Purpose.PASSWORD ? null : attempt.badge();
        User kept = back.user();
        if (kept == null) {
            return to(new Unlocked(user, badge), answer, List.of(new Effect.StartSession(user), new ReleaseLock(),
                    new Audit("unlock", user, attempt.purpose().name())));
        }
        if (kept.sameAs(user)) {
            if (a.fromDesktop()) {
                return to(back, answer, List.of(new Show(idleView(kept)), new Audit("tap-out", kept, "")));
            }
            return to(new Unlocked(kept, badge), answer, List.of(new ReleaseLock(),
                    new Audit("resume", kept, attempt.purpose().name())));
        }
        // Tap over: the kept session ends before the cover comes down, so the new user never sees it.
        return to(new Unlocked(user, badge), answer, List.of(new Effect.SwitchSession(kept, user), new ReleaseLock(),
                new Audit("tap-over", user, "from " + kept.username())));
    }

    private Transition deny(ApplianceAnswered answer, Locked back, String reason) {
        return to(back, answer, List.of(new Show(new View.Message(View.Message.Kind.DENIED, reason)),
                new Audit("denied", back.user(), reason)));
    }

    private Transition onIdle(IdleTime event, long nowMillis) {
        WalkAway walkAway = policy.walkAway();
        // The X server counts idle time from the last key or pointer event, which may be long before a tap: a
        // clinician who taps in on a terminal nobody touched for ten minutes must get the full walk-away time.
        var idle = event.idle().compareTo(Duration.ofMillis(nowMillis - signedInAtMillis)) < 0 ? event.idle()
                : Duration.ofMillis(Math.max(0, nowMillis - signedInAtMillis));
        if (state instanceof Unlocked u) {
            if (walkAway.locks(idle)) {
                return lock(event, "walk-away");
            }
            if (walkAway.fades(idle)) {
                return to(new Fading(u.user(), u.badge()), event, List.of(new Fade(walkAway.fadeProgress(idle))));
            }
            if (walkAway.hides(idle)) {
                return to(new Hidden(u.user(), u.badge()), event, List.of(new EngageLock(),
                        new Show(new View.HiddenScreen(u.user())), new Audit("hide", u.user(), "")));
            }
        } else if (state instanceof Fading f) {
            if (walkAway.locks(idle)) {
                return lock(event, "walk-away");
            }
            if (walkAway.fades(idle)) {
                return Transition.quiet(state, List.of(new Fade(walkAway.fadeProgress(idle))));
            }
            return to(new Unlocked(f.user(), f.badge()), event, List.of(new Fade(0)));
        } else if (state instanceof Hidden) {
            if (walkAway.locks(idle)) {
                return lock(event, "walk-away");
            }
            // The hidden screen fades too, so the lock never comes as a surprise; activity clears the fade but
            // not the hiding (that takes the user's badge or password).
            if (walkAway.fades(idle)) {
                hiddenFaded = true;
                return Transition.quiet(state, List.of(new Fade(walkAway.fadeProgress(idle))));
            }
            if (hiddenFaded) {
                hiddenFaded = false;
                return Transition.quiet(state, List.of(new Fade(0)));
            }
        }
        return Transition.quiet(state, List.of());
    }

    /**
     * The power menu is on the lock screen only, as on any locked computer: shutting down ends any kept session
     * without showing it. From an unlocked desktop the operating system's own menu is used.
     */
    private Transition onPower(PowerRequested power) {
        if (!(state instanceof Locked)) {
            return stay(power, "ignored: the power menu is on the lock screen only");
        }
        boolean shutdown = power.action() == SessionEvent.Power.SHUTDOWN;
        return to(state, power, List.of(new Show(new View.Message(View.Message.Kind.INFO,
                        shutdown ? "Shutting down…" : "Restarting…")),
                new Audit(shutdown ? "shutdown" : "reboot", state.user(), "power menu"), new Effect.Power(power.action())));
    }

    private Transition onExit(ExitRequested exit) {
        if (!(state instanceof Locked)) {
            return stay(exit, "ignored: exit is offered on the lock screen only");
        }
        if (!policy.allowExit()) {
            return to(state, exit, List.of(new Show(new View.Message(View.Message.Kind.INFO,
                    "Exiting the agent is not allowed on this computer."))));
        }
        if (policy.exitNeedsAuthentication()) {
            passwordPurpose = Purpose.EXIT;
            return to(state, exit, List.of(new Show(new View.PasswordForm("", "exit"))));
        }
        return to(new Exited(state.user()), exit, List.of(new Audit("exit", state.user(), "no authentication required"),
                new Effect.ExitAgent()));
    }

    private Transition onXLost(XConnectionLost lost) {
        List<Effect> effects = List.of(new Effect.ReconnectX(), new EngageLock(), new Show(currentView()));
        return showsSession() ? to(new Locked(state.user()), lost, effects) : to(state, lost, effects);
    }

    private Transition lock(SessionEvent event, String why) {
        User user = state.user();
        return to(new Locked(user), event, List.of(new EngageLock(), new Fade(0), new Show(idleView(user)),
                new Audit("lock", user, why)));
    }

    private boolean showsSession() {
        return state instanceof Unlocked || state instanceof Fading || state instanceof Hidden;
    }

    private View currentView() {
        if (state instanceof Hidden h) {
            return new View.HiddenScreen(h.user());
        } else if (state instanceof SecondFactor s) {
            return new View.SecondFactorForm(s.pending(), "");
        } else if (state instanceof Enrolling) {
            return new View.EnrollmentForm();
        } else if (state instanceof PasswordChange c) {
            return c.form();
        } else if (state instanceof Authenticating) {
            return new View.Busy("Checking…");
        }
        return idleView(state.user());
    }

    /** The locked state under a prompt or a pending answer; null while the session shows. */
    private Locked lockedBeneath() {
        if (state instanceof Locked locked) {
            return locked;
        } else if (state instanceof Authenticating a) {
            return a.back();
        } else if (state instanceof SecondFactor s) {
            return s.back();
        } else if (state instanceof Enrolling e) {
            return e.back();
        } else if (state instanceof PasswordChange c) {
            return c.back();
        }
        return null;
    }

    private View idleView(User kept) {
        return new View.Idle(kept, readerAvailable);
    }

    private Transition to(SessionState next, SessionEvent event, List<Effect> effects) {
        return new Transition(state, next, event.describe(), effects, false);
    }

    private Transition stay(SessionEvent event, String note) {
        return new Transition(state, state, event.describe() + ": " + note, List.of(), false);
    }

    private static String describe(WalkAway w) {
        return "hide " + w.hide().toSeconds() + " s, fade " + w.fade().toSeconds() + " s, lock " + w.lock().toSeconds() + " s";
    }
}
