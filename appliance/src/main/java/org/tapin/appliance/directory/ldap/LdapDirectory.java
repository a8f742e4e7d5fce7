package org.tapin.appliance.directory.ldap;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.directory.Directory;
import org.tapin.appliance.directory.LocalAccounts;
import org.tapin.appliance.directory.Verdict;
import org.tapin.appliance.store.UserAccount;

/**
 * Passwords checked by LDAP or Active Directory: the service account finds the user's entry (refusing a
 * disabled, expired or locked account from its attributes), a bind as the user checks the password (asking
 * for the password policy control, reading Active Directory's error codes), and the user's groups, nested
 * to the configured depth, give the appliance policy group. Every error, of the network, of TLS, of the
 * directory, is a denial: nothing but a successful bind as the user is ever accepted.
 */
public final class LdapDirectory implements Directory {

    private static final Logger LOG = LoggerFactory.getLogger("Appliance.Ldap");
    static final String UNAVAILABLE = "the directory cannot check passwords right now; try again shortly";
    static final String NOT_ALLOWED = "this account is in no directory group allowed to sign in here";

    private final LdapSettings settings;
    private final ServerPool pool;
    private final GroupResolver groups;
    private final Clock clock;

    public LdapDirectory(LdapSettings settings, Clock clock) throws IOException, GeneralSecurityException {
        this.settings = settings;
        this.clock = clock;
        this.groups = new GroupResolver(settings);
        this.pool = new ServerPool(settings, clock);
    }

    @Override
    public String name() {
        return "ldap";
    }

