package org.tapin.bootstrap.pkg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/** The detached signature file: the 64-byte Ed25519 signature of the manifest's exact bytes, base64, a newline. */
final class Signatures {
    private Signatures() {}

    static byte[] sign(byte[] manifest, PrivateKey key) throws GeneralSecurityException {
        Signature s = KeyFiles.signature();
        s.initSign(key);
        s.update(manifest);
        return (Base64.getEncoder().encodeToString(s.sign()) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] decode(byte[] file) throws Refused {
        String text = new String(file, StandardCharsets.US_ASCII).strip();
        try {
            byte[] sig = Base64.getDecoder().decode(text);
            if (sig.length != 64) {
                throw new Refused("manifest signature is not an Ed25519 signature");
            }
            return sig;
        } catch (IllegalArgumentException e) {
            throw new Refused("manifest signature is not base64");
        }
    }
}
