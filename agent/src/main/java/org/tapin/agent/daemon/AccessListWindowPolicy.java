package org.tapin.agent.daemon;

import org.tapin.agent.policy.AccessListMatcher;
import org.tapin.x11.window.TopLevelWindow;
import org.tapin.x11.window.WindowPolicy;

/**
 * The bridge's question answered with the lock-screen access list. The executable passed on is the one the
 * X server's own record of the client (XRes) leads to, never the client's claim in _NET_WM_PID.
 */
public record AccessListWindowPolicy(AccessListMatcher matcher) implements WindowPolicy {

    @Override
    public boolean allows(TopLevelWindow w) {
        return matcher.match(w.wmClass(), w.instance(), w.name(), w.executable()).allowed();
    }
}
