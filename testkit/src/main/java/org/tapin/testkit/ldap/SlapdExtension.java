package org.tapin.testkit.ldap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tapin.testkit.tls.TlsMaterial;

/**
 * Private slapd servers per test class, each isolated (own folder, ports, data), sharing one fresh set of TLS
 * material whose VALID certificate they serve, and loaded with the class's LDIF:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final SlapdExtension LDAP = SlapdExtension.withLdif(PEOPLE).servers(2).lockout(3, 300);
 * ... LDAP.slapd(0).ldapsUrl(), LDAP.tls().caFolder(), LDAP.slapd(0).kill() ...
 * </pre>
 *
 * The LDIF may use {@code SUFFIX} for the directory's suffix ({@code dc=tapin,dc=test}).
 */
public final class SlapdExtension implements BeforeAllCallback, AfterAllCallback {

    public static final String SUFFIX = "dc=tapin,dc=test";

    private final String ldif;
    private int count = 1;
    private int maxFailures = 3;
    private int lockoutSeconds = 300;
    private String cert = "valid";

    private Path folder;
    private TlsMaterial tls;
    private final List<Slapd> servers = new ArrayList<>();

    private SlapdExtension(String ldif) {
        this.ldif = ldif;
    }

    /** Servers loaded with these entries (besides the suffix, ou=people, ou=groups and ou=policies). */
    public static SlapdExtension withLdif(String ldif) {
        return new SlapdExtension(ldif);
    }

    /** How many identical servers to run (a primary and its backups). */
    public SlapdExtension servers(int n) {
        this.count = n;
        return this;
    }

    /** The default password policy: lock after {@code maxFailures} wrong passwords for {@code seconds}. */
    public SlapdExtension lockout(int maxFailures, int seconds) {
        this.maxFailures = maxFailures;
        this.lockoutSeconds = seconds;
        return this;
    }

    /** Serve {@code servers/KIND.crt} of the TLS material instead of the valid one. */
    public SlapdExtension certificate(TlsMaterial.Kind kind) {
        this.cert = kind.fileStem();
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("tapin-slapd-");
        tls = TlsMaterial.generate(folder.resolve("tls"));
        Path entries = Slapd.write(folder.resolve("entries.ldif"), ldif);
        for (int i = 0; i < count; i++) {
            servers.add(Slapd.start(folder.resolve("slapd-" + i), tls.directory(), cert, maxFailures, lockoutSeconds,
                    List.of(entries)));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RuntimeException failure = null;
        for (Slapd s : servers) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        servers.clear();
        deleteRecursively(folder);
        if (failure != null) {
            throw failure;
        }
    }

    public Slapd slapd() {
        return slapd(0);
    }

    public Slapd slapd(int i) {
        if (servers.isEmpty()) {
            throw new IllegalStateException("the slapd servers start before all tests of the class");
        }
        return servers.get(i);
    }

    /** The TLS material the servers use: {@code tls().caFolder()} trusts them. */
    public TlsMaterial tls() {
        return tls;
    }

    /** A scratch folder that lives as long as the servers. */
    public Path folder() {
        return folder;
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
