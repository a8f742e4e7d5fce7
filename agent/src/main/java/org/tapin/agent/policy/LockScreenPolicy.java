package org.tapin.agent.policy;

import java.util.List;

/** The part of the computer policy that says which windows may show above the lock screen. */
public record LockScreenPolicy(List<AccessEntry> lockScreenAccess) {

    public LockScreenPolicy {
        lockScreenAccess = List.copyOf(lockScreenAccess);
    }

    public AccessListMatcher matcher() {
        return AccessListMatcher.of(lockScreenAccess);
    }
}