    @Override
    public Verdict authenticate(String typed, char[] password) {
        String username = settings.stripDomain() ? stripDomain(typed) : typed;
        if (username.isBlank() || password.length == 0) {
            // An LDAP bind with an empty password is an anonymous bind and "succeeds" (RFC 4513 5.1.2).
            return Verdict.denied(LocalAccounts.WRONG);
        }
        try (LDAPConnection c = pool.connect()) {
            return check(c, username, password);
        } catch (ServerPool.Unavailable e) {
            LOG.error("cannot check the password of {}: {}", username, e.getMessage());
            return Verdict.denied(UNAVAILABLE + " (" + e.getMessage() + ")");
        } catch (LDAPException e) {
            LOG.error("cannot check the password of {}: {}", username, ServerPool.describe(e));
            return Verdict.denied(UNAVAILABLE + " (directory error " + e.getResultCode().getName() + ")");
        } catch (RuntimeException e) {
            LOG.error("cannot check the password of {}", username, e);
            return Verdict.denied(UNAVAILABLE + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Verdict check(LDAPConnection c, String username, char[] password) throws LDAPException {
        List<String> attributes = new ArrayList<>(List.of(AccountState.ATTRIBUTES));
        attributes.add(settings.nameAttribute());
        attributes.add(settings.displayNameAttribute());
        SearchRequest search = new SearchRequest(settings.userBaseDn(), SearchScope.SUB,
                Filter.create(settings.userFilter().replace("{username}", Filter.encodeValue(username))),
                attributes.toArray(String[]::new));
        search.setSizeLimit(2);
        search.setTimeLimitSeconds((int) Math.max(1, settings.searchTimeout().toSeconds()));
        List<SearchResultEntry> found = c.search(search).getSearchEntries();
        if (found.isEmpty()) {
            return Verdict.denied(LocalAccounts.WRONG);
        }
        if (found.size() > 1) {
            LOG.error("ldap.user-filter finds more than one entry for {}: refusing rather than guessing", username);
            return Verdict.denied("the directory has more than one account for this user name; ask the service desk");
        }
        SearchResultEntry entry = found.get(0);
        Optional<String> refused = AccountState.beforeBind(entry, clock.instant());
        if (refused.isPresent()) {
            return Verdict.denied(refused.get());
        }

        Optional<String> bindRefused = bindAsUser(c, entry, password);
        if (bindRefused.isPresent()) {
            return Verdict.denied(bindRefused.get());
        }

        pool.bindService(c); // groups are read as the service account, whatever the user may read
        String group = null;
        if (!groups.unmapped()) {
            Set<DN> memberOf = groups.groupsOf(c, entry.getParsedDN());
            Optional<String> mapped = groups.applianceGroup(memberOf);
            if (mapped.isEmpty()) {
                return Verdict.denied(NOT_ALLOWED);
            }
            group = mapped.get();
        }
        String name = Optional.ofNullable(entry.getAttributeValue(settings.nameAttribute())).orElse(username);
        String display = Optional.ofNullable(entry.getAttributeValue(settings.displayNameAttribute())).orElse(name);
        return Verdict.accepted(new UserAccount(name, display, null, false, 0, null), group);
    }

    /** Empty when the directory accepted the password and the account may be used; else the reason. */
    private Optional<String> bindAsUser(LDAPConnection c, SearchResultEntry entry, char[] password) throws LDAPException {
        byte[] secret = utf8(password);
        try {
            BindResult result = c.bind(new SimpleBindRequest(entry.getDN(), secret,
                    new DraftBeheraLDAPPasswordPolicy10RequestControl()));
            DraftBeheraLDAPPasswordPolicy10ResponseControl policy = DraftBeheraLDAPPasswordPolicy10ResponseControl.get(result);
            if (policy != null && policy.getErrorType() == DraftBeheraLDAPPasswordPolicy10ErrorType.CHANGE_AFTER_RESET) {
                return Optional.of(AccountState.MUST_CHANGE); // the bind worked, but the connection may only change it
            }
            if (policy != null && policy.getErrorType() == DraftBeheraLDAPPasswordPolicy10ErrorType.PASSWORD_EXPIRED) {
                return Optional.of(AccountState.PASSWORD_EXPIRED);
            }
            return Optional.empty();
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.INVALID_CREDENTIALS) {
                throw e; // not an answer about this password: fail closed as a directory error
            }
            DraftBeheraLDAPPasswordPolicy10ResponseControl policy = policyControl(e);
            if (policy != null && policy.getErrorType() == DraftBeheraLDAPPasswordPolicy10ErrorType.ACCOUNT_LOCKED) {
                return Optional.of(lockedReason(c, entry));
            }
            if (policy != null && policy.getErrorType() == DraftBeheraLDAPPasswordPolicy10ErrorType.PASSWORD_EXPIRED) {
                return Optional.of(AccountState.PASSWORD_EXPIRED);
            }
            if (policy != null && policy.getErrorType() == DraftBeheraLDAPPasswordPolicy10ErrorType.CHANGE_AFTER_RESET) {
                return Optional.of(AccountState.MUST_CHANGE);
            }
            return Optional.of(AccountState.activeDirectoryBindError(e.getDiagnosticMessage()).orElse(LocalAccounts.WRONG));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static DraftBeheraLDAPPasswordPolicy10ResponseControl policyControl(LDAPException e) {
        try {
            return DraftBeheraLDAPPasswordPolicy10ResponseControl.get(e.toLDAPResult());
        } catch (LDAPException undecodable) {
            return null;
        }
    }

    /** "locked until …" when the directory says when (ppolicy lock time plus the policy's duration). */
    private String lockedReason(LDAPConnection c, SearchResultEntry entry) {
        try {
            pool.bindService(c);
            SearchResultEntry now = c.getEntry(entry.getDN(), "pwdAccountLockedTime", "pwdPolicySubentry");
            String lockedTime = now == null ? null : now.getAttributeValue("pwdAccountLockedTime");
            String policyDn = now != null && now.getAttributeValue("pwdPolicySubentry") != null
                    ? now.getAttributeValue("pwdPolicySubentry") : settings.passwordPolicyDn();
            Long duration = null;
            if (policyDn != null) {
                SearchResultEntry policy = c.getEntry(policyDn, "pwdLockoutDuration");
                duration = policy == null ? null : policy.getAttributeValueAsLong("pwdLockoutDuration");
            }
            if (AccountState.PERMANENT_LOCK.equals(lockedTime) || Long.valueOf(0).equals(duration)) {
                return AccountState.LOCKED + "; an administrator must unlock it";
            }
            return AccountState.unlockTime(lockedTime, duration)
                    .map(until -> AccountState.LOCKED + " until " + until)
                    .orElse(AccountState.LOCKED);
        } catch (LDAPException e) {
            LOG.warn("cannot read when the lock of {} ends: {}", entry.getDN(), ServerPool.describe(e));
            return AccountState.LOCKED;
        }
    }

    /** {@code DOMAIN\name} → {@code name}; other names unchanged. */
    static String stripDomain(String username) {
        int slash = username.lastIndexOf('\\');
        return slash >= 0 ? username.substring(slash + 1) : username;
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    /** The server new connections go to first (for the health view and tests). */
    public String preferredServer() {
        return pool.preferred().toString();
    }

    @Override
    public void close() {
        pool.close();
    }
}
