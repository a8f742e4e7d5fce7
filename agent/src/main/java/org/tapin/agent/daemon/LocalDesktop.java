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
}
