package org.tapin.agent.config;

/** One {@code key = value} line of an INI file; {@code section} is null for keys before any section header. */
public record IniEntry(String section, String key, String value, int line) {}
