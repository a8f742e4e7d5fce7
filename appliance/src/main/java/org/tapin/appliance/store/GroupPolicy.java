package org.tapin.appliance.store;

/** A group's computer policy document (JSON) and the store revision at which it was last set. */
public record GroupPolicy(String group, String document, long version) {}
