package org.tapin.bootstrap.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust from the configured CA folder alone ({@code /wfs/ca-certs} on IGEL: {@code .crt} or {@code .cer},
 * PEM or DER), as everywhere in tapin: the JDK's public CA list is not what a hospital's appliance is signed by,
 * and trusting it too would let any public CA vouch for a fake appliance. Hostnames stay verified by the
 * HttpClient.
 */
public final class CaFolderTrust {
    private CaFolderTrust() {}

    public static SSLContext context(Path folder) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        int n = 0;
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{crt,cer}")) {
                for (Path file : files) {
                    try (InputStream in = Files.newInputStream(file)) {
                        for (Certificate c : x509.generateCertificates(in)) {
                            store.setCertificateEntry("ca-" + n++, c);
                        }
                    }
                }
            }
        }
        if (n == 0) {
            throw new GeneralSecurityException("no CA certificate (.crt or .cer) in " + folder);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
