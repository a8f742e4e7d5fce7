package org.tapin.appliance.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Active Directory cannot run here, so its part of the mapping is checked on the exact strings and
 * attribute values AD sends (the bind errors of Microsoft's "LDAP bind error codes" table).
 */
class LdapAccountStateTest {

    private static String adError(String code) {
        return "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data " + code + ", v4563\u0000";
    }

    @Test
    void activeDirectoryBindCodesBecomeReasonsAndWrongPasswordStaysGeneric() {
        assertThat(AccountState.activeDirectoryBindError(adError("775"))).contains(AccountState.LOCKED);
        assertThat(AccountState.activeDirectoryBindError(adError("533"))).contains(AccountState.DISABLED);
        assertThat(AccountState.activeDirectoryBindError(adError("701"))).contains(AccountState.EXPIRED);
        assertThat(AccountState.activeDirectoryBindError(adError("532"))).contains(AccountState.PASSWORD_EXPIRED);
        assertThat(AccountState.activeDirectoryBindError(adError("773"))).contains(AccountState.MUST_CHANGE);
        assertThat(AccountState.activeDirectoryBindError(adError("530"))).contains(AccountState.NOT_NOW);
        assertThat(AccountState.activeDirectoryBindError(adError("531"))).contains(AccountState.NOT_HERE);
        // wrong password and no such user must not be told apart
        assertThat(AccountState.activeDirectoryBindError(adError("52e"))).isEmpty();
        assertThat(AccountState.activeDirectoryBindError(adError("525"))).isEmpty();
        assertThat(AccountState.activeDirectoryBindError("invalid credentials")).isEmpty();
    }

    @Test
    void activeDirectoryAttributesRefuseDisabledExpiredAndLockedAccountsBeforeTheBind() {
        Instant now = Instant.parse("2026-11-23T09:00:00Z");
        Entry normal = new Entry("CN=Grey,DC=h,DC=example", new Attribute("userAccountControl", "512"),
                new Attribute("accountExpires", "9223372036854775807"));
        assertThat(AccountState.beforeBind(normal, now)).isEmpty();

        Entry disabled = new Entry("CN=Grey,DC=h,DC=example", new Attribute("userAccountControl", "514"));
        assertThat(AccountState.beforeBind(disabled, now)).contains(AccountState.DISABLED);

        // accountExpires 133000000000000000 is 2022-06-18: in the past
        Entry expired = new Entry("CN=Grey,DC=h,DC=example", new Attribute("userAccountControl", "512"),
                new Attribute("accountExpires", "133000000000000000"));
        assertThat(AccountState.beforeBind(expired, now)).contains(AccountState.EXPIRED);
        assertThat(AccountState.fileTime(133000000000000000L)).isEqualTo(Instant.parse("2022-06-18T04:26:40Z"));

        Entry locked = new Entry("CN=Grey,DC=h,DC=example", new Attribute("userAccountControl", "512"),
                new Attribute("msDS-User-Account-Control-Computed", "16"));
        assertThat(AccountState.beforeBind(locked, now)).contains(AccountState.LOCKED);
    }

    @Test
    void ppolicyUnlockTimeIsTheLockTimePlusTheDuration() {
        assertThat(AccountState.unlockTime("20261123090000Z", 900L)).contains(Instant.parse("2026-11-23T09:15:00Z"));
        assertThat(AccountState.unlockTime("20261123090000.123456Z", 60L)).contains(Instant.parse("2026-11-23T09:01:00Z"));
        assertThat(AccountState.unlockTime(AccountState.PERMANENT_LOCK, 900L)).isEmpty();
        assertThat(AccountState.unlockTime("20261123090000Z", 0L)).isEqualTo(Optional.empty());
    }

    @Test
    void domainPrefixIsStripped() {
        assertThat(LdapDirectory.stripDomain("HOSPITAL\\drgrey")).isEqualTo("drgrey");
        assertThat(LdapDirectory.stripDomain("drgrey")).isEqualTo("drgrey");
    }
}
