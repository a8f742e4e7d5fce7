package org.tapin.bootstrap.pkg;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** One file of the agent as the signed manifest declares it: where it goes, its exact length and SHA-256. */
public record FileEntry(String path, long size, byte[] sha256) {

    /**
     * Relative paths of plain names only. Anything else ({@code ..}, a leading slash, a backslash, a drive
     * letter, control characters, empty components) could write outside the slot ("zip slip") or mean different
     * files on different tools, so it is refused rather than normalised.
     */
    private static final Pattern PATH =
            Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,127}(/[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,127}){0,15}");

    public FileEntry {
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    static void checkPath(String path) throws Refused {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new Refused("file path \"" + Printable.of(path) + "\" is not a plain relative path");
        }
        for (String part : path.split("/")) {
            if (part.equals(".") || part.equals("..") || part.startsWith("..")) {
                throw new Refused("file path \"" + Printable.of(path) + "\" leaves its folder");
            }
        }
        if (path.equals(PackageLayout.MANIFEST) || path.equals(PackageLayout.SIGNATURE)) {
            throw new Refused("file path \"" + path + "\" is reserved for the manifest");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileEntry f && f.path.equals(path) && f.size == size
                && java.util.Arrays.equals(f.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path + " (" + size + " bytes, sha256 " + sha256Hex() + ")";
    }
}
