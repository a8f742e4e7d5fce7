package org.tapin.bootstrap.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageReaderTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(dir);
    }

    @Test
    void goodPackageUnpacksEveryFileAndTheSignedManifest() throws Exception {
        Path pkg = fx.build("1.2.0", "good.zip");
        Path slot = dir.resolve("slot");

        Manifest m = fx.reader().unpack(pkg, slot);

        assertThat(m.version()).isEqualTo(Version.parse("1.2.0"));
        assertThat(m.files()).extracting(FileEntry::path).containsExactly("README", "lib/agent.jar");
        assertThat(Files.readString(slot.resolve("lib/agent.jar"))).isEqualTo("pretend jar bytes");
        assertThat(InstalledCheck.verify(slot, fx.keys()).version()).isEqualTo(m.version());
    }

    @Test
    void tamperedFileIsRefusedByItsHash() throws Exception {
        Path bad = ZipEdit.edit(fx.build("1.2.0", "good.zip"), dir.resolve("bad.zip"),
                e -> e.put("lib/agent.jar", "pretend jaR bytes".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> fx.reader().unpack(bad, dir.resolve("slot")))
                .isInstanceOf(Refused.class)
                .hasMessage("lib/agent.jar does not match its SHA-256 in the manifest (tampered or corrupt)");
    }

    @Test
    void longerFileIsRefusedAtItsDeclaredLength() throws Exception {
        Path bad = ZipEdit.edit(fx.build("1.2.0", "good.zip"), dir.resolve("bad.zip"),
                e -> e.put("lib/agent.jar", new byte[1_000_000]));

        assertThatThrownBy(() -> fx.reader().unpack(bad, dir.resolve("slot")))
                .hasMessage("lib/agent.jar is longer than the 17 bytes the manifest declares");
        assertThat(Files.size(dir.resolve("slot/lib/agent.jar"))).isLessThanOrEqualTo(18);
    }

    @Test
    void tamperedManifestFailsTheSignature() throws Exception {
        Path bad = ZipEdit.edit(fx.build("1.2.0", "good.zip"), dir.resolve("bad.zip"), e -> e.put(
                PackageLayout.MANIFEST, new String(e.get(PackageLayout.MANIFEST), StandardCharsets.US_ASCII)
                        .replace("version 1.2.0", "version 9.0.0").getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> fx.reader().inspect(bad))
                .hasMessage("manifest signature does not match any trusted key");
    }

    @Test
    void packageSignedWithAnotherKeyIsRefused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        KeyFiles.generate(other.resolve("k"), other.resolve("k.pub"));
        PrivateKey stranger = KeyFiles.readPrivate(other.resolve("k"));
        Path pkg = dir.resolve("stranger.zip");
        PackageBuilder.build(fx.agentFolder, stranger, Version.parse("1.2.0"), Fixture.NOW.plusSeconds(60),
                new Requirements(List.of("amd64"), 17, 21, 1), "org.example.Agent", pkg);

        assertThatThrownBy(() -> fx.reader().inspect(pkg))
                .hasMessage("manifest signature does not match any trusted key");
    }

    @Test
    void expiredManifestIsRefused() throws Exception {
        Path pkg = fx.build("1.2.0", "old.zip", new Requirements(List.of("any"), 17, 21, 1),
                Instant.parse("2026-05-31T00:00:00Z"));

        assertThatThrownBy(() -> fx.reader().inspect(pkg))
                .hasMessage("manifest of 1.2.0 expired at 2026-05-31T00:00:00Z");
    }

    @Test
    void versionBelowTheFloorIsRefusedAndQuarantinedVersionToo() throws Exception {
        Path pkg = fx.build("1.2.0", "p.zip");

        assertThatThrownBy(() -> fx.reader(Optional.of(Version.parse("1.10")), Set.of()).inspect(pkg))
                .hasMessage("version 1.2.0 is older than 1.10, the highest version that ran well here "
                        + "(rollback refused)");
        assertThatThrownBy(() -> fx.reader(Optional.of(Version.parse("1.2")), Set.of(Version.parse("1.2.0")))
                .inspect(pkg))
                .hasMessage("version 1.2.0 is quarantined: it failed on this endpoint before");
    }

    @Test
    void incompatibleBuildsAreRefusedBeforeUnpacking() throws Exception {
        Instant later = Fixture.NOW.plusSeconds(60);
        Path arm = fx.build("1.2.0", "arm.zip", new Requirements(List.of("aarch64"), 17, 21, 1), later);
        Path java21 = fx.build("1.2.0", "j21.zip", new Requirements(List.of("any"), 21, 25, 1), later);
        Path proto = fx.build("1.2.0", "p2.zip", new Requirements(List.of("any"), 17, 21, 2), later);

        assertThatThrownBy(() -> fx.reader().unpack(arm, dir.resolve("s1")))
                .hasMessage("built for aarch64, this endpoint is amd64");
        assertThatThrownBy(() -> fx.reader().inspect(java21))
                .hasMessage("needs Java 21 to 25, this endpoint has Java 17");
        assertThatThrownBy(() -> fx.reader().inspect(proto))
                .hasMessage("speaks loader protocol 2, this loader speaks 1");
        assertThat(dir.resolve("s1")).doesNotExist();
    }

    @Test
    void fileFromAnotherPackageCannotRideAlong() throws Exception {
        Path bad = ZipEdit.edit(fx.build("1.2.0", "good.zip"), dir.resolve("bad.zip"),
                e -> e.put("lib/evil.jar", "x".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> fx.reader().unpack(bad, dir.resolve("slot")))
                .hasMessage("lib/evil.jar is in the package but not in its signed manifest");
    }

    @Test
    void missingFileIsRefused() throws Exception {
        Path bad = ZipEdit.edit(fx.build("1.2.0", "good.zip"), dir.resolve("bad.zip"), e -> e.remove("README"));

        assertThatThrownBy(() -> fx.reader().unpack(bad, dir.resolve("slot")))
                .hasMessage("README is listed in the manifest but missing from the package");
    }

    @Test
    void traversalEntryIsRefusedAndNothingIsWrittenOutside() throws Exception {
        Path bad = ZipEdit.edit(fx.build("1.2.0", "good.zip"), dir.resolve("bad.zip"),
                e -> e.put("../escaped", "x".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> fx.reader().unpack(bad, dir.resolve("slot")))
                .hasMessage("file path \"../escaped\" is not a plain relative path");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }

    @Test
    void oversizeManifestIsRefusedBeforeReadingItAll() throws Exception {
        Path bad = ZipEdit.edit(fx.build("1.2.0", "good.zip"), dir.resolve("bad.zip"),
                e -> e.put(PackageLayout.MANIFEST, new byte[PackageLayout.MAX_MANIFEST_BYTES + 10]));

        assertThatThrownBy(() -> fx.reader().inspect(bad))
                .hasMessage("tapin-manifest is larger than " + PackageLayout.MAX_MANIFEST_BYTES + " bytes");
    }

    @Test
    void notAZipIsRefusedWithAReason() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.zip"), "<html>502 Bad Gateway</html>");

        assertThatThrownBy(() -> fx.reader().inspect(junk)).isInstanceOf(Refused.class)
                .hasMessageStartingWith("package is not a readable zip");
    }

    @Test
    void builderRefusesSymbolicLinks() throws Exception {
        Files.createSymbolicLink(fx.agentFolder.resolve("lib/link.jar"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> fx.build("1.2.0", "x.zip")).isInstanceOf(Refused.class)
                .hasMessageEndingWith("link.jar is a symbolic link: a package holds regular files only");
    }

    @Test
    void installedSlotWithAChangedOrExtraFileFailsItsCheck() throws Exception {
        Path slot = dir.resolve("slot");
        fx.reader().unpack(fx.build("1.2.0", "good.zip"), slot);
        Files.writeString(slot.resolve("lib/extra.jar"), "x");

        assertThatThrownBy(() -> InstalledCheck.verify(slot, fx.keys()))
                .hasMessage("lib/extra.jar is in the slot but not in its signed manifest");

        Files.delete(slot.resolve("lib/extra.jar"));
        Files.writeString(slot.resolve("README"), "agent noteZ");
        assertThatThrownBy(() -> InstalledCheck.verify(slot, fx.keys()))
                .hasMessage("README does not match its SHA-256 in the manifest (changed on disk)");
    }

    @Test
    void installedSlotCheckRefusesLinksMissingFilesStrayFoldersAndABadSignatureFirst() throws Exception {
        Path slot = dir.resolve("slot");
        fx.reader().unpack(fx.build("1.2.0", "good.zip"), slot);
        Path jar = slot.resolve("lib/agent.jar");
        Path elsewhere = Files.move(jar, dir.resolve("agent.jar"));
        Files.createSymbolicLink(jar, elsewhere);
        assertThatThrownBy(() -> InstalledCheck.verify(slot, fx.keys()))
                .hasMessage("lib/agent.jar is missing or not a regular file");

        Files.delete(jar);
        assertThatThrownBy(() -> InstalledCheck.verify(slot, fx.keys()))
                .hasMessage("lib/agent.jar is missing or not a regular file");

        Files.move(elsewhere, jar);
        Files.createDirectories(slot.resolve("lib/plugins"));
        assertThatThrownBy(() -> InstalledCheck.verify(slot, fx.keys()))
                .hasMessage("lib/plugins is in the slot but not in its signed manifest");

        Files.delete(slot.resolve("lib/plugins"));
        assertThat(InstalledCheck.verify(slot, fx.keys()).version()).isEqualTo(Version.parse("1.2.0"));

        // A changed manifest is refused for its signature, before anything it lists is believed.
        Files.writeString(jar, "changed");
        Path manifest = slot.resolve(PackageLayout.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("1.2.0", "1.2.1"));
        assertThatThrownBy(() -> InstalledCheck.verify(slot, fx.keys()))
                .hasMessage("manifest signature does not match any trusted key");
    }
}
