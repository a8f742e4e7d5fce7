package org.tapin.appliance.directory.ldap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust exactly the CA certificates in one folder: files ending in {@code .crt} or {@code .cer}, PEM or DER,
 * one or several certificates each (the endpoint's rule for {@code /wfs/ca-certs}). The JDK's trust store is
 * never used, and a folder without a usable certificate is an error, never "trust everything".
 */
public final class CaFolder {

    private CaFolder() {}

    public static SSLContext sslContext(Path folder) throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("CA folder " + folder + " does not exist");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        List<String> skipped = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!(name.endsWith(".crt") || name.endsWith(".cer")) || !Files.isRegularFile(file)) {
                continue;
            }
            try {
                // CertificateFactory reads DER, and PEM with one or several BEGIN CERTIFICATE blocks.
                for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                    store.setCertificateEntry("ca-" + n++, c);
                }
            } catch (CertificateException | IOException e) {
                skipped.add(file.getFileName() + ": not a certificate");
            }
        }
        if (n == 0) {
            throw new GeneralSecurityException("no CA certificate (.crt or .cer) in " + folder
                    + (skipped.isEmpty() ? "" : "; skipped " + String.join("; ", skipped)));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
