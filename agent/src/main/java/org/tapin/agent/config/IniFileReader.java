package org.tapin.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * Reads an INI file into an {@link IniDocument}. Apache Commons Configuration parses the values (quoting,
 * comments, separators); it keeps no line numbers, so a small scan of the same text attributes each key to
 * its line — config errors must name the file and line, and no INI library on Central offers that.
 */
public final class IniFileReader {

    /** A configuration file is a few kilobytes; refuse to load something that is clearly not one. */
    static final int MAX_BYTES = 1 << 20;

    private static final Pattern HEADER = Pattern.compile("^\\s*\\[([^\\]]*)\\]\\s*(.*)$");

    private IniFileReader() {}

    /** The file as a document, or the one problem that makes it unreadable. */
    public sealed interface Result permits Read, Unreadable {}

    public record Read(IniDocument document) implements Result {}

    public record Unreadable(ConfigProblem problem) implements Result {}

    public static Result read(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return unreadable(name, "is a directory, not a configuration file");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            return unreadable(name, "cannot read: no such file");
        } catch (AccessDeniedException e) {
            return unreadable(name, "cannot read: permission denied");
        } catch (IOException e) {
            return unreadable(name, "cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            return unreadable(name, "larger than " + MAX_BYTES + " bytes: not a configuration file");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return unreadable(name, "not UTF-8 text");
        }
        return parse(name, text);
    }

    public static Result parse(String name, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // editors on Windows write a BOM; it is not part of the first line
        }
        String[] lines = text.split("\\R", -1);
        Map<String, Integer> sections = new LinkedHashMap<>();
        List<Integer> strayHeaders = new ArrayList<>();
        Map<String, Deque<Integer>> keyLines = new HashMap<>();
        StringBuilder cleaned = new StringBuilder(text.length());

        String section = null;
        boolean continuation = false;
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i];
            String trimmed = line.trim();
            if (continuation) {
                continuation = trimmed.endsWith("\\");
                cleaned.append(line).append('\n');
                continue;
            }
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                String rest = header.group(2);
                if (!rest.isEmpty() && !isComment(rest)) {
                    // "[windows.monitor] log-activity = True" on one line (as web pages flatten it): neither
                    // a header nor a key. Reported, and kept away from the parser so it cannot become a key.
                    strayHeaders.add(lineNumber);
                    cleaned.append('\n');
                    continue;
                }
                section = header.group(1).trim();
                sections.putIfAbsent(section, lineNumber);
                cleaned.append('[').append(section).append("]\n");
                continue;
            }
            cleaned.append(line).append('\n');
            if (trimmed.isEmpty() || isComment(trimmed)) {
                continue;
            }
            keyLines.computeIfAbsent(lineKey(section, keyOf(trimmed)), k -> new ArrayDeque<>()).add(lineNumber);
            continuation = trimmed.endsWith("\\");
        }

        INIConfiguration ini = new INIConfiguration();
        try {
            ini.read(new StringReader(cleaned.toString()));
        } catch (ConfigurationException | IOException e) {
            return unreadable(name, "cannot parse: " + e.getMessage());
        }
        List<IniEntry> entries = new ArrayList<>();
        for (ImmutableNode node : ini.getNodeModel().getNodeHandler().getRootNode().getChildren()) {
            if (node.getChildren().isEmpty()) {
                if (!sections.containsKey(node.getNodeName())) {
                    entries.add(entry(null, node, keyLines));
                }
                continue;
            }
            for (ImmutableNode key : node.getChildren()) {
                entries.add(entry(node.getNodeName(), key, keyLines));
            }
        }
        entries.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new Read(new IniDocument(name, entries, sections, strayHeaders));
    }

    private static IniEntry entry(String section, ImmutableNode node, Map<String, Deque<Integer>> keyLines) {
        Deque<Integer> lines = keyLines.get(lineKey(section, node.getNodeName()));
        int line = lines == null || lines.isEmpty() ? 0 : lines.poll();
        Object value = node.getValue();
        return new IniEntry(section, node.getNodeName(), value == null ? "" : value.toString(), line);
    }

    private static String keyOf(String trimmedLine) {
        int end = trimmedLine.length();
        for (int i = 0; i < trimmedLine.length(); i++) {
            char c = trimmedLine.charAt(i);
            if (c == '=' || c == ':') {
                end = i;
                break;
            }
        }
        return trimmedLine.substring(0, end).trim();
    }

    private static String lineKey(String section, String key) {
        return (section == null ? "" : section) + "\0" + key.toLowerCase(Locale.ROOT);
    }

    private static boolean isComment(String text) {
        return text.startsWith("#") || text.startsWith(";");
    }

    private static Unreadable unreadable(String name, String message) {
        return new Unreadable(new ConfigProblem(name, 0, Severity.ERROR, message));
    }
}
