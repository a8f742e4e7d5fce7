package org.tapin.agent.config;

/** One finding about a configuration file, printed the way compilers do so editors and admins can jump to it. */
public record ConfigProblem(String file, int line, Severity severity, String message) {

    /** {@code FILE:LINE: error: …}, or {@code FILE: error: …} when the problem is the whole file. */
    public String format() {
        return file + (line > 0 ? ":" + line : "") + ": " + severity.label() + ": " + message;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
