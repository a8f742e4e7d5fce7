package org.tapin.bootstrap.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.bootstrap.pkg.Fixture;
import org.tapin.bootstrap.pkg.PackageLayout;
import org.tapin.bootstrap.pkg.Version;

/** Hashing the slot before the keys are loaded must not let through anything the start check would refuse. */
class SlotReadAheadTest {
    @TempDir
    Path dir;
    Fixture fx;
    Path home;
    Slot installed;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(dir);
        home = dir.resolve("home");
        installed = install(home, "1.2.0");
    }

    /** Installs a version of the fixture's agent folder into {@code into}, as the loader does; its slot. */
    private Slot install(Path into, String version) throws Exception {
        Installer installer = new Installer(new SlotStore(into, fx.keys()), Clock.fixed(Fixture.NOW, ZoneOffset.UTC),
                Fixture.PLATFORM, (folder, manifest) -> Optional.empty(), (folder, manifest) -> Optional.empty(), 2);
        return ((Installer.Switched) installer.install(fx.build(version, version + ".zip"))).slot();
    }

    /** A store as the loader's start makes it: the slot read ahead before the keys are loaded. */
    private SlotStore startingStore() throws Exception {
        SlotReadAhead readAhead = SlotReadAhead.start(home);
        return new SlotStore(home, fx.keys(), readAhead);
    }

    @Test
    void anIntactSlotStartsFromWhatWasReadAhead() throws Exception {
        StartChoice.Decision d = StartChoice.decide(startingStore(), 2);

        assertThat(d.slot()).contains(installed);
        assertThat(d.manifest().orElseThrow().version()).isEqualTo(Version.parse("1.2.0"));
    }

    @Test
    void aFileChangedBeforeTheReadAheadIsRefused() throws Exception {
        Files.writeString(home.resolve(installed.folderName()).resolve("README"), "agent noteZ");

        assertThatThrownBy(() -> startingStore().verify(installed))
                .hasMessage("README does not match its SHA-256 in the manifest (changed on disk)");
    }

    @Test
    void aChangedManifestIsRefusedForItsSignatureThoughItsFilesWereReadAhead() throws Exception {
        Path manifest = home.resolve(installed.folderName()).resolve(PackageLayout.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("1.2.0", "1.2.1"));

        assertThatThrownBy(() -> startingStore().verify(installed))
                .hasMessage("manifest signature does not match any trusted key");
    }

    @Test
    void onlyTheFirstCheckUsesTheReadAheadSoAFileChangedAfterItIsCaughtByTheNext() throws Exception {
        SlotStore store = startingStore();
        assertThat(store.verify(installed).version()).isEqualTo(Version.parse("1.2.0"));

        Files.writeString(home.resolve(installed.folderName()).resolve("lib/extra.jar"), "x");

        assertThatThrownBy(() -> store.verify(installed))
                .hasMessage("lib/extra.jar is in the slot but not in its signed manifest");
    }

    @Test
    void whatWasReadAheadOfAnUntouchedSlotIsUsedNotReadAgain() throws Exception {
        SlotReadAhead readAhead = SlotReadAhead.start(home);
        awaitReadAheadDone();

        assertThat(readAhead.take(home.resolve(installed.folderName()))).isPresent();
    }

    @Test
    void aSlotReplacedByAnotherLoadersInstallWhileItWasReadAheadIsReadAgain() throws Exception {
        SlotReadAhead readAhead = SlotReadAhead.start(home);
        awaitReadAheadDone();
        // Another loader that held the lock replaces the slot as an install does: the new version is unpacked
        // in a folder of its own, the old folder deleted, the new one renamed into its place.
        Files.writeString(fx.agentFolder.resolve("lib/agent.jar"), "the next version's jar bytes");
        Path elsewhere = dir.resolve("other-home");
        Slot unpacked = install(elsewhere, "1.2.1");
        Path folder = home.resolve(installed.folderName());
        Durable.deleteTree(folder);
        Files.move(elsewhere.resolve(unpacked.folderName()), folder);

        assertThat(new SlotStore(home, fx.keys(), readAhead).verify(installed).version())
                .as("what was read before the replacement is not used").isEqualTo(Version.parse("1.2.1"));
    }

    /** The read-ahead's hashing thread has finished: what it read is what the slot held before this returns. */
    private static void awaitReadAheadDone() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("slot-check")) {
                t.join();
            }
        }
    }

    @Test
    void whatWasReadAheadOfOneSlotIsNeverUsedForAnother() throws Exception {
        SlotReadAhead readAhead = SlotReadAhead.start(home);

        assertThat(readAhead.take(home.resolve(installed.other().folderName()))).isEmpty();
        assertThat(readAhead.take(home.resolve(installed.folderName()))).isEmpty();
    }

    @Test
    void withoutAStateNothingIsReadAhead() throws Exception {
        Files.delete(home.resolve(StateFile.NAME));

        assertThat(SlotReadAhead.start(home).take(home.resolve(installed.folderName()))).isEmpty();
    }
}
