package org.tapin.bootstrap.pkg;

/**
 * What this endpoint offers a package: its CPU architecture ({@code os.arch}), the Java feature version the
 * agent will run on (the loader starts the agent with its own JVM), and the loader-to-agent protocol.
 */
public record Platform(String architecture, int javaFeature, int protocol) {

    /** Arguments ({@code --self-test}) and the health file in {@code TAPIN_HEALTH_FILE}. */
    public static final int PROTOCOL = 1;

    public static Platform current() {
        return new Platform(System.getProperty("os.arch"), Runtime.version().feature(), PROTOCOL);
    }
}
