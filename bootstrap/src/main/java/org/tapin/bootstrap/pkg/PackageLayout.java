package org.tapin.bootstrap.pkg;

/**
 * What a package file is: a zip holding the manifest, its detached Ed25519 signature, and exactly the files
 * the manifest lists. An installed slot holds the same three kinds of file, so the slot can be verified again
 * at every start with the same code and the same trusted keys.
 */
public final class PackageLayout {
    public static final String MANIFEST = "tapin-manifest";
    public static final String SIGNATURE = "tapin-manifest.sig";

    /** A manifest lists files in text; a few hundred KiB is thousands of files. More is not a manifest. */
    public static final int MAX_MANIFEST_BYTES = 256 * 1024;
    /** An Ed25519 signature is 64 bytes; its base64 fits in 128 with a newline. */
    public static final int MAX_SIGNATURE_BYTES = 128;
    public static final int MAX_FILES = 4096;
    /** The agent with its libraries is some tens of MiB; a single file above this is not ours. */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;
    public static final long MAX_TOTAL_BYTES = 1024L * 1024 * 1024;

    private PackageLayout() {}
}
