package org.tapin.agent.config;

/** An error makes the file unusable ({@code check-config} exits 2); a warning is reported and ignored. */
public enum Severity {
    WARNING, ERROR;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
