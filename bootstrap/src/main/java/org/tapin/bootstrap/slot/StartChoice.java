package org.tapin.bootstrap.slot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.pkg.Refused;

/**
 * Decides at every start which slot runs, after checking it again from scratch: the slot the state names if
 * it is intact; else the last good one; else the other slot on probation; else nothing (and the loader waits
 * for an install). The state is rewritten before anything starts, so the decision survives a crash of what it
 * starts. A damaged or missing state file is not fatal either: both slots are checked and the newest intact
 * version that is not quarantined runs on probation.
 */
public final class StartChoice {

    /** What to run (if anything), the state that says so, and the lines to log about how it was chosen. */
    public record Decision(LoaderState state, Optional<Slot> slot, Optional<Manifest> manifest, List<String> notes) {}

    private StartChoice() {}

    public static Decision decide(SlotStore store, int probationTries) throws IOException {
        List<String> notes = new ArrayList<>();
        LoaderState state;
        try {
            state = store.readState().orElse(LoaderState.empty());
        } catch (Refused e) {
            notes.add("State file refused (" + e.getMessage() + "): choosing from the slots themselves");
            state = LoaderState.empty();
        }
        Decision d = choose(store, state, probationTries, notes);
        if (!d.state().equals(state)) {
            store.writeState(d.state());
        }
        return d;
    }

    private static Decision choose(SlotStore store, LoaderState state, int tries, List<String> notes) {
        if (state.current().isEmpty() && state.good().isPresent()) {
            state = state.withCurrent(state.good().get(), 0);
        }
        if (state.current().isPresent()) {
            Slot current = state.current().get();
            try {
                return new Decision(state, Optional.of(current), Optional.of(store.verify(current)), notes);
            } catch (Refused e) {
                String why = "slot " + current.folderName() + " refused at start: " + e.getMessage();
                notes.add(why);
                state = state.withFailure(why);
            }
            if (state.good().isPresent() && !state.good().get().equals(current)) {
                Slot good = state.good().get();
                try {
                    Manifest m = store.verify(good);
                    notes.add("Falling back to slot " + good.folderName() + " (version " + m.version() + ")");
                    return new Decision(state.withCurrent(good, 0), Optional.of(good), Optional.of(m), notes);
                } catch (Refused e) {
                    notes.add("slot " + good.folderName() + " refused at start: " + e.getMessage());
                }
            }
            if (state.good().equals(state.current())) {
                state = state.withoutGood();
            }
        }
        // No usable current or good slot: try any intact slot, newest first, on probation.
        Optional<Slot> best = Optional.empty();
        Optional<Manifest> bestManifest = Optional.empty();
        for (Slot s : Slot.values()) {
            if (state.current().equals(Optional.of(s)) || state.good().equals(Optional.of(s))) {
                continue; // already refused above
            }
            try {
                Manifest m = store.verify(s);
                if (state.quarantined().contains(m.version())) {
                    continue;
                }
                if (bestManifest.isEmpty() || bestManifest.get().version().isOlderThan(m.version())) {
                    best = Optional.of(s);
                    bestManifest = Optional.of(m);
                }
            } catch (Refused e) {
                // an empty or damaged slot simply is not a candidate
            }
        }
        if (best.isPresent()) {
            notes.add("Starting slot " + best.get().folderName() + " (version " + bestManifest.get().version()
                    + ") on probation");
            return new Decision(state.withCurrent(best.get(), tries), best, bestManifest, notes);
        }
        notes.add("No intact agent is installed: waiting for a package");
        return new Decision(state.withoutCurrent(), Optional.empty(), Optional.empty(), notes);
    }
}
