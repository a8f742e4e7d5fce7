package org.tapin.appliance.directory.ldap;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.util.StaticUtils;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a directory says about an account into a reason a user can act on. Two sources: the entry's
 * attributes, read before the password is tried (disabled, expired, locked: OpenLDAP ppolicy and nis,
 * Active Directory's {@code userAccountControl} family), and the error of a refused bind (ppolicy response control, Active
 * Directory's {@code data NNN} code). None of them is ever "wrong password".
 */
final class AccountState {

    static final String DISABLED = "account disabled in the directory; ask the service desk";
    static final String EXPIRED = "account expired in the directory; ask the service desk";
    static final String PASSWORD_EXPIRED = "password expired; change it on a workstation, then try again";
    static final String MUST_CHANGE = "the password must be changed before first use; change it on a workstation, then try again";
    static final String LOCKED = "account locked by the directory";
    static final String NOT_NOW = "the directory does not allow this account to sign in at this time";
    static final String NOT_HERE = "the directory does not allow this account to sign in on this computer";

    /** The attributes read with the user's entry (operational ones must be asked for by name). */
    static final String[] ATTRIBUTES = {"pwdAccountLockedTime", "pwdPolicySubentry", "shadowExpire", "userAccountControl",
            "msDS-User-Account-Control-Computed", "accountExpires"};

    /** ppolicy: an account locked with this time stays locked until an administrator unlocks it. */
    static final String PERMANENT_LOCK = "000001010000Z";

    private static final int UAC_ACCOUNTDISABLE = 0x2;
    private static final int UAC_LOCKOUT = 0x10;
    /** Windows FILETIME: 100 ns ticks since 1601-01-01. */
    private static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;
    private static final Pattern AD_DATA = Pattern.compile("\\bdata ([0-9a-fA-F]{3,8})\\b");

    private AccountState() {}

    /** A reason to refuse before the password is tried, or empty when the entry shows none. */
    static Optional<String> beforeBind(Entry entry, Instant now) {
        String locked = entry.getAttributeValue("pwdAccountLockedTime");
        if (PERMANENT_LOCK.equals(locked)) {
            return Optional.of(DISABLED);
        }
        Long shadowExpire = entry.getAttributeValueAsLong("shadowExpire");
        if (shadowExpire != null && shadowExpire >= 0 && !Instant.EPOCH.plus(Duration.ofDays(shadowExpire)).isAfter(now)) {
            return Optional.of(EXPIRED);
        }
        Long uac = entry.getAttributeValueAsLong("userAccountControl");
        Long computed = entry.getAttributeValueAsLong("msDS-User-Account-Control-Computed");
        if (uac != null && (uac & UAC_ACCOUNTDISABLE) != 0) {
            return Optional.of(DISABLED);
        }
        Instant accountExpires = fileTime(entry.getAttributeValueAsLong("accountExpires"));
        if (accountExpires != null && !accountExpires.isAfter(now)) {
            return Optional.of(EXPIRED);
        }
        if (computed != null && (computed & UAC_LOCKOUT) != 0) {
            return Optional.of(LOCKED);
        }
        // Password expiry and must-change are told only after the right password (ppolicy control, AD 532/773):
        // a stranger who knows a user name learns no more than with local accounts.
        return Optional.empty();
    }

    /**
     * Active Directory's reason for a refused bind, from the {@code data NNN} part of its diagnostic message
     * ({@code 80090308: LdapErr: DSID-…, comment: AcceptSecurityContext error, data 775, v4563}); empty for
     * a wrong password (52e), an unknown user (525) and messages without a code.
     */
    static Optional<String> activeDirectoryBindError(String diagnosticMessage) {
        if (diagnosticMessage == null) {
            return Optional.empty();
        }
        Matcher m = AD_DATA.matcher(diagnosticMessage);
        if (!m.find()) {
            return Optional.empty();
        }
        return switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "530" -> Optional.of(NOT_NOW);
            case "531" -> Optional.of(NOT_HERE);
            case "532" -> Optional.of(PASSWORD_EXPIRED);
            case "533" -> Optional.of(DISABLED);
            case "701" -> Optional.of(EXPIRED);
            case "773" -> Optional.of(MUST_CHANGE);
            case "775" -> Optional.of(LOCKED);
            default -> Optional.empty(); // 525 no such user, 52e wrong password: the same answer for both
        };
    }

    /** When a ppolicy lock set at {@code lockedTime} ends, or empty when it does not end by itself. */
    static Optional<Instant> unlockTime(String lockedTime, Long lockoutDurationSeconds) {
        if (lockedTime == null || PERMANENT_LOCK.equals(lockedTime) || lockoutDurationSeconds == null
                || lockoutDurationSeconds <= 0) {
            return Optional.empty();
        }
        try {
            Instant at = StaticUtils.decodeGeneralizedTime(lockedTime).toInstant();
            return Optional.of(at.plusSeconds(lockoutDurationSeconds).truncatedTo(ChronoUnit.SECONDS));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** A FILETIME attribute as an instant; null for absent, 0 and "never" (0x7FFFFFFFFFFFFFFF). */
    static Instant fileTime(Long ticks) {
        if (ticks == null || ticks <= 0 || ticks == Long.MAX_VALUE) {
            return null;
        }
        long sinceUnix = ticks - FILETIME_UNIX_EPOCH;
        return Instant.ofEpochSecond(Math.floorDiv(sinceUnix, 10_000_000L), Math.floorMod(sinceUnix, 10_000_000L) * 100);
    }
}
