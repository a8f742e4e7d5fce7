package org.tapin.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Outcome;
import org.tapin.agent.session.Secret;
import org.tapin.agent.session.SessionEvent;
import org.tapin.agent.session.SessionMachine;
import org.tapin.agent.session.SessionPolicy;
import org.tapin.agent.session.SessionState;
import org.tapin.agent.session.User;
import org.tapin.agent.session.View;

/** The loop's wiring: effects reach the right port in order, answers come back, a failing cover locks. */
class SessionLoopTest {

    static final User ALICE = new User("alice", "Dr Alice");
    static final BadgeId BADGE = new BadgeId("04A1B2C3");

    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger engageFailures = new AtomicInteger();
    SessionLoop loop;

    final Ports.Lock lock = new Ports.Lock() {
        public void engage() {
            calls.add("engage");
            if (engageFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("BadWindow");
            }
        }

        public void release() {
            calls.add("release");
        }

        public void fade(double progress) {
            calls.add("fade " + progress);
        }

        public void reconnect() {
            calls.add("reconnect");
        }
    };
    final Ports.Overlay overlay = new Ports.Overlay() {
        public void show(View view) {
            calls.add("show " + view.getClass().getSimpleName());
        }

        public void restart() {
            calls.add("restart ui");
        }
    };
    final Ports.Appliance appliance = new Ports.Appliance() {
        public void verifyBadge(long attempt, BadgeId badge) {
            calls.add("verify badge " + badge);
            loop.answer(attempt, new Outcome.Ok(ALICE));
        }

        public void verifyPassword(long attempt, String username, Secret password) {
            calls.add("verify password " + username + " " + password);
            password.clear();
        }

        public void verifySecondFactor(long attempt, User user, Secret code) {}

        public void enroll(long attempt, BadgeId badge, String username, Secret password) {}

        public void changePassword(long attempt, User user, Secret password) {}
    };
    final Ports.Sessions sessions = new Ports.Sessions() {
        public void start(User user) {
            calls.add("start session " + user);
        }

        public void switchTo(User from, User to) {
            calls.add("switch " + from + " -> " + to);
        }
    };

    final Ports.Power power = new Ports.Power() {
        public void shutdown() {
            calls.add("shutdown");
        }

        public void reboot() {
            calls.add("reboot");
        }
    };

    SessionLoop loop() {
        loop = new SessionLoop(new SessionMachine(SessionPolicy.DEFAULT), lock, overlay, appliance, sessions,
                (event, user, detail) -> calls.add("audit " + event), power, () -> calls.add("exit"), Clock.systemUTC());
        return loop;
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    @Test
    void startsWithTheCoverBeforeAnyEventIsTaken() {
        loop().start();
        assertThat(calls).startsWith("engage", "show Idle");
        assertThat(loop.state()).isEqualTo(SessionState.Locked.NOBODY);
    }

    @Test
    void aTapGoesToTheApplianceAndItsAnswerUnlocksInOrder() {
        loop().start();
        loop.submit(new SessionEvent.BadgeTapped(BADGE, "reader"));
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.state() instanceof SessionState.Unlocked);
        assertThat(calls).containsSubsequence("verify badge …B2C3", "start session alice", "release", "audit unlock");
    }

    @Test
    void aCoverThatFailsToGoUpIsTreatedAsALostXConnectionAndRetried() {
        engageFailures.set(1);
        loop().start();
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("reconnect"));
        assertThat(calls).containsSubsequence("engage", "reconnect", "engage");
        assertThat(loop.state()).isEqualTo(SessionState.Locked.NOBODY);
    }

    @Test
    void secretsReachTheAppliancePortMaskedInAnyPrint() {
        loop().start();
        loop.submit(new SessionEvent.PasswordSubmitted("alice", Secret.wrap("Hunter2!".toCharArray())));
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().anyMatch(c -> c.startsWith("verify password")));
        assertThat(calls).noneMatch(c -> c.contains("Hunter2!"));
    }
}
