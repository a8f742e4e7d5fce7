package org.tapin.bootstrap.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.tapin.bootstrap.pkg.Acceptance;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.pkg.PackageReader;
import org.tapin.bootstrap.pkg.Platform;
import org.tapin.bootstrap.pkg.Refused;

/**
 * Installs a package into the slot that does not hold the last good version, in steps ordered so that a power
 * cut between any two of them leaves the state file naming an intact slot:
 *
 * <ol>
 *   <li>unpack and verify into {@code incoming/} (nothing the state names is touched);</li>
 *   <li>remove the target slot and rename {@code incoming/} into its place, then sync the home folder;</li>
 *   <li>run the agent's self-test from the slot with the real JVM, then make its class-data archive;</li>
 *   <li>rename a new state naming the slot, on probation (the switch).</li>
 * </ol>
 *
 * A refusal at any step leaves the state as it was, records why, and, for a version that fails its self-test,
 * quarantines it so that it is not downloaded and tried again at every start.
 */
public final class Installer {

    /** What an install did: switched to a new version, found it already installed, or refused it. */
    public sealed interface Outcome permits Switched, AlreadyInstalled, RefusedPackage {}

    /** @param archiveFailure why the slot has no class-data archive; the agent then starts from its jars alone */
    public record Switched(Slot slot, Manifest manifest, Optional<String> archiveFailure) implements Outcome {}

    public record AlreadyInstalled(Slot slot, Manifest manifest) implements Outcome {}

    public record RefusedPackage(String reason) implements Outcome {}

    private final SlotStore store;
    private final Clock clock;
    private final Platform platform;
    private final SelfTest selfTest;
    private final ClassDataDump classData;
    private final int probationTries;

    public Installer(SlotStore store, Clock clock, Platform platform, SelfTest selfTest, ClassDataDump classData,
            int probationTries) {
        this.store = store;
        this.clock = clock;
        this.platform = platform;
        this.selfTest = selfTest;
        this.classData = classData;
        this.probationTries = probationTries;
    }

    public Outcome install(Path packageFile) throws IOException {
        LoaderState state = StartChoice.decide(store, probationTries).state();
        PackageReader reader = new PackageReader(store.keys(),
                new Acceptance(clock, platform, state.floor(), state.quarantined()));
        Manifest offered;
        try {
            offered = reader.inspect(packageFile);
        } catch (Refused e) {
            return refuse(state, "Package " + packageFile.getFileName() + " refused: " + e.getMessage());
        }
        for (Slot s : Stream.concat(state.current().stream(), state.good().stream()).distinct().toList()) {
            try {
                if (store.verify(s).version().equals(offered.version())) {
                    return new AlreadyInstalled(s, offered);
                }
            } catch (Refused e) {
                // a damaged slot holds no version; installing over it is the cure
            }
        }
        Slot target = state.good().or(state::current).map(Slot::other).orElse(Slot.A);
        if (state.current().equals(Optional.of(target))) {
            // The version on probation is being replaced: until the new one is in place, run the good one.
            state = state.withCurrent(target.other(), 0);
            store.writeState(state);
        }

        Path incoming = store.incoming();
        Durable.deleteTree(incoming);
        Manifest manifest;
        try {
            manifest = reader.unpack(packageFile, incoming);
        } catch (Refused e) {
            Durable.deleteTree(incoming);
            return refuse(state, "Package " + packageFile.getFileName() + " refused: " + e.getMessage());
        }
        syncFolders(incoming);

        Path folder = store.folder(target);
        SlotArchive.remove(folder); // made for the version being replaced: first out, so it never outlives it
        Durable.deleteTree(folder);
        Durable.syncFolder(store.home());
        Files.move(incoming, folder, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncFolder(store.home());

        Optional<String> failure = selfTest.failure(folder, manifest);
        if (failure.isPresent()) {
            Durable.deleteTree(folder);
            String why = "Version " + manifest.version() + " refused: self-test failed: " + failure.get();
            store.writeState(state.quarantine(manifest.version(), why));
            return new RefusedPackage(why);
        }
        // Before the switch, so the new version's first start already maps it. A failure never fails the install.
        Optional<String> archiveFailure = classData.failure(folder, manifest);
        store.writeState(state.withCurrent(target, probationTries).withFailure(""));
        return new Switched(target, manifest, archiveFailure);
    }

    private Outcome refuse(LoaderState state, String why) throws IOException {
        store.writeState(state.withFailure(why));
        return new RefusedPackage(why);
    }

    /** Files were synced as they were written; the folders that name them must be too. */
    private static void syncFolders(Path root) throws IOException {
        List<Path> folders;
        try (Stream<Path> walk = Files.walk(root)) {
            folders = walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path f : folders) {
            Durable.syncFolder(f);
        }
    }
}
