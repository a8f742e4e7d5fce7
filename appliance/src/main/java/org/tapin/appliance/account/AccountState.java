package org.tapin.appliance.account;

import java.time.Instant;

/**
 * What the appliance keeps about a local account beyond its password hash: the admin's flags and when the
 * password was last set. {@code passwordSetAt} is null for an account the appliance has no date for; such a
 * password does not expire until it is next set.
 */
public record AccountState(boolean mustChange, boolean oneTime, Instant passwordSetAt) {

    public static final AccountState NONE = new AccountState(false, false, null);
}
