package org.tapin.appliance.store;

import java.time.Instant;

/** A registered endpoint as the store keeps it. The credential itself is never stored, only its hash. */
public record Endpoint(String id, EndpointInfo info, String group, boolean revoked, Instant registeredAt, Instant lastSeen) {}
