package org.tapin.agent.loader;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the loader ({@code tapin-bootstrap}) tells the agent it starts, in its environment: the version that runs,
 * where to drop a package fetched from the appliance, the versions it will not take again, the file to keep fresh
 * while the endpoint is idle at the lock, and where its reports for the audit are. Absent when an admin runs
 * {@code tapin agent} by hand: then there is no loader to update through.
 */
public record LoaderLink(String version, Path inbox, Set<String> quarantined, Path idleFile, Path reports) {

    public static final String VERSION = "TAPIN_AGENT_VERSION";
    public static final String INBOX = "TAPIN_LOADER_INBOX";
    public static final String QUARANTINED = "TAPIN_QUARANTINED";
    public static final String IDLE_FILE = "TAPIN_IDLE_FILE";
    public static final String REPORTS = "TAPIN_LOADER_REPORTS";

    public LoaderLink {
        quarantined = Set.copyOf(quarantined);
    }

    public static Optional<LoaderLink> fromEnvironment(Map<String, String> env) {
        String version = env.get(VERSION);
        String inbox = env.get(INBOX);
        String idle = env.get(IDLE_FILE);
        String reports = env.get(REPORTS);
        if (blank(version) || blank(inbox) || blank(idle) || blank(reports)) {
            return Optional.empty();
        }
        Set<String> quarantined = Arrays.stream(env.getOrDefault(QUARANTINED, "").split(","))
                .map(String::strip).filter(v -> !v.isEmpty()).collect(Collectors.toSet());
        return Optional.of(new LoaderLink(version, Path.of(inbox), quarantined, Path.of(idle), Path.of(reports)));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
