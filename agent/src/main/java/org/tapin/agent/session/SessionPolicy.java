package org.tapin.agent.session;

/**
 * What the computer policy says about sessions. {@code exitNeedsAuthentication} makes "exit agent" a
 * password prompt first; exit is never offered when {@code allowExit} is false.
 */
public record SessionPolicy(WalkAway walkAway, boolean allowExit, boolean exitNeedsAuthentication) {

    public static final SessionPolicy DEFAULT = new SessionPolicy(WalkAway.OFF, false, true);
}
