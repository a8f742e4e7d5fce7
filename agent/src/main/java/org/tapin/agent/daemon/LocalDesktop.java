package org.tapin.agent.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.session.User;

/**
 * The session port for a thin client whose desktop is the session (no VDI client to start per user): the
 * desktop simply shows once the lock comes down. A session launcher for VDI clients replaces this one.
 */
final class LocalDesktop implements Ports.Sessions {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Session");

    @Override
    public void start(User user) {
        LOG.info("desktop session for {} ({})", user.username(), user.displayName());
    }

    @Override
    public void switchTo(User from, User to) {
        LOG.info("desktop session switched from {} to {}", from.username(), to.username());
    }

    /**
     * A desktop notification (notify-send, when the desktop has it), so the notice shows over the user's own
     * windows once the lock is down. Only the notice's words are on its command line, never a secret.
     */
    @Override
    public void notice(User user, String text) {
        LOG.info("notice for {}: {}", user.username(), text);
        try {
            new ProcessBuilder("notify-send", "--app-name=tapin", "--expire-time=20000", "Password", text)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            LOG.warn("cannot show the notice on the desktop (notify-send: {}); it is in this log only", e.getMessage());
        }
    }
}
