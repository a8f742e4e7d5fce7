package org.tapin.x11.cover;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logger fetched at its first line. The first logger a process asks for starts the logging system, which
 * takes a while on a thin client; the cover is the first thing {@code tapin agent} does, so it must not wait
 * for that: its classes get their loggers only once they have something to say.
 */
final class LazyLogger {

    private final String name;
    private volatile Logger logger;

    LazyLogger(String name) {
        this.name = name;
    }

    Logger get() {
        Logger current = logger;
        if (current == null) {
            current = LoggerFactory.getLogger(name);
            logger = current;
        }
        return current;
    }
}
