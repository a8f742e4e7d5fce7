package org.tapin.agent.config;

import java.util.List;

/**
 * The outcome of reading a configuration: the typed model (defaults where a value was missing or bad) and
 * every problem found. The model is always there so that the agent can still start, locked, on a bad file.
 */
public record ConfigReport(TapinConfig config, List<ConfigProblem> problems) {

    public ConfigReport {
        problems = List.copyOf(problems);
    }

    public boolean usable() {
        return problems.stream().noneMatch(ConfigProblem::isError);
    }

    public long count(Severity severity) {
        return problems.stream().filter(p -> p.severity() == severity).count();
    }
}
