package org.tapin.appliance.packages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import org.tapin.bootstrap.pkg.PackageBuilder;
import org.tapin.bootstrap.pkg.Requirements;
import org.tapin.bootstrap.pkg.Version;

/** Small signed packages, as {@code tapin-bootstrap package} builds them, signed by a key made for the test. */
public final class TestPackages {
    private TestPackages() {}

    public static Path agentPackage(Path dir, String version) throws Exception {
        Path files = Files.createDirectories(dir.resolve("agent-" + version));
        Files.writeString(files.resolve("agent.jar"), "not really a jar: the appliance does not look inside");
        Path out = dir.resolve("tapin-agent-" + version + ".pkg");
        PackageBuilder.build(files, KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(),
                Version.parse(version), Instant.now().plusSeconds(3600), new Requirements(List.of("any"), 17, 21, 1),
                "org.tapin.agent.loader.LoaderEntry", out);
        return out;
    }
}
