package org.tapin.agent.daemon;

import java.util.function.Consumer;
import org.tapin.agent.reader.ReaderEvent;
import org.tapin.agent.session.SessionEvent;

/** Turns what the badge reader reports into session events; the reader knows nothing of sessions. */
public final class ReaderToSession implements Consumer<ReaderEvent> {
    private final Consumer<SessionEvent> session;

    public ReaderToSession(Consumer<SessionEvent> session) {
        this.session = session;
    }

    @Override
    public void accept(ReaderEvent event) {
        if (event instanceof ReaderEvent.Tapped tap) {
            session.accept(new SessionEvent.BadgeTapped(tap.badge(), tap.reader()));
        } else if (event instanceof ReaderEvent.Removed removed) {
            session.accept(new SessionEvent.BadgeRemoved(removed.reader()));
        } else if (event instanceof ReaderEvent.Unreadable bad) {
            session.accept(new SessionEvent.BadgeUnreadable(bad.reader(), bad.reason()));
        } else if (event instanceof ReaderEvent.Availability availability) {
            session.accept(new SessionEvent.ReaderAvailability(availability.available()));
        }
    }
}
