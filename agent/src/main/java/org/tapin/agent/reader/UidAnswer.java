package org.tapin.agent.reader;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The card's answer to the UID pseudo-APDU {@code FF CA 00 00 00}, judged strictly: only {@code 90 00} with a
 * UID of a length real cards have is a badge. Anything else is a clear reason, never an exception.
 */
public sealed interface UidAnswer {

    /** Real contactless UIDs are 4, 7 or 10 bytes; some readers report other short serials, never more than 16. */
    int MAX_UID_BYTES = 16;

    byte[] GET_UID = {(byte) 0xFF, (byte) 0xCA, 0x00, 0x00, 0x00};

    record Uid(byte[] bytes) implements UidAnswer {
        @Override
        public boolean equals(Object o) {
            return o instanceof Uid other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Uid[" + bytes.length + " bytes]";
        }
    }

    /** {@code 6C xx}: the card wants the command again with Le = xx. */
    record WrongLength(int exactLength) implements UidAnswer {}

    record Unusable(String reason) implements UidAnswer {}

    static UidAnswer parse(byte[] response) {
        if (response == null || response.length < 2) {
            return new Unusable("answer too short (" + (response == null ? 0 : response.length) + " bytes)");
        }
        int sw1 = response[response.length - 2] & 0xFF;
        int sw2 = response[response.length - 1] & 0xFF;
        int dataLength = response.length - 2;
        if (sw1 == 0x90 && sw2 == 0x00) {
            if (dataLength == 0) {
                return new Unusable("card returned no UID");
            }
            if (dataLength > MAX_UID_BYTES) {
                return new Unusable("card returned " + dataLength + " bytes, too long for a UID");
            }
            return new Uid(Arrays.copyOf(response, dataLength));
        }
        if (sw1 == 0x6C) {
            return new WrongLength(sw2 == 0 ? 256 : sw2);
        }
        return new Unusable("card answered status " + HexFormat.of().withUpperCase().formatHex(new byte[] {(byte) sw1, (byte) sw2})
                + (dataLength > 0 ? " with " + dataLength + " data bytes" : ""));
    }

    /** The same command with Le set, for the one retry a {@link WrongLength} asks for. */
    static byte[] getUid(int le) {
        return new byte[] {(byte) 0xFF, (byte) 0xCA, 0x00, 0x00, (byte) le};
    }
}
