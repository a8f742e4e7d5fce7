package org.tapin.agent.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from configuration text before it leaves the endpoint: the value of any key whose name
 * suggests a secret is replaced, and the manifest says which keys on which lines were redacted. It matches
 * by key name rather than by known keys so that a secret an admin added by hand (or a future key) is caught.
 */
public final class Redactor {

    static final String REDACTED = "<redacted>";
    private static final Pattern SECRET_KEY =
            Pattern.compile("^(\\s*)([^=:;#\\[\\s][^=:]*?(?:pass|secret|token|credential|private|key|pin)[^=:]*?)(\\s*[=:]\\s*)(.*)$",
                    Pattern.CASE_INSENSITIVE);

    private Redactor() {}

    public record Result(String text, List<String> redacted) {}

    public static Result redactIni(String text) {
        StringBuilder out = new StringBuilder(text.length());
        List<String> redacted = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = SECRET_KEY.matcher(lines[i]);
            if (m.matches() && !m.group(4).isBlank()) {
                out.append(m.group(1)).append(m.group(2)).append(m.group(3)).append(REDACTED);
                redacted.add("line " + (i + 1) + " (" + m.group(2).trim() + ")");
            } else {
                out.append(lines[i]);
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return new Result(out.toString(), redacted);
    }
}
