package org.tapin.agent.daemon;

import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.session.Effect;
import org.tapin.agent.session.Outcome;
import org.tapin.agent.session.SessionEvent;
import org.tapin.agent.session.SessionMachine;
import org.tapin.agent.session.SessionState;
import org.tapin.agent.session.Transition;

/**
 * The agent's one decision thread: takes events from every adapter in arrival order, lets the
 * {@link SessionMachine} decide, logs each transition in one line, and carries out its effects in order.
 *
 * <p>A failing effect never leaves the screen open: if the cover cannot be engaged, the loop reports the X
 * connection lost (the machine's answer to that is to lock and reconnect), and any other failing effect is
 * logged and the loop goes on. The machine itself is never touched from another thread.
 */
public final class SessionLoop implements Ports.Answers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Session");

    private final SessionMachine machine;
    private final Ports.Lock lock;
    private final Ports.Overlay overlay;
    private final Ports.Appliance appliance;
    private final Ports.Sessions sessions;
    private final Ports.AuditTrail audit;
    private final Ports.Power power;
    private final Runnable exit;
    private final Clock clock;
    private final BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile SessionState published;
    private volatile java.util.function.Consumer<SessionState> stateListener = s -> { };

    public SessionLoop(SessionMachine machine, Ports.Lock lock, Ports.Overlay overlay, Ports.Appliance appliance,
            Ports.Sessions sessions, Ports.AuditTrail audit, Ports.Power power, Runnable exit, Clock clock) {
        this.machine = machine;
        this.lock = lock;
        this.overlay = overlay;
        this.appliance = appliance;
        this.sessions = sessions;
        this.audit = audit;
        this.power = power;
        this.exit = exit;
        this.clock = clock;
        this.published = machine.state();
        this.thread = new Thread(this::run, "session");
    }

    /** Runs the start transition (cover up) on the caller's thread, then starts taking events. */
    public SessionLoop start() {
        apply(machine.start());
        thread.start();
        return this;
    }

    /** Told every state after its transition's effects, on the session thread: keep it short. */
    public void onState(java.util.function.Consumer<SessionState> listener) {
        stateListener = listener;
    }

    public void submit(SessionEvent event) {
        events.add(event);
    }

    @Override
    public void answer(long attempt, Outcome outcome) {
        submit(new SessionEvent.ApplianceAnswered(attempt, outcome));
    }

    /** The state after the last handled event, for status displays and tests; decisions use the machine's. */
    public SessionState state() {
        return published;
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                SessionEvent event = events.take();
                apply(machine.handle(event, clock.millis()));
                if (machine.state() instanceof SessionState.Exited) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(Transition transition) {
        if (!transition.quiet()) {
            LOG.info(transition.logLine());
        }
        for (Effect effect : transition.effects()) {
            perform(effect);
        }
        published = transition.to();
        stateListener.accept(published);
    }

    private void perform(Effect effect) {
        try {
            if (effect instanceof Effect.EngageLock) {
                lock.engage();
            } else if (effect instanceof Effect.ReleaseLock) {
                lock.release();
            } else if (effect instanceof Effect.Fade fade) {
                lock.fade(fade.progress());
            } else if (effect instanceof Effect.Show show) {
                overlay.show(show.view());
            } else if (effect instanceof Effect.RestartUi) {
                overlay.restart();
            } else if (effect instanceof Effect.VerifyBadge v) {
                appliance.verifyBadge(v.attempt(), v.badge());
            } else if (effect instanceof Effect.VerifyPassword v) {
                appliance.verifyPassword(v.attempt(), v.username(), v.password());
            } else if (effect instanceof Effect.VerifySecondFactor v) {
                appliance.verifySecondFactor(v.attempt(), v.user(), v.code());
            } else if (effect instanceof Effect.ChangePassword v) {
                appliance.changePassword(v.attempt(), v.user(), v.password());
            } else if (effect instanceof Effect.Notice n) {
                sessions.notice(n.user(), n.text());
            } else if (effect instanceof Effect.Enroll v) {
                appliance.enroll(v.attempt(), v.badge(), v.username(), v.password());
            } else if (effect instanceof Effect.StartSession s) {
                sessions.start(s.user());
            } else if (effect instanceof Effect.SwitchSession s) {
                sessions.switchTo(s.from(), s.to());
            } else if (effect instanceof Effect.Audit a) {
                audit.record(a.event(), a.user(), a.detail());
            } else if (effect instanceof Effect.ReconnectX) {
                lock.reconnect();
            } else if (effect instanceof Effect.ExitAgent) {
                exit.run();
            } else if (effect instanceof Effect.Power p) {
                if (p.action() == org.tapin.agent.session.SessionEvent.Power.SHUTDOWN) {
                    power.shutdown();
                } else {
                    power.reboot();
                }
            }
        } catch (Exception e) {
            failed(effect, e);
        }
    }

    private void failed(Effect effect, Exception e) {
        LOG.error("{} failed: {}", effect.getClass().getSimpleName(), e.toString());
        if (effect instanceof Effect.EngageLock || effect instanceof Effect.ReleaseLock) {
            // The machine locks on a lost X connection; a cover that did not go up must be treated the same.
            submit(new SessionEvent.XConnectionLost(effect.getClass().getSimpleName() + " failed: " + e.getMessage()));
        }
    }
}
