package org.tapin.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * One generated server identity: the PEM chain (leaf, then its issuer unless self-signed), the PEM PKCS#8
 * key, and the same key and chain as PKCS#12 for Java servers, with that file's test-only password.
 */
public record ServerFiles(TlsMaterial.Kind kind, Path certificateChain, Path privateKey, Path pkcs12, String pkcs12Password) {

    /** The PKCS#12 file loaded, as a Java server (Jetty, {@code HttpsServer}) would load it. */
    public KeyStore keyStore() {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, pkcs12Password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + pkcs12 + " with the generated password", e);
        }
    }

    /** A TLS server context presenting this identity. */
    public SSLContext serverSslContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), pkcs12Password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS server context from " + pkcs12, e);
        }
    }

    /** Leaves the password out: test-only or not, passwords do not go into logs or assertion messages. */
    @Override
    public String toString() {
        return "ServerFiles[" + kind + ": " + certificateChain + ", " + privateKey + ", " + pkcs12 + "]";
    }
}
