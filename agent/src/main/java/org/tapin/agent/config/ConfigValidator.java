package org.tapin.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Checks an {@link IniDocument} against the {@link ConfigSchema} and builds the typed model. Pure: no I/O.
 *
 * <p>Sections may come in any order and may repeat (admins insert sections with {@code sed}); when a key is set
 * twice the last value wins, as it does when a profile appends a line, and the earlier line gets a warning.
 */
public final class ConfigValidator {

    private static final LevenshteinDistance CLOSE = new LevenshteinDistance(3);

    private ConfigValidator() {}

    public static ConfigReport validate(IniDocument doc) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigValues values = new ConfigValues();
        Map<ConfigKey<?>, IniEntry> lastSet = new HashMap<>();

        for (int line : doc.strayHeaderLines()) {
            problems.add(new ConfigProblem(doc.file(), line, Severity.ERROR,
                    "text after a section header: put each key = value on a line of its own below the [section] line"));
        }
        doc.sections().forEach((section, line) -> {
            if (!ConfigSchema.sections().contains(section)) {
                problems.add(new ConfigProblem(doc.file(), line, Severity.WARNING,
                        "unknown section [" + section + "], ignored" + suggestSection(section)));
            }
        });
        for (IniEntry entry : doc.entries()) {
            check(doc.file(), entry, values, lastSet, problems);
        }
        checkWalkAway(doc.file(), values, lastSet, problems);
        if (values.get(ConfigSchema.APPLIANCES).isEmpty()) {
            problems.add(new ConfigProblem(doc.file(), lineOf(lastSet, ConfigSchema.APPLIANCES), Severity.WARNING,
                    "no appliance in [agent] appliances: badge taps and passwords cannot be checked, the screen stays locked"));
        }
        problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new ConfigReport(TapinConfig.from(values), problems);
    }

    private static void check(String file, IniEntry entry, ConfigValues values, Map<ConfigKey<?>, IniEntry> lastSet,
            List<ConfigProblem> problems) {
        Optional<String> replacement = ConfigSchema.obsoleteReplacement(entry.key());
        if (replacement.isPresent()) {
            problems.add(new ConfigProblem(file, entry.line(), Severity.WARNING,
                    entry.key() + " is obsolete and ignored: " + replacement.get()));
            return;
        }
        if (entry.section() == null) {
            problems.add(new ConfigProblem(file, entry.line(), Severity.WARNING,
                    "\"" + entry.key() + "\" is outside any [section], ignored" + suggestSectionFor(entry.key())));
            return;
        }
        if (!ConfigSchema.sections().contains(entry.section())) {
            return; // the unknown section was reported once, at its header
        }
        Optional<ConfigKey<?>> key = ConfigSchema.find(entry.section(), entry.key());
        if (key.isEmpty()) {
            problems.add(new ConfigProblem(file, entry.line(), Severity.WARNING,
                    "unknown key \"" + entry.key() + "\" in [" + entry.section() + "], ignored"
                            + suggestKey(entry.section(), entry.key())));
            return;
        }
        IniEntry earlier = lastSet.put(key.get(), entry);
        if (earlier != null) {
            problems.add(new ConfigProblem(file, earlier.line(), Severity.WARNING,
                    key.get().qualifiedName() + " is set again on line " + entry.line() + ", which wins"));
        }
        parseInto(file, key.get(), entry, values, problems);
    }

    private static <T> void parseInto(String file, ConfigKey<T> key, IniEntry entry, ConfigValues values,
            List<ConfigProblem> problems) {
        try {
            values.set(key, key.type().parse(entry.value()));
        } catch (InvalidValueException e) {
            values.set(key, key.defaultValue()); // an earlier good line must not survive a later bad one silently
            problems.add(new ConfigProblem(file, entry.line(), Severity.ERROR,
                    key.qualifiedName() + " = \"" + entry.value() + "\" is not allowed; expected " + e.getMessage()));
        }
    }

    private static void checkWalkAway(String file, ConfigValues values, Map<ConfigKey<?>, IniEntry> lastSet,
            List<ConfigProblem> problems) {
        Duration hide = values.get(ConfigSchema.WALK_AWAY_HIDE);
        Duration fade = values.get(ConfigSchema.WALK_AWAY_FADE);
        Duration lock = values.get(ConfigSchema.WALK_AWAY_LOCK);
        if (lock.isZero()) {
            return;
        }
        if (!hide.isZero() && hide.compareTo(lock) >= 0) {
            problems.add(new ConfigProblem(file, lineOf(lastSet, ConfigSchema.WALK_AWAY_HIDE), Severity.ERROR,
                    "[walkaway] hide (" + hide.toSeconds() + " s) must be shorter than lock (" + lock.toSeconds()
                            + " s): the screen hides first, then locks"));
        }
        if (fade.compareTo(lock) > 0) {
            problems.add(new ConfigProblem(file, lineOf(lastSet, ConfigSchema.WALK_AWAY_FADE), Severity.ERROR,
                    "[walkaway] fade (" + fade.toSeconds() + " s) must not be longer than lock (" + lock.toSeconds()
                            + " s): the fade runs in the last seconds before the lock"));
        }
    }

    private static int lineOf(Map<ConfigKey<?>, IniEntry> lastSet, ConfigKey<?> key) {
        IniEntry entry = lastSet.get(key);
        return entry == null ? 0 : entry.line();
    }

    private static String suggestSection(String section) {
        return ConfigSchema.sections().stream()
                .filter(s -> s.equalsIgnoreCase(section) || CLOSE.apply(s, section) >= 0)
                .findFirst()
                .map(s -> "; did you mean [" + s + "]?")
                .orElse("");
    }

    private static String suggestKey(String section, String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        Optional<ConfigKey<?>> sameSection = ConfigSchema.keys().stream()
                .filter(k -> k.section().equals(section))
                .filter(k -> CLOSE.apply(k.name().toLowerCase(Locale.ROOT), lower) >= 0)
                .findFirst();
        if (sameSection.isPresent()) {
            return "; did you mean \"" + sameSection.get().name() + "\"?";
        }
        return suggestSectionFor(key);
    }

    /** A known key written in the wrong section: name the section it belongs to. */
    private static String suggestSectionFor(String key) {
        return ConfigSchema.keys().stream()
                .filter(k -> k.name().equalsIgnoreCase(key))
                .findFirst()
                .map(k -> "; did you mean " + k.qualifiedName() + "?")
                .orElse("");
    }
}
