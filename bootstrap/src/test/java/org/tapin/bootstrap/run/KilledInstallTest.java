package org.tapin.bootstrap.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.bootstrap.pkg.KeyFiles;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.pkg.PackageBuilder;
import org.tapin.bootstrap.pkg.Requirements;
import org.tapin.bootstrap.pkg.TrustedKeys;
import org.tapin.bootstrap.pkg.Version;
import org.tapin.bootstrap.slot.SlotStore;
import org.tapin.bootstrap.slot.StartChoice;

/**
 * Power loss during an install, for real: the loader's {@code install} runs as its own JVM and is killed with
 * SIGKILL at a spread of moments (before, during and after unpacking, during the self-test, around the switch);
 * after each kill the next start must choose an intact slot holding either the old good version or the new one.
 */
class KilledInstallTest {
    @TempDir
    Path dir;

    @Test
    void killAtAnyMomentOfAnInstallLeavesAnIntactAgentToStart() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        KeyFiles.generate(dir.resolve("k"), keys.resolve("k.pub"));
        Path oldPkg = build("1.0", 0);
        // a few MiB of incompressible data make unpacking take long enough to be interrupted
        Path newPkg = build("1.1", 32 * 1024 * 1024);
        Path home = dir.resolve("slots");
        assertThat(install(home, keys, oldPkg).waitFor(60, TimeUnit.SECONDS)).isTrue();
        TrustedKeys trusted = TrustedKeys.load(keys);

        Set<String> seen = new HashSet<>();
        for (int delayMs = 300; delayMs <= 2400; delayMs += 300) {
            Process p = install(home, keys, newPkg);
            if (p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                seen.add("finished");
            } else {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // what the kill interrupted, for the test output (timing decides; only safety is asserted)
            String phase = Files.readString(home.resolve("state")).contains("current=b") ? "after the switch"
                    : Files.exists(home.resolve("incoming")) ? "unpacking"
                    : Files.exists(home.resolve("b")) ? "self-test" : "before unpacking";
            StartChoice.Decision d = StartChoice.decide(new SlotStore(home, trusted), 3);
            System.out.println("killed at " + delayMs + " ms (" + phase + "): next start runs "
                    + d.manifest().map(m -> m.version().toString()).orElse("nothing"));
            assertThat(d.slot()).as("after a kill at %d ms", delayMs).isPresent();
            Manifest m = new SlotStore(home, trusted).verify(d.slot().get());
            assertThat(m.version()).isIn(Version.parse("1.0"), Version.parse("1.1"));
            seen.add(m.version().toString());
            if (m.version().equals(Version.parse("1.1"))) {
                break; // switched: later kills would only test the same state again
            }
        }
        assertThat(seen).as("kills landed before the switch").contains("1.0");
    }

    private Path build(String version, int padding) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("agent-" + version));
        TinyAgent.writeAgent(folder, version, TinyAgent.Behaviour.GOOD, false);
        if (padding > 0) {
            byte[] bytes = new byte[padding];
            new Random(1).nextBytes(bytes);
            Files.write(folder.resolve("lib/padding.bin"), bytes);
        }
        Path out = dir.resolve(version + ".pkg");
        PackageBuilder.build(folder, KeyFiles.readPrivate(dir.resolve("k")), Version.parse(version),
                Instant.now().plus(Duration.ofDays(1)), new Requirements(List.of("any"), 17, 99, 1), TinyAgent.MAIN,
                out);
        return out;
    }

    private Path config() throws java.io.IOException {
        return Files.writeString(dir.resolve("Imprivata.conf"), "[agent]\ndata-dir = " + dir.resolve("data") + "\n");
    }

    private Process install(Path home, Path keys, Path pkg) throws Exception {
        Path classes = Path.of(org.tapin.bootstrap.Main.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), "org.tapin.bootstrap.Main", "--config", config().toString(),
                "--home", home.toString(), "--keys", keys.toString(), "install", pkg.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
