package org.tapin.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Client-side trust for tests: an {@link SSLContext} that trusts exactly the certificates in the given
 * files and nothing from the JDK's default store, so a handshake that succeeds proves the generated CA
 * (and only it) vouched for the server.
 */
public final class CaTrust {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private CaTrust() {}

    /** The certificates in each file, PEM (one or several) or DER, in file order. */
    public static List<X509Certificate> certificates(Path... files) {
        List<X509Certificate> all = new ArrayList<>();
        for (Path file : files) {
            Collection<? extends Certificate> read;
            try (InputStream in = Files.newInputStream(file)) {
                read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read certificates from " + file, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("not a certificate file: " + file + " (" + e.getMessage() + ")", e);
            }
            if (read.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + file);
            }
            read.forEach(c -> all.add((X509Certificate) c));
        }
        return all;
    }

    /** A trust store holding only the certificates in the given files. */
    public static KeyStore trustStore(Path... files) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<X509Certificate> certificates = certificates(files);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build an in-memory trust store", e);
        }
    }

    /** A TLS client context trusting only the certificates in the given files. */
    public static SSLContext sslContext(Path... files) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(files));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS client context", e);
        }
    }

    /**
     * What every tapin client does (design rule 5): TLS 1.3 preferred, 1.2 the floor, host name checked
     * against the certificate. {@code HttpClient} checks host names by default; a bare {@code SSLSocket}
     * checks them only with these parameters.
     */
    public static SSLParameters verifyingClientParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(PROTOCOLS.clone());
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }
}
