package org.tapin.agent.config;

import java.util.HashMap;
import java.util.Map;

/** The typed value of every schema key: what the file set, else the default. */
public final class ConfigValues {
    private final Map<ConfigKey<?>, Object> values = new HashMap<>();

    ConfigValues() {
        ConfigSchema.keys().forEach(k -> values.put(k, k.defaultValue()));
    }

    <T> void set(ConfigKey<T> key, T value) {
        values.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }
}
