package org.tapin.bootstrap.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchProviderException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys as PEM files ({@code PUBLIC KEY} is X.509 SubjectPublicKeyInfo, {@code PRIVATE KEY} is PKCS#8),
 * the forms {@code openssl pkey} reads and writes, so a site can make and inspect keys with tools it trusts.
 */
public final class KeyFiles {
    public static final String ALGORITHM = "Ed25519";
    /** The JDK's own provider of Ed25519; see {@link #keyFactory()}. */
    private static final String PROVIDER = "SunEC";
    private static final int MAX_KEY_FILE_BYTES = 4096;

    private KeyFiles() {}

    /** Writes a new key pair; the private key file is created 0600 and never overwrites an existing file. */
    public static void generate(Path privateFile, Path publicFile) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing more can be done about who reads the file.
        }
        Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    public static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
    }

    public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        return keyFactory().generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
    }

    /*
     * Asked for by provider name: a lookup by algorithm alone loads and initialises every installed provider
     * in turn until one has Ed25519, which at the loader's start took about as long as reading the keys and
     * verifying the manifest together (652 ms against 347 ms by name, on a loaded machine). A JDK without SunEC
     * still gets Ed25519 from whichever provider has it.
     */
    static KeyFactory keyFactory() throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance(ALGORITHM, PROVIDER);
        } catch (NoSuchProviderException e) {
            return KeyFactory.getInstance(ALGORITHM);
        }
    }

    /** An Ed25519 signature engine, from SunEC by name for the reason given at {@link #keyFactory()}. */
    static Signature signature() throws GeneralSecurityException {
        try {
            return Signature.getInstance(ALGORITHM, PROVIDER);
        } catch (NoSuchProviderException e) {
            return Signature.getInstance(ALGORITHM);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(Path file, String type) throws IOException, GeneralSecurityException {
        if (Files.size(file) > MAX_KEY_FILE_BYTES || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new GeneralSecurityException(file + " is not a key file");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        if (!text.startsWith(begin) || !text.endsWith(end)) {
            throw new GeneralSecurityException(file + " is not a PEM " + type);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(begin.length(), text.length() - end.length()));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(file + " is not a PEM " + type, e);
        }
    }
}
