package org.tapin.agent.policy;

import java.util.List;

/** A usable policy and what was odd about it (each warning already names its source). */
public record LoadedPolicy(LockScreenPolicy policy, List<String> warnings) {

    public LoadedPolicy {
        warnings = List.copyOf(warnings);
    }
}
