package org.tapin.agent.config;

import java.util.List;
import java.util.Map;

/**
 * An INI file as the validator sees it: every key in file order with its line, every section header with the
 * line it first appears on, and lines that are neither (each a syntax problem for the validator to report).
 */
public record IniDocument(String file, List<IniEntry> entries, Map<String, Integer> sections, List<Integer> strayHeaderLines) {

    public IniDocument {
        entries = List.copyOf(entries);
        sections = Map.copyOf(sections);
        strayHeaderLines = List.copyOf(strayHeaderLines);
    }
}
