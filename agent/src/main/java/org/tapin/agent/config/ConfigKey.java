package org.tapin.agent.config;

/** A key the product reads: where it lives, how its text is parsed, and what applies when it is absent. */
public record ConfigKey<T>(String section, String name, ValueType<T> type, T defaultValue) {

    public String qualifiedName() {
        return "[" + section + "] " + name;
    }
}
