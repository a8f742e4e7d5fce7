package org.tapin.appliance.directory.ldap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One directory server: {@code ldaps://host[:636]} speaks TLS from the first byte, {@code ldap://host[:389]}
 * is upgraded with StartTLS before anything else is sent. There is no clear-text mode.
 */
public record LdapServer(String host, int port, boolean ldaps) {

    public static LdapServer parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(url + " is not an ldaps:// or ldap:// URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ldaps") && !scheme.equals("ldap") || uri.getHost() == null) {
            throw new IllegalArgumentException(url + " is not an ldaps://HOST[:PORT] or ldap://HOST[:PORT] URL");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new IllegalArgumentException(url + ": a server URL has no path; the base DNs are separate keys");
        }
        boolean ldaps = scheme.equals("ldaps");
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new LdapServer(host, uri.getPort() > 0 ? uri.getPort() : ldaps ? 636 : 389, ldaps);
    }

    @Override
    public String toString() {
        return (ldaps ? "ldaps://" : "ldap://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + (ldaps ? "" : " (StartTLS)");
    }
}
