package org.tapin.bootstrap.pkg;

/**
 * Makes text from a package safe to put in a log line: a hostile manifest must not be able to write a line of
 * its own into the loader's log, nor a megabyte into one line.
 */
final class Printable {
    private static final int MAX = 120;

    private Printable() {}

    static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < text.length() && s.length() < MAX; i++) {
            char c = text.charAt(i);
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return text.length() > MAX ? s + "..." : s.toString();
    }
}
