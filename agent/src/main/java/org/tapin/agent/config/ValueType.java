package org.tapin.agent.config;

/** Turns the text of one INI value into a typed value, or says what it accepts. */
@FunctionalInterface
public interface ValueType<T> {
    T parse(String raw) throws InvalidValueException;
}
