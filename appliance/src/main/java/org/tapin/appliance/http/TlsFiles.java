package org.tapin.appliance.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the server's key store from PEM files: the certificate chain (leaf first) and an unencrypted PKCS#8 key. */
public final class TlsFiles {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private TlsFiles() {}

    public static KeyStore keyStore(Path certificateChain, Path privateKey, char[] password) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> chain;
        try {
            chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificateChain)));
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(certificateChain + ": not a PEM certificate chain (" + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certificateChain + ": no certificate in it");
        }
        String pem = Files.readString(privateKey, StandardCharsets.US_ASCII);
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new GeneralSecurityException(privateKey + ": no unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert with"
                    + " openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        PrivateKey key = null;
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519", "RSASSA-PSS"}) {
            try {
                key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        if (key == null) {
            throw new GeneralSecurityException(privateKey + ": a key of an algorithm other than EC, RSA or Ed25519");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("appliance", key, password, chain.toArray(Certificate[]::new));
        return store;
    }
}
