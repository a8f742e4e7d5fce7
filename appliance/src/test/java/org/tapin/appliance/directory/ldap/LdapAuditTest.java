package org.tapin.appliance.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.ApplianceConfig;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.auth.Decision;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.directory.LocalAccounts;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.AuditRecord;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.ldap.SlapdExtension;

/**
 * The appliance configured the way an admin does it ({@code directory = ldap} in appliance.conf), through the
 * Authenticator: every LDAP-backed decision is an audit event with its reason, and no password, the user's
 * or the service account's, reaches the audit trail, the log or an answer.
 */
class LdapAuditTest {

    @RegisterExtension
    static final SlapdExtension LDAP = SlapdExtension.withLdif(LdapTestDirectory.LDIF).lockout(3, 300);

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Store store;
    private LdapDirectory directory;
    private Authenticator auth;

    @BeforeEach
    void setUp() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
        log.start();
        Path conf = dir.resolve("appliance.conf");
        Files.writeString(dir.resolve("ldap-bind-password"), LdapTestDirectory.SERVICE_PASSWORD + "\n");
        Files.writeString(conf, String.join("\n",
                "tls.certificate = server.crt",
                "tls.key = server.key",
                "store.path = appliance.db",
                "directory = ldap",
                "ldap.type = openldap",
                "ldap.servers = " + LDAP.slapd().ldapsUrl(),
                "ldap.ca-certs-dir = " + LDAP.tls().caFolder(),
                "ldap.bind-dn = " + LdapTestDirectory.SERVICE_DN,
                "ldap.bind-password-file = ldap-bind-password",
                "ldap.user-base-dn = ou=people,dc=tapin,dc=test",
                "ldap.group-base-dn = ou=groups,dc=tapin,dc=test",
                "ldap.group-map.1 = cn=clinical,ou=groups,dc=tapin,dc=test => clinical",
                "ldap.password-policy-dn = cn=default,ou=policies,dc=tapin,dc=test", ""));
        ApplianceConfig config = ApplianceConfig.load(conf);
        store = SqliteStore.open(config.store());
        directory = new LdapDirectory(config.ldap(), store, Clock.systemUTC());
        auth = new Authenticator(store, directory, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        directory.close();
        store.close();
    }

    @Test
    void everyDecisionIsAuditedWithItsReasonAndNoPasswordLeaks() {
        Decision ok = auth.password("alice", "Alice-pw-1".toCharArray(), "e-1");
        assertThat(ok.result()).isEqualTo("ok");
        assertThat(ok.group()).isEqualTo("clinical");
        for (int i = 0; i < 3; i++) {
            auth.password("bob", ("Planted-wrong-" + i).toCharArray(), "e-1");
        }
        Decision locked = auth.password("bob", "Bob-pw-2".toCharArray(), "e-1");
        Decision disabled = auth.password("carol", "Carol-pw-3".toCharArray(), "e-1");
        Decision mustChange = auth.password("erin", "Erin-pw-5".toCharArray(), "e-1");

        List<AuditRecord> events = store.audit(new AuditQuery("auth.password", null, null, 100));
        assertThat(events).extracting(AuditRecord::user).containsExactlyInAnyOrder(
                "alice", "bob", "bob", "bob", "bob", "carol", "erin");
        assertThat(events).extracting(AuditRecord::detail).contains("ok",
                "denied (" + locked.reason() + ")", "denied (" + disabled.reason() + ")", "denied (" + mustChange.reason() + ")");
        assertThat(locked.reason()).startsWith("account locked by the directory until");

        String everything = events.stream().map(AuditRecord::detail).collect(Collectors.joining("\n")) + "\n"
                + log.list.stream().map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                        .collect(Collectors.joining("\n"))
                + "\n" + locked.reason() + disabled.reason() + mustChange.reason();
        assertThat(log.list).as("the appliance logged the decisions").isNotEmpty();
        for (String secret : List.of("Alice-pw-1", "Planted-wrong-", "Bob-pw-2", "Carol-pw-3", "Erin-pw-5",
                LdapTestDirectory.SERVICE_PASSWORD)) {
            assertThat(everything).doesNotContain(secret);
        }
    }

    @Test
    void aDirectoryErrorIsAuditedAsADenial() throws Exception {
        Files.writeString(dir.resolve("ldap-bind-password"), "Planted-bad-service-pw\n");
        Decision d = auth.password("alice", "Alice-pw-1".toCharArray(), "e-1");
        assertThat(d.result()).isEqualTo("denied");
        assertThat(store.audit(new AuditQuery("auth.password", "alice", null, 10)))
                .extracting(AuditRecord::detail).singleElement().asString()
                .startsWith("denied (" + LdapDirectory.UNAVAILABLE).doesNotContain("Planted-bad-service-pw");
    }

    @Test
    void directoryUsersEnrollABadgeAndTapsAskTheDirectoryEveryTime() throws Exception {
        Decision enrolled = auth.enroll("04A1B2C3D4", "HOSPITAL\\hank", "Hank-pw-8".toCharArray(), "e-1");
        assertThat(enrolled.reason()).isNull();
        assertThat(enrolled.result()).isEqualTo("ok");
        // the local record exists for the badge link, and no password opens it
        assertThat(store.user("hank")).get().extracting(u -> u.passwordHash()).isEqualTo(LdapDirectory.DIRECTORY_ACCOUNT);
        assertThat(new LocalAccounts(store, new PasswordHasher(1000), 5, Duration.ofMinutes(1), Clock.systemUTC())
                .authenticate("hank", LdapDirectory.DIRECTORY_ACCOUNT.toCharArray()).ok()).isFalse();

        Decision tap = auth.badge("04a1b2c3d4", "e-1");
        assertThat(tap.result()).isEqualTo("ok");
        assertThat(tap.user().displayName()).isEqualTo("Hank Porter");
        assertThat(tap.group()).isEqualTo("clinical");

        // disabled in the directory after enrolling: the next tap is refused, without any password
        try (LDAPConnection root = new LDAPConnection()) {
            LdapServer plain = LdapServer.parse(LDAP.slapd().ldapUrl());
            root.connect(plain.host(), plain.port());
            root.bind(LDAP.slapd().rootDn(), Files.readAllLines(LDAP.slapd().rootPasswordFile()).get(0));
            root.modify("uid=hank,ou=people,dc=tapin,dc=test",
                    new Modification(ModificationType.REPLACE, "pwdAccountLockedTime", AccountState.PERMANENT_LOCK));
        }
        Decision after = auth.badge("04A1B2C3D4", "e-1");
        assertThat(after.result()).isEqualTo("denied");
        assertThat(after.reason()).isEqualTo(AccountState.DISABLED);
        assertThat(store.audit(new AuditQuery("auth.badge", "hank", null, 10))).extracting(AuditRecord::detail)
                .contains("badge …C3D4: denied (" + AccountState.DISABLED + ")");
    }
}
