package org.tapin.bootstrap.pkg;

import java.util.List;

/**
 * What an agent build needs from the endpoint. The loader compares these with the endpoint before it stages
 * anything: the loader this replaces imported a main loader built for another Python and failed with "bad magic
 * number" on every start; a Java build for a newer JVM fails the same way ({@code UnsupportedClassVersionError}).
 *
 * @param architectures {@code os.arch} values the build runs on (native libraries); {@code any} for pure Java
 * @param javaMin lowest Java feature version (17 for Java 17)
 * @param javaMax highest Java feature version the build was tested with
 * @param protocol the loader-to-agent protocol version (arguments, health report) the agent speaks
 */
public record Requirements(List<String> architectures, int javaMin, int javaMax, int protocol) {
    public static final String ANY_ARCH = "any";

    public Requirements {
        architectures = List.copyOf(architectures);
    }
}
