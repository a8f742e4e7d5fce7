package org.tapin.agent.daemon;

import java.util.Set;
import org.tapin.agent.policy.AccessListMatcher;
import org.tapin.x11.window.TopLevelWindow;
import org.tapin.x11.window.WindowPolicy;

/**
 * The bridge's question answered with the lock-screen access list. The lock screen's own windows are trusted
 * without the list, recognised by the process the agent started ({@code trustedPids}, compared with the pid
 * the X server reports through XRes), never by a name any program could copy. The executable passed to the
 * matcher is likewise the one XRes leads to, never the client's claim in _NET_WM_PID.
 */
public record AccessListWindowPolicy(AccessListMatcher matcher, Set<Long> trustedPids) implements WindowPolicy {

    public AccessListWindowPolicy(AccessListMatcher matcher) {
        this(matcher, Set.of());
    }

    public AccessListWindowPolicy {
        trustedPids = Set.copyOf(trustedPids);
    }

    @Override
    public boolean allows(TopLevelWindow w) {
        if (isLockScreen(w)) {
            return true;
        }
        return matcher.match(w.wmClass(), w.instance(), w.name(), w.executable()).allowed();
    }

    /** The trusted processes' windows are the lock screen: list-allowed windows are lifted above them while locked. */
    @Override
    public boolean isLockScreen(TopLevelWindow w) {
        return w.pid() > 0 && trustedPids.contains(w.pid());
    }
}
