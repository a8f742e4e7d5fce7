package org.tapin.appliance.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.directory.Verdict;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.ldap.Slapd;
import org.tapin.testkit.ldap.SlapdExtension;

/**
 * A primary and a backup slapd: a dead or hung primary costs the user at most the timeouts, once, and the
 * primary is used again once the health check sees it answer. Timings are printed for the report.
 */
class LdapFailoverTest {

    @RegisterExtension
    static final SlapdExtension LDAP = SlapdExtension.withLdif(LdapTestDirectory.LDIF).servers(2);

    @TempDir
    Path scratch;

    private Store store;

    private LdapDirectory directory;

    @BeforeEach
    void open() throws Exception {
        store = SqliteStore.open(scratch.resolve("appliance.db"));
        Properties p = LdapTestDirectory.properties(scratch,
                LDAP.slapd(0).ldapsUrl() + ", " + LDAP.slapd(1).ldapsUrl(), LDAP.tls().caFolder());
        directory = new LdapDirectory(LdapSettings.parse(p, scratch), store, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        directory.close();
        store.close();
        for (int i = 0; i < 2; i++) {
            Slapd s = LDAP.slapd(i);
            s.resume();
            s.restart(); // every test starts with both up
        }
    }

    private Duration timedSignIn() {
        long start = System.nanoTime();
        Verdict v = directory.authenticate("alice", "Alice-pw-1".toCharArray());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(v.reason()).isNull();
        assertThat(v.ok()).isTrue();
        return took;
    }

    private static String server(Slapd s) {
        return LdapServer.parse(s.ldapsUrl()).toString();
    }

    @Test
    void deadPrimaryMovesToTheBackupAndBackWhenItAnswersAgain() throws Exception {
        timedSignIn();
        assertThat(directory.preferredServer()).isEqualTo(server(LDAP.slapd(0)));

        LDAP.slapd(0).kill();
        Duration failover = timedSignIn();
        Duration next = timedSignIn();
        System.out.printf("ldap failover: primary killed (connection refused): first sign-in %d ms, next %d ms%n",
                failover.toMillis(), next.toMillis());
        assertThat(failover).isLessThan(Duration.ofSeconds(2));
        assertThat(directory.preferredServer()).isEqualTo(server(LDAP.slapd(1)));

        LDAP.slapd(0).restart();
        long start = System.nanoTime();
        while (!directory.preferredServer().equals(server(LDAP.slapd(0)))) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("primary back in use").isLessThan(Duration.ofSeconds(10));
            Thread.sleep(50);
        }
        System.out.printf("ldap failback: primary preferred again %d ms after its restart (health check every 1 s)%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        LDAP.slapd(1).kill();
        timedSignIn(); // only the primary is left: it really is serving again
    }

    @Test
    void hungPrimaryCostsAtMostTheTimeoutOnce() throws Exception {
        timedSignIn();
        LDAP.slapd(0).pause();
        Duration failover = timedSignIn();
        Duration next = timedSignIn();
        System.out.printf("ldap failover: primary hung (SIGSTOP), timeouts 2 s: first sign-in %d ms, next %d ms%n",
                failover.toMillis(), next.toMillis());
        assertThat(failover).isLessThan(Duration.ofSeconds(5));
        assertThat(next).isLessThan(Duration.ofSeconds(1));
        assertThat(directory.preferredServer()).isEqualTo(server(LDAP.slapd(1)));
    }

    @Test
    void bothDownIsADenialNotAnOk() throws Exception {
        LDAP.slapd(0).kill();
        LDAP.slapd(1).kill();
        Verdict v = directory.authenticate("alice", "Alice-pw-1".toCharArray());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).startsWith(LdapDirectory.UNAVAILABLE).contains("connection refused");
    }
}
