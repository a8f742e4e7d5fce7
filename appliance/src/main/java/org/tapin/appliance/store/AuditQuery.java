package org.tapin.appliance.store;

/** Filters for listing audit events; null means any. The newest {@code limit} matching events are returned, oldest first. */
public record AuditQuery(String type, String user, String endpoint, int limit) {}
