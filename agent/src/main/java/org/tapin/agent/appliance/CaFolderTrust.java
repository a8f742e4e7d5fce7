package org.tapin.agent.appliance;

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
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust exactly the CA certificates an admin deployed to the endpoint's CA folder ({@code /wfs/ca-certs} on
 * IGEL): files ending in {@code .crt} or {@code .cer}, PEM or DER, one or several certificates per file. The
 * JDK's own trust store is not used: the appliance's private CA is the only authority for it. A folder with no
 * usable certificate is an error, never "trust everything".
 */
public final class CaFolderTrust {

    private CaFolderTrust() {}

    /** What was loaded, and each file that was skipped with the reason, for the log and the support bundle. */
    public record Loaded(X509TrustManager trustManager, List<X509Certificate> certificates, List<String> skipped) {}

    public static Loaded load(Path folder) throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("CA folder " + folder + " does not exist");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!(name.endsWith(".crt") || name.endsWith(".cer")) || !Files.isRegularFile(file)) {
                continue;
            }
            try {
                // CertificateFactory reads DER, and PEM with one or several BEGIN CERTIFICATE blocks.
                Collection<? extends Certificate> read =
                        factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
                if (read.isEmpty()) {
                    skipped.add(file.getFileName() + ": no certificate in it");
                }
                read.forEach(c -> certificates.add((X509Certificate) c));
            } catch (CertificateException | IOException e) {
                skipped.add(file.getFileName() + ": not a certificate (" + e.getMessage() + ")");
            }
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no CA certificate (.crt or .cer) in " + folder
                    + (skipped.isEmpty() ? "" : "; skipped " + String.join("; ", skipped)));
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("ca-" + i, certificates.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (var tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return new Loaded(x509, List.copyOf(certificates), List.copyOf(skipped));
            }
        }
        throw new GeneralSecurityException("no X509TrustManager from " + tmf.getAlgorithm());
    }
}
