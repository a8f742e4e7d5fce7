package org.tapin.e2e.lock;

import org.tapin.testkit.x11.XServer;
import org.tapin.x11.cover.Cover;

/**
 * The cover outlives the agent on purpose (a dead agent leaves the screen locked); a test class that shares its X
 * server with the next test removes what its agent left, as the next agent would adopt it otherwise.
 */
public final class LeftoverCover {
    private LeftoverCover() {}

    public static void remove(XServer server) {
        try (Cover leftover = new Cover(server.display()).start()) {
            leftover.dispose();
        }
    }
}
