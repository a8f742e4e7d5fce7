package org.tapin.bootstrap.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.bootstrap.pkg.Fixture;
import org.tapin.bootstrap.pkg.Version;

/**
 * Installs real signed packages into real slot folders. A crash is simulated by stopping the install at a step
 * (an exception thrown from the self-test is exactly a power cut after the new slot was moved in and before the
 * switch) or by leaving on disk what a crash at that step would leave, and then asking what the next start runs.
 */
class InstallerTest {
    @TempDir
    Path dir;
    Fixture fx;
    SlotStore store;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(dir);
        store = new SlotStore(dir.resolve("home"), fx.keys());
    }

    private Installer installer(SelfTest selfTest) {
        return installer(selfTest, NO_CLASS_LIST);
    }

    private Installer installer(SelfTest selfTest, ClassDataDump classData) {
        return new Installer(store, Clock.fixed(Fixture.NOW, ZoneOffset.UTC), Fixture.PLATFORM, selfTest, classData, 2);
    }

    /** The fixture's packages carry no class list: the dump makes nothing, as the real one would. */
    private static final ClassDataDump NO_CLASS_LIST = (folder, manifest) -> Optional.empty();

    private static final SelfTest PASSES = (folder, manifest) -> Optional.empty();

    /** Installs a version and marks it good, as a healthy probation would. */
    private Slot installGood(String version) throws Exception {
        Installer.Outcome o = installer(PASSES).install(fx.build(version, version + ".zip"));
        assertThat(o).isInstanceOf(Installer.Switched.class);
        LoaderState s = store.readState().orElseThrow();
        store.writeState(s.markedGood(Version.parse(version)));
        return ((Installer.Switched) o).slot();
    }

    private StartChoice.Decision nextStart() throws Exception {
        return StartChoice.decide(store, 2);
    }

    @Test
    void theArchiveIsMadeAfterTheSelfTestAndGoesWithTheVersionItWasMadeFor() throws Exception {
        List<String> steps = new ArrayList<>();
        SelfTest noting = (folder, manifest) -> {
            steps.add("self-test " + manifest.version());
            return Optional.empty();
        };
        ClassDataDump writing = (folder, manifest) -> {
            steps.add("archive " + manifest.version());
            try {
                Files.writeString(SlotArchive.of(folder), manifest.version().toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Optional.empty();
        };
        Installer.Outcome first = installer(noting, writing).install(fx.build("1.0", "1.0.zip"));
        Slot a = ((Installer.Switched) first).slot();
        store.writeState(store.readState().orElseThrow().markedGood(Version.parse("1.0")));
        installer(noting, writing).install(fx.build("1.1", "1.1.zip"));
        store.writeState(store.readState().orElseThrow().markedGood(Version.parse("1.1")));

        // 1.2 replaces 1.0 in its slot: 1.0's archive must not serve 1.2, nor outlive 1.0 if 1.2 makes none.
        Installer.Outcome third = installer(noting, NO_CLASS_LIST).install(fx.build("1.2", "1.2.zip"));

        assertThat(((Installer.Switched) third).slot()).isEqualTo(a);
        assertThat(SlotArchive.of(store.folder(a))).doesNotExist();
        assertThat(Files.readString(SlotArchive.of(store.folder(a.other())))).isEqualTo("1.1");
        assertThat(steps).containsExactly("self-test 1.0", "archive 1.0", "self-test 1.1", "archive 1.1", "self-test 1.2");
        assertThat(store.verify(a).version()).isEqualTo(Version.parse("1.2")); // nothing was added inside the slot
    }

    @Test
    void aFailedDumpStillInstalls() throws Exception {
        Installer.Outcome o = installer(PASSES, (folder, manifest) -> Optional.of("class-data dump exit code 1"))
                .install(fx.build("1.0", "1.0.zip"));

        assertThat(o).isInstanceOf(Installer.Switched.class);
        assertThat(((Installer.Switched) o).archiveFailure()).contains("class-data dump exit code 1");
        assertThat(store.readState().orElseThrow().current()).contains(((Installer.Switched) o).slot());
    }

    @Test
    void newVersionGoesToTheOtherSlotOnProbationAndTheGoodOneStays() throws Exception {
        Slot first = installGood("1.0");
        Installer.Outcome o = installer(PASSES).install(fx.build("1.1", "1.1.zip"));

        assertThat(o).isInstanceOf(Installer.Switched.class);
        LoaderState s = store.readState().orElseThrow();
        assertThat(s.current()).contains(first.other());
        assertThat(s.good()).contains(first);
        assertThat(s.onProbation()).isTrue();
        assertThat(s.triesLeft()).isEqualTo(2);
        assertThat(store.describe(first)).isEqualTo("1.0");
        assertThat(store.describe(first.other())).isEqualTo("1.1");
    }

    @Test
    void sameVersionAgainIsNotReinstalled() throws Exception {
        Slot first = installGood("1.0");

        assertThat(installer(PASSES).install(fx.build("1.0", "again.zip")))
                .isEqualTo(new Installer.AlreadyInstalled(first, store.verify(first)));
    }

    @Test
    void refusedPackageLeavesTheStateAndSaysWhy() throws Exception {
        Slot first = installGood("1.1");
        Installer.Outcome o = installer(PASSES).install(fx.build("1.0", "older.zip"));

        assertThat(o).isEqualTo(new Installer.RefusedPackage("Package older.zip refused: version 1.0 is older than "
                + "1.1, the highest version that ran well here (rollback refused)"));
        LoaderState s = store.readState().orElseThrow();
        assertThat(s.current()).contains(first);
        assertThat(s.lastFailure()).contains("rollback refused");
        assertThat(nextStart().slot()).contains(first);
    }

    @Test
    void failedSelfTestQuarantinesTheVersionAndKeepsTheGoodSlot() throws Exception {
        Slot first = installGood("1.0");
        Installer.Outcome o = installer((folder, m) -> Optional.of("exit code 1: boom")).install(
                fx.build("1.1", "1.1.zip"));

        assertThat(o).isEqualTo(new Installer.RefusedPackage("Version 1.1 refused: self-test failed: exit code 1: boom"));
        assertThat(store.readState().orElseThrow().quarantined()).containsExactly(Version.parse("1.1"));
        assertThat(nextStart().slot()).contains(first);
        assertThat(installer(PASSES).install(fx.build("1.1", "1.1-again.zip")))
                .isInstanceOf(Installer.RefusedPackage.class);
    }

    @Test
    void crashAfterTheNewSlotIsInPlaceButBeforeTheSwitchRunsTheOldVersion() throws Exception {
        Slot first = installGood("1.0");
        SelfTest powerCut = (folder, m) -> {
            throw new IllegalStateException("power cut");
        };

        assertThatThrownBy(() -> installer(powerCut).install(fx.build("1.1", "1.1.zip")))
                .hasMessage("power cut");
        StartChoice.Decision d = nextStart();
        assertThat(d.slot()).contains(first);
        assertThat(d.manifest().orElseThrow().version()).isEqualTo(Version.parse("1.0"));
        // and the same package installs cleanly over what the crash left
        assertThat(installer(PASSES).install(fx.build("1.1", "1.1.zip"))).isInstanceOf(Installer.Switched.class);
    }

    @Test
    void crashDuringUnpackOrStateWriteLeavesLitterThatIsIgnoredAndCleared() throws Exception {
        Slot first = installGood("1.0");
        Files.createDirectories(store.incoming().resolve("lib"));
        Files.writeString(store.incoming().resolve("lib/agent.jar"), "half");
        Files.writeString(store.home().resolve("state.tmp"), "current=b\ngarb");

        assertThat(nextStart().slot()).contains(first);
        assertThat(installer(PASSES).install(fx.build("1.1", "1.1.zip"))).isInstanceOf(Installer.Switched.class);
        assertThat(store.incoming()).doesNotExist();
    }

    @Test
    void slotDamagedOnDiskFallsBackToTheGoodOne() throws Exception {
        Slot first = installGood("1.0");
        installer(PASSES).install(fx.build("1.1", "1.1.zip"));
        Files.writeString(store.folder(first.other()).resolve("lib/agent.jar"), "bit rot");

        StartChoice.Decision d = nextStart();

        assertThat(d.slot()).contains(first);
        assertThat(d.notes()).containsExactly(
                "slot " + first.other().folderName() + " refused at start: lib/agent.jar is 7 bytes, the manifest "
                        + "declares 17",
                "Falling back to slot " + first.folderName() + " (version 1.0)");
        assertThat(store.readState().orElseThrow().current()).contains(first);
    }

    @Test
    void tornStateFileIsRefusedAndTheNewestIntactSlotRunsOnProbation() throws Exception {
        installGood("1.0");
        installGood("1.1");
        byte[] state = Files.readAllBytes(store.home().resolve(StateFile.NAME));
        state[2] ^= 1;
        Files.write(store.home().resolve(StateFile.NAME), state);

        StartChoice.Decision d = nextStart();

        assertThat(d.notes().get(0)).isEqualTo(
                "State file refused (state file fails its checksum): choosing from the slots themselves");
        assertThat(d.manifest().orElseThrow().version()).isEqualTo(Version.parse("1.1"));
        assertThat(d.state().onProbation()).isTrue();
    }

    @Test
    void nothingIntactMeansNothingRunsRatherThanSomethingUnverified() throws Exception {
        Slot first = installGood("1.0");
        Files.writeString(store.folder(first).resolve("README"), "changed", StandardCharsets.UTF_8);

        StartChoice.Decision d = nextStart();

        assertThat(d.slot()).isEmpty();
        assertThat(d.notes()).last().isEqualTo("No intact agent is installed: waiting for a package");
    }

    @Test
    void markingGoodRaisesTheFloorAndForgetsQuarantinedVersionsBelowIt() throws Exception {
        LoaderState s = new LoaderState(Optional.of(Slot.B), Optional.of(Slot.A), 1, Optional.of(Version.parse("1.0")),
                Set.of(Version.parse("1.1"), Version.parse("2.1")), "x".repeat(10_000));
        assertThat(s.lastFailure()).hasSize(LoaderState.MAX_FAILURE_CHARS + 3);

        LoaderState good = s.markedGood(Version.parse("2.0"));

        assertThat(good.good()).contains(Slot.B);
        assertThat(good.onProbation()).isFalse();
        assertThat(good.floor()).contains(Version.parse("2.0"));
        assertThat(good.quarantined()).containsExactly(Version.parse("2.1"));
        assertThat(good.lastFailure()).isEmpty();
    }

    @Test
    void withoutTrustedKeysNothingRunsAndTheReasonIsSaid() throws Exception {
        Slot first = installGood("1.0");
        SlotStore untrusting = new SlotStore(store.home(), new org.tapin.bootstrap.pkg.TrustedKeys(java.util.List.of()));

        StartChoice.Decision d = StartChoice.decide(untrusting, 2);

        assertThat(d.slot()).isEmpty();
        assertThat(d.notes()).first().isEqualTo("slot " + first.folderName()
                + " refused at start: no trusted public key is installed: nothing can be verified");
    }

    @Test
    void installedVersionKeepsRunningAfterItsManifestExpired() throws Exception {
        // Fixture packages expire a day after 2026-06-01; the wall clock verifying the slot here is later.
        Slot first = installGood("1.0");
        assertThat(store.verify(first).expires()).isBefore(java.time.Instant.now());

        assertThat(nextStart().slot()).contains(first);
    }

    @Test
    void stateSurvivesARoundTrip() throws Exception {
        LoaderState s = new LoaderState(Optional.of(Slot.B), Optional.of(Slot.A), 3,
                Optional.of(Version.parse("1.2")), Set.of(Version.parse("1.3"), Version.parse("1.4")),
                "Version 1.3 rolled back");
        store.writeState(s);

        assertThat(store.readState()).contains(s);
    }
}
