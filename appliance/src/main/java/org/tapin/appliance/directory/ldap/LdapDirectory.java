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
import org.tapin.appliance.store.Store;
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

    /** The password hash of a directory user's local record: not a hash, so no password ever matches it. */
    public static final String DIRECTORY_ACCOUNT = "directory:ldap";

    private final LdapSettings settings;
    private final Store store;
    private final ServerPool pool;
    private final GroupResolver groups;
    private final Clock clock;

    /** {@code store} receives a local record for each directory user the directory accepts (for badges). */
    public LdapDirectory(LdapSettings settings, Store store, Clock clock) throws IOException, GeneralSecurityException {
        this.settings = settings;
        this.store = store;
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
        SearchResultEntry entry = find(c, username);
        if (entry == null) {
            return Verdict.denied(LocalAccounts.WRONG);
        }
        Optional<String> refused = AccountState.beforeBind(entry, clock.instant());
        if (refused.isPresent()) {
            return Verdict.denied(refused.get());
        }
        Optional<String> bindRefused = bindAsUser(c, entry, password);
        if (bindRefused.isPresent()) {
            return Verdict.denied(bindRefused.get());
        }
        pool.bindService(c); // groups are read as the service account, whatever the user may read
        return admitted(c, entry, username);
    }

    /**
     * A badge tap needs no password, so the directory is asked whether the account may still sign in: an
     * account disabled, expired or locked in the directory after its badge was enrolled is refused, and a
     * directory that cannot be asked refuses too (fail closed; list backup servers to keep taps working).
     */
    @Override
    public Verdict standing(UserAccount account) {
        Verdict local = LocalAccounts.standing(account, clock.instant());
        if (!local.ok()) {
            return local; // an appliance admin's disable or lock counts whatever the directory says
        }
        try (LDAPConnection c = pool.connect()) {
            SearchResultEntry entry = find(c, account.username());
            if (entry == null) {
                return Verdict.denied("account no longer in the directory");
            }
            Optional<String> refused = AccountState.beforeBind(entry, clock.instant());
            if (refused.isEmpty()) {
                refused = activeLock(c, entry);
            }
            return refused.isPresent() ? Verdict.denied(refused.get()) : admitted(c, entry, account.username());
        } catch (ServerPool.Unavailable e) {
            LOG.error("cannot check the account of {}: {}", account.username(), e.getMessage());
            return Verdict.denied(UNAVAILABLE + " (" + e.getMessage() + ")");
        } catch (LDAPException e) {
            LOG.error("cannot check the account of {}: {}", account.username(), ServerPool.describe(e));
            return Verdict.denied(UNAVAILABLE + " (directory error " + e.getResultCode().getName() + ")");
        } catch (RuntimeException e) {
            LOG.error("cannot check the account of {}", account.username(), e);
            return Verdict.denied(UNAVAILABLE + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The user's entry, or null when there is none; more than one is a directory error (never a guess). */
    private SearchResultEntry find(LDAPConnection c, String username) throws LDAPException {
        List<String> attributes = new ArrayList<>(List.of(AccountState.ATTRIBUTES));
        attributes.add(settings.nameAttribute());
        attributes.add(settings.displayNameAttribute());
        SearchRequest search = new SearchRequest(settings.userBaseDn(), SearchScope.SUB,
                Filter.create(settings.userFilter().replace("{username}", Filter.encodeValue(username))),
                attributes.toArray(String[]::new));
        search.setSizeLimit(2);
        search.setTimeLimitSeconds((int) Math.max(1, settings.searchTimeout().toSeconds()));
        List<SearchResultEntry> found = c.search(search).getSearchEntries();
        if (found.size() > 1) {
            LOG.error("ldap.user-filter finds more than one entry for {}: refusing rather than guessing", username);
            throw new LDAPException(ResultCode.CONSTRAINT_VIOLATION, "more than one entry for one user name");
        }
        if (found.isEmpty()) {
            return null;
        }
        if (settings.flavour() == LdapSettings.Flavour.ACTIVE_DIRECTORY) {
            // AD computes msDS-User-Account-Control-Computed (the reliable "locked out" bit) only for a
            // base-scope read, never in a subtree search: read the found entry once more, by its DN.
            SearchResultEntry base = c.getEntry(found.get(0).getDN(), attributes.toArray(String[]::new));
            return base != null ? base : found.get(0);
        }
        return found.get(0);
    }

    /**
     * The account, its appliance group, and its local record: a directory user gets one the first time the
     * directory accepts them, so that a badge can be linked to them (its password hash is a marker that no
     * password ever matches; the directory stays the only judge of passwords).
     */
    private Verdict admitted(LDAPConnection c, SearchResultEntry entry, String username) throws LDAPException {
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
        if (store.user(name).isEmpty() && store.addUser(name, display, DIRECTORY_ACCOUNT)) {
            LOG.info("directory user {} gets a local record (for badge enrollment)", name);
        }
        return Verdict.accepted(new UserAccount(name, display, null, false, 0, null), group);
    }

    /** A ppolicy lock still running, as a reason; empty when there is none or it has ended. */
    private Optional<String> activeLock(LDAPConnection c, SearchResultEntry entry) {
        String lockedTime = entry.getAttributeValue("pwdAccountLockedTime");
        if (lockedTime == null) {
            return Optional.empty();
        }
        Long duration = lockoutDuration(c, entry);
        if (duration == null || duration == 0) {
            return Optional.of(lockedReason(c, entry)); // cannot tell when it ends, or never: locked
        }
        return AccountState.unlockTime(lockedTime, duration)
                .filter(until -> until.isAfter(clock.instant()))
                .map(until -> AccountState.LOCKED + " until " + until);
    }

    /** The lockout duration of the entry's password policy (its own, else the configured default). */
    private Long lockoutDuration(LDAPConnection c, SearchResultEntry entry) {
        String policyDn = entry.getAttributeValue("pwdPolicySubentry") != null
                ? entry.getAttributeValue("pwdPolicySubentry") : settings.passwordPolicyDn();
        if (policyDn == null) {
            return null;
        }
        try {
            SearchResultEntry policy = c.getEntry(policyDn, "pwdLockoutDuration");
            return policy == null ? null : policy.getAttributeValueAsLong("pwdLockoutDuration");
        } catch (LDAPException e) {
            LOG.warn("cannot read the password policy {}: {}", policyDn, ServerPool.describe(e));
            return null;
        }
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
            if (now == null) {
                return AccountState.LOCKED;
            }
            String lockedTime = now.getAttributeValue("pwdAccountLockedTime");
            Long duration = lockoutDuration(c, now);
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
