package org.tapin.bootstrap.pkg;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The manifest's text form, written and read by hand because the loader may use the JDK alone:
 *
 * <pre>
 * tapin-agent-package 1
 * version 1.4.0
 * expires 2027-01-01T00:00:00Z
 * arch amd64 aarch64
 * java 17 21
 * protocol 1
 * main org.tapin.agent.Main
 * file 9f86d08...(64 hex) 12345 lib/tapin-agent.jar
 * </pre>
 *
 * <p>Strict on purpose: the header lines in this order, each once; LF line ends, printable ASCII, a final
 * newline; files sorted by path with no duplicates. There is one way to write a given manifest, so what was
 * signed is what is parsed and no two readers can disagree about it.
 */
public final class ManifestFormat {

    static final String MAGIC = "tapin-agent-package 1";
    private static final Pattern MAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern ARCH = Pattern.compile("[a-z0-9_]{1,32}");
    private static final Pattern SMALL_NUMBER = Pattern.compile("0|[1-9][0-9]{0,3}");
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,11}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    private ManifestFormat() {}

    public static byte[] write(Manifest m) {
        StringBuilder s = new StringBuilder();
        s.append(MAGIC).append('\n');
        s.append("version ").append(m.version()).append('\n');
        s.append("expires ").append(m.expires()).append('\n');
        s.append("arch ").append(String.join(" ", m.requirements().architectures())).append('\n');
        s.append("java ").append(m.requirements().javaMin()).append(' ').append(m.requirements().javaMax())
                .append('\n');
        s.append("protocol ").append(m.requirements().protocol()).append('\n');
        s.append("main ").append(m.mainClass()).append('\n');
        m.files().stream()
                .sorted((a, b) -> a.path().compareTo(b.path()))
                .forEach(f -> s.append("file ").append(f.sha256Hex()).append(' ').append(f.size()).append(' ')
                        .append(f.path()).append('\n'));
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static Manifest parse(byte[] bytes) throws Refused {
        if (bytes.length > PackageLayout.MAX_MANIFEST_BYTES) {
            throw new Refused("manifest is larger than " + PackageLayout.MAX_MANIFEST_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.US_ASCII.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("manifest is not ASCII text");
        }
        if (!text.endsWith("\n")) {
            throw new Refused("manifest does not end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (char c : lines[i].toCharArray()) {
                if (c < 0x20 || c > 0x7e) {
                    throw new Refused("manifest line " + (i + 1) + ": control character");
                }
            }
        }
        if (lines.length < 7 || !lines[0].equals(MAGIC)) {
            throw new Refused("manifest does not start with \"" + MAGIC + "\"");
        }
        Version version = Version.parse(value(lines, 1, "version"));
        Instant expires;
        try {
            expires = Instant.parse(value(lines, 2, "expires"));
        } catch (DateTimeParseException e) {
            throw new Refused("manifest line 3: expires is not an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
        List<String> arch = Arrays.asList(value(lines, 3, "arch").split(" ", -1));
        for (String a : arch) {
            if (!ARCH.matcher(a).matches()) {
                throw new Refused("manifest line 4: architecture \"" + Printable.of(a) + "\" is not a name");
            }
        }
        String[] java = value(lines, 4, "java").split(" ", -1);
        if (java.length != 2 || !SMALL_NUMBER.matcher(java[0]).matches()
                || !SMALL_NUMBER.matcher(java[1]).matches()) {
            throw new Refused("manifest line 5: java must be two feature versions, lowest and highest");
        }
        int javaMin = Integer.parseInt(java[0]);
        int javaMax = Integer.parseInt(java[1]);
        if (javaMin > javaMax) {
            throw new Refused("manifest line 5: java range " + javaMin + " to " + javaMax + " is empty");
        }
        String protocolText = value(lines, 5, "protocol");
        if (!SMALL_NUMBER.matcher(protocolText).matches()) {
            throw new Refused("manifest line 6: protocol is not a number");
        }
        String main = value(lines, 6, "main");
        if (main.length() > 256 || !MAIN.matcher(main).matches()) {
            throw new Refused("manifest line 7: main \"" + Printable.of(main) + "\" is not a class name");
        }
        List<FileEntry> files = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        long total = 0;
        for (int i = 7; i < lines.length; i++) {
            FileEntry f = fileLine(lines[i], i + 1);
            if (!paths.add(f.path())) {
                throw new Refused("manifest line " + (i + 1) + ": " + f.path() + " is listed twice");
            }
            // A file that is also a folder of another entry ("lib" and "lib/x.jar") cannot be unpacked.
            if (paths.stream().anyMatch(p -> p.startsWith(f.path() + "/") || f.path().startsWith(p + "/"))) {
                throw new Refused("manifest line " + (i + 1) + ": " + f.path() + " is both a file and a folder");
            }
            if (!files.isEmpty() && files.get(files.size() - 1).path().compareTo(f.path()) > 0) {
                throw new Refused("manifest line " + (i + 1) + ": files are not sorted by path");
            }
            if (files.size() == PackageLayout.MAX_FILES) {
                throw new Refused("manifest lists more than " + PackageLayout.MAX_FILES + " files");
            }
            total += f.size();
            if (total > PackageLayout.MAX_TOTAL_BYTES) {
                throw new Refused("manifest declares more than " + PackageLayout.MAX_TOTAL_BYTES + " bytes in all");
            }
            files.add(f);
        }
        if (files.isEmpty()) {
            throw new Refused("manifest lists no files");
        }
        return new Manifest(version, expires,
                new Requirements(arch, javaMin, javaMax, Integer.parseInt(protocolText)), main, files);
    }

    private static String value(String[] lines, int index, String key) throws Refused {
        String line = lines[index];
        if (!line.startsWith(key + " ")) {
            throw new Refused("manifest line " + (index + 1) + ": expected \"" + key + " ...\"");
        }
        return line.substring(key.length() + 1);
    }

    private static FileEntry fileLine(String line, int number) throws Refused {
        String[] parts = line.split(" ", -1);
        if (parts.length != 4 || !parts[0].equals("file")) {
            throw new Refused("manifest line " + number + ": expected \"file SHA256 SIZE PATH\"");
        }
        if (!SHA.matcher(parts[1]).matches()) {
            throw new Refused("manifest line " + number + ": SHA-256 is not 64 lower-case hex digits");
        }
        if (!SIZE.matcher(parts[2]).matches()) {
            throw new Refused("manifest line " + number + ": size is not a number");
        }
        long size = Long.parseLong(parts[2]);
        FileEntry.checkPath(parts[3]);
        if (size > PackageLayout.MAX_FILE_BYTES) {
            throw new Refused("manifest line " + number + ": " + parts[3] + " is larger than "
                    + PackageLayout.MAX_FILE_BYTES + " bytes");
        }
        return new FileEntry(parts[3], size, HexFormat.of().parseHex(parts[1]));
    }
}
