package org.tapin.agent.policy;

/**
 * The access list's answer for one window: allowed by the entry at {@code position} (1-based, in list order),
 * or denied. Verdicts are created once per entry when the list is compiled, so matching allocates nothing.
 */
public record Verdict(boolean allowed, AccessEntry entry, int position) {

    public static final Verdict DENIED = new Verdict(false, null, 0);

    static Verdict allowedBy(AccessEntry entry, int position) {
        return new Verdict(true, entry, position);
    }

    /** The one line {@code tapin match} prints: {@code allowed: NICKNAME} or {@code denied}. */
    public String describe() {
        return allowed ? "allowed: " + entry.label(position) : "denied";
    }
}
