package org.tapin.appliance.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.directory.LocalAccounts;
import org.tapin.appliance.directory.Verdict;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.ldap.SlapdExtension;

/** Password checks against a real slapd with ppolicy over LDAPS: what a user signing in would see. */
class LdapDirectoryTest {

    @RegisterExtension
    static final SlapdExtension LDAP = SlapdExtension.withLdif(LdapTestDirectory.LDIF).lockout(3, 300);

    @TempDir
    Path scratch;

    private Store store;

    @BeforeEach
    void openStore() {
        store = SqliteStore.open(scratch.resolve("appliance.db"));
    }

    private LdapDirectory directory;

    private LdapDirectory directory(Properties p) throws Exception {
        directory = new LdapDirectory(LdapSettings.parse(p, scratch), store, Clock.systemUTC());
        return directory;
    }

    private LdapDirectory ldaps() throws Exception {
        return directory(LdapTestDirectory.properties(scratch, LDAP.slapd().ldapsUrl(), LDAP.tls().caFolder()));
    }

    @AfterEach
    void close() {
        if (directory != null) {
            directory.close();
        }
        store.close();
    }

    @Test
    void rightPasswordSignsInWithTheDirectorysNameAndGroup() throws Exception {
        Verdict v = ldaps().authenticate("alice", "Alice-pw-1".toCharArray());
        assertThat(v.reason()).isNull();
        assertThat(v.ok()).isTrue();
        assertThat(v.user().username()).isEqualTo("alice");
        assertThat(v.user().displayName()).isEqualTo("Alice Nightingale");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        LdapDirectory d = ldaps();
        assertThat(d.authenticate("gina", "not-her-password".toCharArray()).reason()).isEqualTo(LocalAccounts.WRONG);
        assertThat(d.authenticate("nobody", "whatever".toCharArray()).reason()).isEqualTo(LocalAccounts.WRONG);
        assertThat(d.authenticate("alice", new char[0]).ok()).as("an empty password is an anonymous bind").isFalse();
    }

    @Test
    void aFilterInjectionFindsNobody() throws Exception {
        Verdict v = ldaps().authenticate("*)(uid=alice", "Alice-pw-1".toCharArray());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).isEqualTo(LocalAccounts.WRONG);
    }

    @Test
    void windowsDomainPrefixIsStrippedByDefault() throws Exception {
        Verdict v = ldaps().authenticate("HOSPITAL\\alice", "Alice-pw-1".toCharArray());
        assertThat(v.ok()).isTrue();
        assertThat(v.user().username()).isEqualTo("alice");
    }

    @Test
    void windowsDomainPrefixIsKeptWhenTheAdminSaysSo() throws Exception {
        Properties p = LdapTestDirectory.properties(scratch, LDAP.slapd().ldapsUrl(), LDAP.tls().caFolder());
        p.setProperty("ldap.strip-domain", "false");
        assertThat(directory(p).authenticate("HOSPITAL\\alice", "Alice-pw-1".toCharArray()).ok()).isFalse();
    }

    @Test
    void ppolicyLocksAfterThreeWrongPasswordsAndSaysUntilWhen() throws Exception {
        LdapDirectory d = ldaps();
        Instant before = Instant.now();
        for (int i = 0; i < 3; i++) {
            assertThat(d.authenticate("bob", ("wrong-" + i).toCharArray()).reason()).isEqualTo(LocalAccounts.WRONG);
        }
        Verdict v = d.authenticate("bob", "Bob-pw-2".toCharArray());
        assertThat(v.ok()).as("the right password after the lockout").isFalse();
        assertThat(v.reason()).startsWith("account locked by the directory until ").doesNotContain(LocalAccounts.WRONG);
        Matcher until = Pattern.compile("until (\\S+)").matcher(v.reason());
        assertThat(until.find()).as("the unlock time in: " + v.reason()).isTrue();
        Instant unlock = Instant.parse(until.group(1));
        // pwdLockoutDuration is 300 s from the third failure
        assertThat(unlock).isBetween(before.plusSeconds(298), Instant.now().plusSeconds(301));
    }

    @Test
    void disabledAccountIsToldSoEvenWithTheRightPassword() throws Exception {
        Verdict v = ldaps().authenticate("carol", "Carol-pw-3".toCharArray());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).isEqualTo(AccountState.DISABLED);
    }

    @Test
    void expiredPasswordIsToldSo() throws Exception {
        Verdict v = ldaps().authenticate("dave", "Dave-pw-4".toCharArray());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).isEqualTo(AccountState.PASSWORD_EXPIRED);
    }

    @Test
    void passwordThatMustBeChangedIsNotAccepted() throws Exception {
        LdapDirectory d = ldaps();
        Verdict v = d.authenticate("erin", "Erin-pw-5".toCharArray());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).isEqualTo(AccountState.MUST_CHANGE);
        // and a wrong password for her is still just wrong
        assertThat(d.authenticate("erin", "nope".toCharArray()).reason()).isEqualTo(LocalAccounts.WRONG);
    }

    @Test
    void expiredAccountIsToldSo() throws Exception {
        Verdict v = ldaps().authenticate("frank", "Frank-pw-6".toCharArray());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).isEqualTo(AccountState.EXPIRED);
    }

    @Test
    void nestedGroupGivesTheApplianceGroupWithinTheConfiguredDepth() throws Exception {
        // alice is in icu-nurses, which is in clinical, which is in all-staff; all-staff is mapped first
        assertThat(ldaps().authenticate("alice", "Alice-pw-1".toCharArray()).group()).isEqualTo("clinical");
        directory.close();
        Properties deeper = LdapTestDirectory.properties(scratch, LDAP.slapd().ldapsUrl(), LDAP.tls().caFolder());
        deeper.setProperty("ldap.group-nesting-depth", "2");
        assertThat(directory(deeper).authenticate("alice", "Alice-pw-1".toCharArray()).group()).isEqualTo("staff");
    }

    @Test
    void userInNoMappedGroupIsRefusedUnlessThereIsADefaultGroup() throws Exception {
        Verdict v = ldaps().authenticate("gina", "Gina-pw-7".toCharArray());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).isEqualTo(LdapDirectory.NOT_ALLOWED);
        directory.close();
        Properties p = LdapTestDirectory.properties(scratch, LDAP.slapd().ldapsUrl(), LDAP.tls().caFolder());
        p.setProperty("ldap.default-group", "visitors");
        Verdict withDefault = directory(p).authenticate("gina", "Gina-pw-7".toCharArray());
        assertThat(withDefault.ok()).isTrue();
        assertThat(withDefault.group()).isEqualTo("visitors");
    }

    @Test
    void startTlsOnTheLdapPortWorks() throws Exception {
        Properties p = LdapTestDirectory.properties(scratch, LDAP.slapd().ldapUrl(), LDAP.tls().caFolder());
        Instant start = Instant.now();
        Verdict v = directory(p).authenticate("alice", "Alice-pw-1".toCharArray());
        assertThat(v.ok()).isTrue();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void wrongServiceAccountPasswordIsADirectoryErrorNotAnOk() throws Exception {
        LdapDirectory d = ldaps();
        java.nio.file.Files.writeString(scratch.resolve("ldap-bind-password"), "not-the-service-password\n");
        Verdict v = d.authenticate("alice", "Alice-pw-1".toCharArray());
        assertThat(v.ok()).isFalse();
        assertThat(v.reason()).startsWith(LdapDirectory.UNAVAILABLE).contains("invalid credentials");
    }
}
