package org.tapin.bootstrap.pkg;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An agent version such as {@code 7.12.0.688}: one to four dot-separated numbers, compared number by number
 * ({@code 1.10} is newer than {@code 1.9}). Nothing else is accepted: a suffix such as {@code -rc1} would make
 * "newer" a matter of opinion, and the rollback floor depends on the order being beyond doubt.
 */
public record Version(int[] parts) implements Comparable<Version> {

    private static final Pattern SYNTAX = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.(0|[1-9][0-9]{0,8})){0,3}");

    public Version {
        parts = parts.clone();
    }

    public static Version parse(String text) throws Refused {
        if (text == null || !SYNTAX.matcher(text).matches()) {
            throw new Refused("version \"" + Printable.of(text) + "\" is not 1 to 4 dot-separated numbers");
        }
        return new Version(Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray());
    }

    @Override
    public int compareTo(Version other) {
        for (int i = 0; i < Math.max(parts.length, other.parts.length); i++) {
            int a = i < parts.length ? parts[i] : 0;
            int b = i < other.parts.length ? other.parts[i] : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    public boolean isOlderThan(Version other) {
        return compareTo(other) < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int[] trimmed = parts;
        int n = trimmed.length;
        while (n > 1 && trimmed[n - 1] == 0) {
            n--;
        }
        return Arrays.hashCode(Arrays.copyOf(trimmed, n));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            s.append(i == 0 ? "" : ".").append(parts[i]);
        }
        return s.toString();
    }
}
