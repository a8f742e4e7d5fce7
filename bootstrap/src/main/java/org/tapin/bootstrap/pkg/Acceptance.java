package org.tapin.bootstrap.pkg;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Whether this endpoint may install a genuine manifest now: not expired (a frozen mirror cannot keep endpoints
 * on an old version forever), not older than the highest version that ever ran well (rollback floor), not a
 * version that already failed here (quarantine), and built for this endpoint. These checks apply to new
 * installs only; an installed version keeps running after its manifest expires.
 */
public record Acceptance(Clock clock, Platform platform, Optional<Version> floor, Set<Version> quarantined) {

    public Acceptance {
        quarantined = Set.copyOf(quarantined);
    }

    public void check(Manifest m) throws Refused {
        if (!m.expires().isAfter(clock.instant())) {
            throw new Refused("manifest of " + m.version() + " expired at " + m.expires());
        }
        if (floor.isPresent() && m.version().isOlderThan(floor.get())) {
            throw new Refused("version " + m.version() + " is older than " + floor.get()
                    + ", the highest version that ran well here (rollback refused)");
        }
        if (quarantined.contains(m.version())) {
            throw new Refused("version " + m.version() + " is quarantined: it failed on this endpoint before");
        }
        checkCompatible(m.requirements());
    }

    private void checkCompatible(Requirements r) throws Refused {
        if (!r.architectures().contains(Requirements.ANY_ARCH)
                && !r.architectures().contains(platform.architecture())) {
            throw new Refused("built for " + String.join(", ", r.architectures()) + ", this endpoint is "
                    + platform.architecture());
        }
        if (platform.javaFeature() < r.javaMin() || platform.javaFeature() > r.javaMax()) {
            throw new Refused("needs Java " + r.javaMin() + " to " + r.javaMax() + ", this endpoint has Java "
                    + platform.javaFeature());
        }
        if (r.protocol() != platform.protocol()) {
            throw new Refused("speaks loader protocol " + r.protocol() + ", this loader speaks "
                    + platform.protocol());
        }
    }
}
