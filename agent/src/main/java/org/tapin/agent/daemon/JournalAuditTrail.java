package org.tapin.agent.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.session.User;

/** Audit events from the session go into the durable journal, which the appliance link drains. */
final class JournalAuditTrail implements Ports.AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Audit");
    private final AuditJournal journal;

    JournalAuditTrail(AuditJournal journal) {
        this.journal = journal;
    }

    @Override
    public void record(String event, User user, String detail) {
        var recorded = journal.append(event, user == null ? "" : user.username(), detail);
        LOG.info("audit #{} {} {}", recorded.sequence(), event, user == null ? "-" : user.username());
    }
}
