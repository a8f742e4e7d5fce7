package org.tapin.bootstrap.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A signing key, a trusted-keys folder and a small agent folder, all real files under a test's temp dir. */
public final class Fixture {
    public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    public static final Platform PLATFORM = new Platform("amd64", 17, 1);

    public final Path dir;
    public final Path privateKey;
    public final Path trusted;
    public final Path agentFolder;

    public Fixture(Path dir) throws IOException, GeneralSecurityException {
        this.dir = dir;
        this.trusted = Files.createDirectories(dir.resolve("trusted"));
        this.privateKey = dir.resolve("signing.key");
        KeyFiles.generate(privateKey, trusted.resolve("site.pub"));
        this.agentFolder = Files.createDirectories(dir.resolve("agent"));
        Files.createDirectories(agentFolder.resolve("lib"));
        Files.writeString(agentFolder.resolve("lib/agent.jar"), "pretend jar bytes", StandardCharsets.UTF_8);
        Files.writeString(agentFolder.resolve("README"), "agent notes", StandardCharsets.UTF_8);
    }

    public PrivateKey key() throws IOException, GeneralSecurityException {
        return KeyFiles.readPrivate(privateKey);
    }

    public TrustedKeys keys() throws IOException, GeneralSecurityException {
        return TrustedKeys.load(trusted);
    }

    public Path build(String version, String name) throws Exception {
        return build(version, name, new Requirements(List.of("amd64"), 17, 21, 1), NOW.plusSeconds(86400));
    }

    public Path build(String version, String name, Requirements req, Instant expires) throws Exception {
        Path out = dir.resolve(name);
        PackageBuilder.build(agentFolder, key(), Version.parse(version), expires, req, "org.example.Agent", out);
        return out;
    }

    public PackageReader reader() throws Exception {
        return reader(Optional.empty(), Set.of());
    }

    public PackageReader reader(Optional<Version> floor, Set<Version> quarantined) throws Exception {
        return new PackageReader(keys(), new Acceptance(Clock.fixed(NOW, ZoneOffset.UTC), PLATFORM, floor,
                quarantined));
    }
}
