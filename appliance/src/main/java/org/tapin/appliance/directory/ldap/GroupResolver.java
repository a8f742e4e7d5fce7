package org.tapin.appliance.directory.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The groups a user is in, directly and through groups in groups down to the configured depth, found by
 * searching the group base for {@code member=DN} (works on OpenLDAP and Active Directory alike), and the
 * appliance group the admin's map gives them.
 */
final class GroupResolver {

    private final LdapSettings settings;
    private final Map<DN, String> map = new LinkedHashMap<>();

    GroupResolver(LdapSettings settings) {
        this.settings = settings;
        settings.groupMap().forEach((dn, group) -> {
            try {
                map.put(new DN(dn), group);
            } catch (LDAPException e) {
                throw new IllegalArgumentException("ldap.group-map: " + dn + " is not a DN");
            }
        });
    }

    /** Every group DN {@code userDn} belongs to, nearest first. */
    Set<DN> groupsOf(LDAPConnection c, DN userDn) throws LDAPException {
        Set<DN> found = new LinkedHashSet<>();
        List<DN> level = List.of(userDn);
        for (int depth = 0; depth <= settings.groupNestingDepth() && !level.isEmpty(); depth++) {
            List<DN> next = new ArrayList<>();
            for (DN member : level) {
                SearchRequest search = new SearchRequest(settings.groupBaseDn(), SearchScope.SUB,
                        Filter.createEqualityFilter(settings.groupMemberAttribute(), member.toString()), "1.1");
                search.setTimeLimitSeconds((int) Math.max(1, settings.searchTimeout().toSeconds()));
                for (SearchResultEntry group : c.search(search).getSearchEntries()) {
                    DN dn = group.getParsedDN();
                    if (found.add(dn)) { // a cycle of groups ends here
                        next.add(dn);
                    }
                }
            }
            level = next;
        }
        return found;
    }

    /**
     * The appliance group for a user in {@code groups}: the first mapped one in the admin's order, else the
     * default group. Empty means the user is in no mapped group and there is no default: not allowed.
     */
    Optional<String> applianceGroup(Set<DN> groups) {
        for (Map.Entry<DN, String> entry : map.entrySet()) {
            if (groups.contains(entry.getKey())) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.ofNullable(settings.defaultGroup());
    }

    /** Whether groups matter at all: with no map and no default group they are not looked up. */
    boolean unmapped() {
        return map.isEmpty() && settings.defaultGroup() == null;
    }
}
