package org.tapin.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The value types of {@code Imprivata.conf}. Each error message says what is allowed, for the admin to fix it. */
public final class ValueTypes {

    private static final Set<String> TRUE = Set.of("true", "yes", "on", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "off", "0");
    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    private ValueTypes() {}

    /** True/False in any case, as the agent this replaces (Python's configparser) read them; also yes/no, on/off, 1/0. */
    public static final ValueType<Boolean> BOOLEAN = raw -> {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(v)) {
            return true;
        }
        if (FALSE.contains(v)) {
            return false;
        }
        throw new InvalidValueException("True or False (also yes/no, on/off, 1/0)");
    };

    public static final ValueType<String> TEXT = String::trim;

    public static final ValueType<Path> ABSOLUTE_PATH = raw -> {
        String v = raw.trim();
        if (!v.startsWith("/") || v.indexOf('\0') >= 0) {
            throw new InvalidValueException("an absolute path (starting with /)");
        }
        return Path.of(v);
    };

    /** An absolute path, or empty for "not set". */
    public static final ValueType<String> OPTIONAL_ABSOLUTE_PATH = raw -> {
        String v = raw.trim();
        return v.isEmpty() ? "" : ABSOLUTE_PATH.parse(v).toString();
    };

    public static final ValueType<String> COLOR_HEX = raw -> {
        String v = raw.trim();
        if (!COLOR.matcher(v).matches()) {
            throw new InvalidValueException("a colour as #RRGGBB or #RGB");
        }
        return v;
    };

    /** Appliance addresses in the order they are tried: https only, because credentials travel to them. */
    public static final ValueType<List<URI>> HTTPS_URLS = raw -> {
        List<URI> urls = new ArrayList<>();
        for (String part : raw.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                URI uri = new URI(part);
                if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    throw new InvalidValueException("https:// addresses separated by commas (\"" + part
                            + "\" is not one)");
                }
                urls.add(uri);
            } catch (URISyntaxException e) {
                throw new InvalidValueException("https:// addresses separated by commas (\"" + part
                        + "\" is not an address)");
            }
        }
        return List.copyOf(urls);
    };

    public static ValueType<Duration> seconds(int min, int max) {
        ValueType<Integer> whole = integer(min, max, "a whole number of seconds");
        return raw -> Duration.ofSeconds(whole.parse(raw));
    }

    public static ValueType<Integer> integer(int min, int max, String what) {
        return raw -> {
            try {
                int value = Integer.parseInt(raw.trim());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new InvalidValueException(what + " from " + min + " to " + max);
        };
    }

    /** One of a fixed set of words, in any case; the value returned is the canonical spelling given here. */
    public static ValueType<String> oneOf(String... choices) {
        return raw -> {
            String v = raw.trim();
            for (String choice : choices) {
                if (choice.equalsIgnoreCase(v)) {
                    return choice;
                }
            }
            throw new InvalidValueException("one of " + String.join(", ", choices));
        };
    }

    /** {@code primary}, or a monitor's number counted from 1 in the order the X server lists them. */
    public static final ValueType<String> MONITOR = raw -> {
        String v = raw.trim();
        if (v.equalsIgnoreCase("primary")) {
            return "primary";
        }
        return String.valueOf(integer(1, 16, "primary, or a monitor number").parse(v));
    };
}
