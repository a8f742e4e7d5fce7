package org.tapin.bootstrap.slot;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tapin.bootstrap.pkg.Version;

/**
 * Everything the loader must remember across power cuts, small enough to be replaced by one atomic rename.
 *
 * @param current the slot to run; empty before the first install
 * @param good the slot holding the last version that reported healthy; {@code current} is on probation while it
 *     differs from {@code good}
 * @param triesLeft starts {@code current} still has before it is rolled back (counted before each start, so a
 *     start that takes the whole endpoint down counts too)
 * @param floor the highest version that ever ran well here: nothing older is installed again
 * @param quarantined versions that failed here; not tried again until a newer one appears
 * @param lastFailure why the last install or start was refused, for {@code --status}; empty if none
 */
public record LoaderState(Optional<Slot> current, Optional<Slot> good, int triesLeft, Optional<Version> floor,
        Set<Version> quarantined, String lastFailure) {

    public LoaderState {
        quarantined = Set.copyOf(new LinkedHashSet<>(quarantined));
        lastFailure = lastFailure == null ? "" : lastFailure.replace('\n', ' ').replace('\r', ' ');
        if (lastFailure.length() > MAX_FAILURE_CHARS) {
            lastFailure = lastFailure.substring(0, MAX_FAILURE_CHARS) + "...";
        }
    }

    /** The reason is one line for {@code --status}; an agent's output must not grow the state file. */
    static final int MAX_FAILURE_CHARS = 500;

    public static LoaderState empty() {
        return new LoaderState(Optional.empty(), Optional.empty(), 0, Optional.empty(), Set.of(), "");
    }

    /*
     * equals and hashCode are written out because a record's generated ones are bootstrapped through
     * invokedynamic (ObjectMethods) on first use, and the loader compares states once at every start: in a fresh
     * JVM that first call cost about 90 ms of the time between the loader starting and the agent starting.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof LoaderState s && triesLeft == s.triesLeft && current.equals(s.current)
                && good.equals(s.good) && floor.equals(s.floor) && quarantined.equals(s.quarantined)
                && lastFailure.equals(s.lastFailure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(current, good, triesLeft, floor, quarantined, lastFailure);
    }

    public boolean onProbation() {
        return current.isPresent() && !current.equals(good);
    }

    public LoaderState withCurrent(Slot slot, int tries) {
        return new LoaderState(Optional.of(slot), good, tries, floor, quarantined, lastFailure);
    }

    public LoaderState withTriesLeft(int tries) {
        return new LoaderState(current, good, tries, floor, quarantined, lastFailure);
    }

    /** The current slot ran well: it becomes the good one and its version raises the rollback floor. */
    public LoaderState markedGood(Version version) {
        Version newFloor = floor.filter(f -> !f.isOlderThan(version)).orElse(version);
        // Versions below the floor are refused by it anyway: forgetting them keeps the state small for good.
        Set<Version> stillRelevant = new LinkedHashSet<>();
        quarantined.stream().filter(q -> !q.isOlderThan(newFloor)).forEach(stillRelevant::add);
        return new LoaderState(current, current, 0, Optional.of(newFloor), stillRelevant, "");
    }

    public LoaderState quarantine(Version version, String why) {
        Set<Version> q = new LinkedHashSet<>(quarantined);
        q.add(version);
        return new LoaderState(current, good, triesLeft, floor, q, why);
    }

    public LoaderState withFailure(String why) {
        return new LoaderState(current, good, triesLeft, floor, quarantined, why);
    }

    public LoaderState withoutGood() {
        return new LoaderState(current, Optional.empty(), triesLeft, floor, quarantined, lastFailure);
    }

    public LoaderState withoutCurrent() {
        return new LoaderState(Optional.empty(), good, 0, floor, quarantined, lastFailure);
    }
}
