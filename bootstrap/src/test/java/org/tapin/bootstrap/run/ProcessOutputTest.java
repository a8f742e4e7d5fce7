package org.tapin.bootstrap.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessOutputTest {
    @Test
    void picksTheThrownErrorOverTheStackTraceAndTheJvmBanner() {
        assertThat(ProcessOutput.reason("""
                Error: LinkageError occurred while loading main class org.example.Agent
                \tjava.lang.UnsupportedClassVersionError: org/example/Agent has been compiled by a more recent version
                """)).isEqualTo("java.lang.UnsupportedClassVersionError: org/example/Agent has been compiled by a more "
                + "recent version");
        assertThat(ProcessOutput.reason("""
                Exception in thread "main" java.lang.UnsatisfiedLinkError: no pcsclite in java.library.path
                \tat java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2458)
                """)).isEqualTo("java.lang.UnsatisfiedLinkError: no pcsclite in java.library.path");
    }

    @Test
    void withoutAnErrorTheLastLineSpeaksAndNoLineIsEndless() {
        assertThat(ProcessOutput.reason("starting\nself-test: reader library missing\n\n"))
                .isEqualTo("self-test: reader library missing");
        assertThat(ProcessOutput.reason("x".repeat(10_000))).hasSize(303);
        assertThat(ProcessOutput.reason("")).isEmpty();
    }
}
