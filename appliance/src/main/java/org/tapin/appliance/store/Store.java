package org.tapin.appliance.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the appliance keeps. The embedded {@link SqliteStore} is the default; a shared database for
 * several appliances at one site implements the same interface. Every method is atomic on its own and
 * durable when it returns; methods that change policy or an endpoint's group advance {@link #revision()},
 * which other processes on the same store (the admin command, a second appliance) see too.
 */
public interface Store extends AutoCloseable {

    enum LinkResult { LINKED, ALREADY_LINKED, OTHER_USER, NO_SUCH_USER }

    // --- endpoints
    Endpoint registerEndpoint(String id, String credentialHash, EndpointInfo info, Instant now);

    Optional<Endpoint> endpointByCredential(String credentialHash);

    Optional<Endpoint> endpoint(String id);

    void updateEndpoint(String id, EndpointInfo info, Instant now);

    List<Endpoint> endpoints();

    boolean revokeEndpoint(String id);

    boolean setEndpointGroup(String id, String group);

    // --- users
    /** False when the user name (compared without case) is taken. */
    boolean addUser(String username, String displayName, String passwordHash);

    Optional<UserAccount> user(String username);

    List<UserAccount> users();

    boolean setPasswordHash(String username, String passwordHash);

    boolean setDisabled(String username, boolean disabled);

    boolean removeUser(String username);

    /**
     * Counts one wrong password. When the count reaches {@code maxFailures} the account is locked until
     * {@code lockUntil} and the count starts again. Returns the account after the change.
     */
    Optional<UserAccount> recordFailure(String username, int maxFailures, Instant lockUntil);

    /** A good password, or an admin's unlock: the count and any lock are cleared. */
    boolean clearFailures(String username);

    // --- badges
    Optional<BadgeLink> badge(String badge);

    LinkResult linkBadge(String badge, String username, Instant now);

    boolean unlinkBadge(String badge);

    List<BadgeLink> badges();

    BadgeRange addBadgeRange(BadgeRange.Kind kind, String low, String high);

    List<BadgeRange> badgeRanges();

    boolean removeBadgeRange(long id);

    // --- policy
    /** Sets (replaces) a group's policy; returns its new version. */
    long setPolicy(String group, String document);

    Optional<GroupPolicy> policy(String group);

    List<GroupPolicy> policies();

    /** A number that changes whenever a policy or an endpoint's group or standing changes, in any process. */
    long revision();

    // --- audit
    /** Stores the events whose ids are new, in one transaction; returns how many were new. */
    int appendAudit(List<AuditRecord> events);

    List<AuditRecord> audit(AuditQuery query);

    @Override
    void close();
}
