package org.tapin.x11.window;

/**
 * The one question the bridge asks about a window while locked: may it show above the cover? The agent
 * answers it with the lock-screen access list; the bridge knows windows, not policy.
 */
@FunctionalInterface
public interface WindowPolicy {

    boolean allows(TopLevelWindow window);

    /**
     * True for the lock screen's own windows (allowed too): the windows the access list allows are lifted above
     * them while locked, the rest stays beneath them.
     */
    default boolean isLockScreen(TopLevelWindow window) {
        return false;
    }

    /** Nothing shows above the cover: what applies until a policy is known. */
    WindowPolicy NOTHING = window -> false;
}
