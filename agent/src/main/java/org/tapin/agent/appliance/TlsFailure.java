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
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "the appliance's certificate has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "the appliance's certificate is not valid yet (check the clocks)";
            }
            if (t instanceof SSLPeerUnverifiedException) {
                return "the appliance's certificate does not name this host (" + t.getMessage() + ")";
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "the appliance's certificate is not issued by a CA in the CA folder";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return "timed out (" + t.getMessage() + ")";
            }
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

    /** Failures after which nothing reached the appliance: safe to retry any call elsewhere. */
    static boolean beforeSending(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SSLHandshakeException
                    || (t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("connect"))) {
                return true;
            }
        }
        return false;
    }
}
