package org.tapin.e2e.bench;

/**
 * Benchmarks run SHORT in the test suite, only to prove they still work, and FULL when someone measures
 * ({@code tools/bench NAME --full}). Figures from a SHORT run are not results.
 */
public enum BenchMode {
    SHORT, FULL;

    public static BenchMode fromArgs(String[] args) {
        for (String arg : args) {
            if (arg.equals("--full")) {
                return FULL;
            }
        }
        return SHORT;
    }

    public int pick(int shortValue, int fullValue) {
        return this == FULL ? fullValue : shortValue;
    }
}
