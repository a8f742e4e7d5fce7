package org.tapin.appliance.factor;

import io.nayuki.qrcodegen.QrCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.binary.Base32;

/**
 * What a user scans into an authenticator app: the {@code otpauth://totp/} URI (Key Uri Format: issuer and
 * account in the label and again as {@code issuer=}, the secret in unpadded Base32, defaults for algorithm,
 * digits and period, which every app reads the same way) and that URI as a QR code drawn with Unicode half
 * blocks, two modules per character cell, for the admin's terminal.
 */
public final class TotpEnrollment {

    private TotpEnrollment() {}

    public static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    public static String uri(String issuer, String username, byte[] secret) {
        String label = encode(issuer) + ":" + encode(username);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The QR code as text. {@code lightOnDark}: light modules are drawn (the usual terminal, light text on a dark
     * background), so the code shows dark on light as scanners expect; false for light terminals.
     */
    public static String qr(String text, boolean lightOnDark) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int border = 4; // the quiet zone the QR standard asks for
        StringBuilder out = new StringBuilder();
        for (int y = -border; y < qr.size + border; y += 2) {
            for (int x = -border; x < qr.size + border; x++) {
                boolean top = light(qr, x, y) == lightOnDark;
                boolean bottom = light(qr, x, y + 1) == lightOnDark;
                out.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean light(QrCode qr, int x, int y) {
        return !qr.getModule(x, y); // outside the symbol getModule answers false: the quiet zone is light
    }
}
