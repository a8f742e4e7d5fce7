package org.tapin.agent.appliance;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Turns a failed connection into the reason an admin needs, instead of a Java exception chain. */
final class TlsFailure {

    private TlsFailure() {}

    static String describe(IOException e) {
        // The most specific cause wins: an expired leaf also fails path validation further up the chain.
        if (has(e, CertificateExpiredException.class)) {
            return "the appliance's certificate has expired";
        }
        if (has(e, CertificateNotYetValidException.class)) {
            return "the appliance's certificate is not valid yet (check the clocks)";
        }
        SSLPeerUnverifiedException unverified = find(e, SSLPeerUnverifiedException.class);
        if (unverified != null) {
            return "the appliance's certificate does not name this host (" + unverified.getMessage() + ")";
        }
        if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)) {
            return "the appliance's certificate is not issued by a CA in the CA folder";
        }
        if (has(e, ConnectException.class)) {
            return "connection refused";
        }
        UnknownHostException unknown = find(e, UnknownHostException.class);
        if (unknown != null) {
            return "unknown host " + unknown.getMessage();
        }
        SocketTimeoutException timeout = find(e, SocketTimeoutException.class);
        if (timeout != null) {
            return "timed out (" + timeout.getMessage() + ")";
        }
        if (e instanceof java.io.InterruptedIOException && "timeout".equals(e.getMessage())) {
            return "timed out (the whole call took longer than connect + write + read timeouts)";
        }
        if (e instanceof SSLHandshakeException) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("protocol_version") || message.contains("No appropriate protocol")) {
                return "the appliance offers no TLS version from 1.2 up";
            }
            return "TLS handshake failed (" + message + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        return find(e, type) != null;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Failures after which nothing reached the appliance: safe to retry any call elsewhere. */
    static boolean beforeSending(IOException e) {
        SocketTimeoutException timeout = find(e, SocketTimeoutException.class);
        return has(e, ConnectException.class) || has(e, UnknownHostException.class) || has(e, SSLHandshakeException.class)
                || (timeout != null && String.valueOf(timeout.getMessage()).contains("connect"));
    }
}
