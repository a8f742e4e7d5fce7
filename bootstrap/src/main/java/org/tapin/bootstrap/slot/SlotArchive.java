package org.tapin.bootstrap.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * The agent's class-data archive (AppCDS) for one slot: {@code a.jsa} beside {@code a/}. It must match the exact
 * class path the agent runs with, so the build's archive beside /usr/lib cannot serve a slot; the loader dumps one
 * at install time from the class list the signed package carries ({@link #CLASS_LIST}). It lives beside the slot,
 * not in it, because the start check refuses any file the manifest does not list, and it goes when the slot is
 * replaced. It is not signed, so it is used only while it is what the loader itself wrote: a regular file, owned
 * by the slot's owner and writable by nobody else, newer than every jar of the slot.
 */
public final class SlotArchive {

    /** Where a package carries the agent's class list: a manifest-listed, hashed file like any other. */
    public static final String CLASS_LIST = "cds/tapin-agent.classlist";

    private static final Set<PosixFilePermission> OTHERS_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private SlotArchive() {}

    public static Path of(Path slotFolder) {
        return slotFolder.resolveSibling(slotFolder.getFileName() + ".jsa");
    }

    static void remove(Path slotFolder) throws IOException {
        Files.deleteIfExists(of(slotFolder));
    }

    /** True when the archive may be named on the agent's command line; false (never an error) otherwise. */
    public static boolean usable(Path slotFolder, List<Path> jars) {
        Path archive = of(slotFolder);
        try {
            PosixFileAttributes a = Files.readAttributes(archive, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes slot = Files.readAttributes(slotFolder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || !a.owner().equals(slot.owner())
                    || a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
                return false;
            }
            FileTime made = a.lastModifiedTime();
            for (Path jar : jars) {
                if (made.compareTo(Files.getLastModifiedTime(jar, LinkOption.NOFOLLOW_LINKS)) <= 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // none, or unreadable: the agent starts without it
        }
    }
}
