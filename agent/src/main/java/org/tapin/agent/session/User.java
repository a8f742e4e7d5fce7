package org.tapin.agent.session;

/** A clinician as the appliance names them. Sessions are compared by username. */
public record User(String username, String displayName) {

    public boolean sameAs(User other) {
        return other != null && username.equalsIgnoreCase(other.username);
    }

    @Override
    public String toString() {
        return username;
    }
}
