package org.tapin.agent.audit;

import java.time.Instant;

/**
 * One audit record. {@code id} is made by the agent when the event happens and travels with it to the
 * appliance, which stores each id once: delivery may be repeated after a crash, storage never is.
 * {@code sequence} orders events in the local journal. No field ever holds a secret.
 */
public record AuditEvent(long sequence, String id, Instant time, String type, String user, String detail) {}
