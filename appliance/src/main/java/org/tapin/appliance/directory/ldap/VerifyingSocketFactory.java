package org.tapin.appliance.directory.ldap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets to a directory server that check its name during the handshake (the JDK's {@code LDAPS}
 * endpoint identification: subject alternative names, RFC 2830 rules) and speak TLS 1.3 or 1.2 only. Used
 * for LDAPS and for the StartTLS upgrade alike, so neither path can skip the name check.
 */
final class VerifyingSocketFactory extends SSLSocketFactory {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private final SSLSocketFactory delegate;
    private final int handshakeTimeoutMillis;

    /**
     * @param handshakeTimeoutMillis how long a read may block until the LDAP library sets its own timeouts:
     *                               without it a hung server (TCP accepted, never answering) stalls the TLS
     *                               handshake, and the sign-in, forever
     */
    VerifyingSocketFactory(SSLSocketFactory delegate, int handshakeTimeoutMillis) {
        this.delegate = delegate;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    private Socket verifying(Socket socket) throws IOException {
        SSLSocket ssl = (SSLSocket) socket;
        ssl.setSoTimeout(handshakeTimeoutMillis);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("LDAPS");
        parameters.setProtocols(PROTOCOLS);
        ssl.setSSLParameters(parameters);
        return ssl;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return verifying(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return verifying(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return verifying(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return verifying(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return verifying(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public Socket createSocket() throws IOException {
        return verifying(delegate.createSocket());
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
