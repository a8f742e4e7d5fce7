package org.tapin.e2e.bench;

import java.util.Arrays;

/** Median, p99 and max of a benchmark's samples: the figures every benchmark here prints. */
public record Stats(int count, double median, double p99, double max) {

    public static Stats of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile: a value that was really observed, never an interpolation. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {@code NAME: median M UNIT, p99 P UNIT, max X UNIT (n=N; PARAMETERS)} */
    public String line(String name, String unit, String parameters) {
        return String.format(java.util.Locale.ROOT, "%s: median %.3f %s, p99 %.3f %s, max %.3f %s (n=%d; %s)",
                name, median, unit, p99, unit, max, unit, count, parameters);
    }
}
