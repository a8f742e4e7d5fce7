package org.tapin.agent.daemon;

import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Outcome;
import org.tapin.agent.session.Secret;
import org.tapin.agent.session.User;

/**
 * The appliance port when {@code [agent] appliances} names none: every attempt is answered "unreachable" at
 * once, so the lock screen says so and nobody is let in. Secrets are cleared unread.
 */
final class NoAppliance implements Ports.Appliance {

    private static final String DETAIL = "no appliance configured ([agent] appliances in Imprivata.conf)";
    private final Ports.Answers answers;

    NoAppliance(Ports.Answers answers) {
        this.answers = answers;
    }

    @Override
    public void verifyBadge(long attempt, BadgeId badge) {
        answers.answer(attempt, new Outcome.Unreachable(DETAIL));
    }

    @Override
    public void verifyPassword(long attempt, String username, Secret password) {
        password.clear();
        answers.answer(attempt, new Outcome.Unreachable(DETAIL));
    }

    @Override
    public void verifySecondFactor(long attempt, User user, Secret code) {
        code.clear();
        answers.answer(attempt, new Outcome.Unreachable(DETAIL));
    }

    @Override
    public void changePassword(long attempt, User user, Secret password) {
        password.clear();
        answers.answer(attempt, new Outcome.Unreachable(DETAIL));
    }

    @Override
    public void enroll(long attempt, BadgeId badge, String username, Secret password) {
        password.clear();
        answers.answer(attempt, new Outcome.Unreachable(DETAIL));
    }
}
