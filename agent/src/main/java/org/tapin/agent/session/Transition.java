package org.tapin.agent.session;

import java.util.List;

/** One step of the machine: from, to, why, and what the adapters must do. */
public record Transition(SessionState from, SessionState to, String cause, List<Effect> effects, boolean quiet) {

    public Transition {
        effects = List.copyOf(effects);
    }

    /** A routine step (an idle report that changed nothing, a fade step) that gets no log line. */
    static Transition quiet(SessionState state, List<Effect> effects) {
        return new Transition(state, state, "", effects, true);
    }

    public boolean changed() {
        return !from.equals(to);
    }

    /** The one log line every transition gets: {@code session: LOCKED -> AUTHENTICATING(badge) (badge …C3D4 tapped ...)}. */
    public String logLine() {
        return "session: " + from.label() + (changed() ? " -> " + to.label() : " stays") + " (" + cause + ")";
    }
}
