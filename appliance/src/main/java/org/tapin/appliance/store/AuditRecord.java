package org.tapin.appliance.store;

import java.time.Instant;

/**
 * One audit event. {@code origin} is {@code appliance} for the appliance's own decisions and admin changes,
 * {@code agent} for events an endpoint uploaded; {@code endpoint} is the endpoint's id, or empty. {@code id} is
 * unique: storing an id a second time stores nothing. {@code seq} is the store's order (0 before storing).
 */
public record AuditRecord(long seq, String id, Instant time, String origin, String endpoint, String type, String user,
        String detail) {}
