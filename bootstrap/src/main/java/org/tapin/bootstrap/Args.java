package org.tapin.bootstrap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A small command-line parser: {@code --name value} options, flags, and the remaining words in order. */
final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> words = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();

    Args(String[] argv, Set<String> flagNames) throws UsageException {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (flagNames.contains(a)) {
                flags.add(a);
            } else if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq > 0) {
                    options.put(a.substring(0, eq), a.substring(eq + 1));
                } else if (i + 1 < argv.length) {
                    options.put(a, argv[++i]);
                } else {
                    throw new UsageException(a + " needs a value");
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new UsageException("unknown option " + a);
            } else {
                words.add(a);
            }
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.remove(name));
    }

    String required(String name) throws UsageException {
        return option(name).orElseThrow(() -> new UsageException(name + " is required"));
    }

    List<String> words() {
        return words;
    }

    /** Called once every option was taken: a misspelt option is an error, not silently ignored. */
    void noneLeft() throws UsageException {
        if (!options.isEmpty()) {
            throw new UsageException("unknown option " + options.keySet().iterator().next());
        }
    }

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
