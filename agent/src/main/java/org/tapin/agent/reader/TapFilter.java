package org.tapin.agent.reader;

import java.util.HashMap;
import java.util.Map;

/**
 * One tap, one event. PC/SC already reports a card left on the reader only once; this adds the debounce: the
 * same badge read again on the same reader within {@code debounceMillis} of its last tap (a card bouncing at
 * the edge of the field) is the same tap. Readers are independent: taps on two readers are two events.
 */
public final class TapFilter {
    private final long debounceMillis;
    private final Map<String, Last> lastByReader = new HashMap<>();

    public TapFilter(long debounceMillis) {
        this.debounceMillis = debounceMillis;
    }

    /** True when this read is a new tap; false when it merges into the previous one. */
    public boolean isNewTap(String reader, BadgeId badge, long nowMillis) {
        Last last = lastByReader.get(reader);
        if (last != null && last.badge().equals(badge) && nowMillis - last.atMillis() < debounceMillis) {
            return false;
        }
        lastByReader.put(reader, new Last(badge, nowMillis));
        return true;
    }

    private record Last(BadgeId badge, long atMillis) {}
}
