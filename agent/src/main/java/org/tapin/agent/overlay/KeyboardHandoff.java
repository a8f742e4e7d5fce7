package org.tapin.agent.overlay;

/**
 * Who holds the keyboard while the lock is up. X gives every keystroke to the one client that grabbed it, and
 * two clients want it: the cover (the agent's own connection, up first, so that no keystroke reaches a window
 * behind the lock) and the overlay (which must receive what the clinician types). The overlay says when it wants
 * the keyboard and when it holds it; the cover yields to it, and takes the keyboard back when the overlay goes.
 */
public interface KeyboardHandoff {

    /** The overlay shows and could not grab: the cover lets go; the overlay is told at once to grab again. */
    void overlayWantsKeyboard();

    /** The overlay holds the keyboard: the cover stops trying to take it. */
    void overlayHoldsKeyboard();

    /** The overlay disconnected (died, hung and killed, restarted): the cover holds the keyboard again. */
    void overlayGone();

    KeyboardHandoff NONE = new KeyboardHandoff() {
        @Override
        public void overlayWantsKeyboard() {
        }

        @Override
        public void overlayHoldsKeyboard() {
        }

        @Override
        public void overlayGone() {
        }
    };
}
