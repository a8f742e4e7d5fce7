package org.tapin.agent.policy;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Reads the policy document (the JSON the appliance serves) strictly: an unknown field inside an access-list
 * entry is an error, because a misspelt field would be ignored, leave the entry less constrained and so allow
 * more windows than the admin meant. Unknown top-level fields are only warnings: they cannot widen the list.
 */
public final class PolicyDocumentReader {

    /** A policy is a few kilobytes; anything far larger is a wrong file or an attack, not a policy. */
    static final int MAX_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private PolicyDocumentReader() {}

    public static LoadedPolicy load(Path file) throws PolicyException {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] json = in.readNBytes(MAX_BYTES + 1);
            if (json.length > MAX_BYTES) {
                throw new PolicyException(source + ": too large for a policy (over " + MAX_BYTES + " bytes)");
            }
            return read(source, json);
        } catch (NoSuchFileException e) {
            throw new PolicyException(source + ": cannot read: no such file");
        } catch (IOException e) {
            throw new PolicyException(source + ": cannot read: " + e.getMessage());
        }
    }

    public static LoadedPolicy read(String source, byte[] json) throws PolicyException {
        Document document;
        try {
            document = MAPPER.readValue(json, Document.class);
        } catch (JsonProcessingException e) {
            throw new PolicyException(describe(source, e));
        } catch (IOException e) {
            throw new PolicyException(source + ": cannot read: " + e.getMessage());
        }
        if (document == null) {
            throw new PolicyException(source + ": empty document (expected a JSON object with \"lockScreenAccess\")");
        }
        return validate(source, document);
    }

    private static LoadedPolicy validate(String source, Document document) throws PolicyException {
        List<String> warnings = new ArrayList<>();
        for (String field : document.otherFields) {
            warnings.add(source + ": warning: unknown top-level field \"" + field + "\" ignored");
        }
        if (document.lockScreenAccess == null) {
            warnings.add(source + ": warning: no \"lockScreenAccess\" list: no window may show above the lock");
            return new LoadedPolicy(new LockScreenPolicy(List.of()), warnings);
        }
        List<AccessEntry> entries = new ArrayList<>();
        for (int i = 0; i < document.lockScreenAccess.size(); i++) {
            EntryJson json = document.lockScreenAccess.get(i);
            String where = source + ": lockScreenAccess[" + i + "]";
            if (json == null) {
                throw new PolicyException(where + ": null instead of an entry object");
            }
            AccessEntry entry = new AccessEntry(
                    json.nickname, json.name, json.wmClass, json.appInstance,
                    json.allowAllVariants != null && json.allowAllVariants, json.executable);
            if (!entry.executable().isEmpty() && !entry.executable().startsWith("/")) {
                throw new PolicyException(where + ": \"executable\" must be an absolute path, got \""
                        + entry.executable() + "\"");
            }
            if (entry.constrainsNothing()) {
                warnings.add(where + " (" + entry.label(i + 1) + "): warning: no name, wmClass, appInstance or "
                        + "executable set: this entry allows nothing");
            }
            entries.add(entry);
        }
        return new LoadedPolicy(new LockScreenPolicy(entries), warnings);
    }

    private static String describe(String source, JsonProcessingException e) {
        String at = location(source, e.getLocation());
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = unknown.getPropertyName();
            return at + ": " + path(unknown) + ": unknown field \"" + field + "\" (known: "
                    + names(unknown.getKnownPropertyIds()) + ")" + suggestion(field, unknown.getKnownPropertyIds());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && !(mapping.getCause() instanceof StreamReadException)) {
            return at + ": " + path(mapping) + ": wrong type: " + firstLine(e.getOriginalMessage());
        }
        return at + ": malformed JSON: " + firstLine(e.getOriginalMessage());
    }

    private static String location(String source, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return source;
        }
        return source + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        int last = path.lastIndexOf(".");
        // Jackson's path ends with the unknown field itself; the message names it separately.
        return e instanceof UnrecognizedPropertyException && last > 0 ? path.substring(0, last) : path.toString();
    }

    private static String names(Collection<Object> ids) {
        return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String suggestion(String field, Collection<Object> known) {
        LevenshteinDistance distance = new LevenshteinDistance(3);
        return known.stream()
                .map(String::valueOf)
                .filter(k -> k.equalsIgnoreCase(field) || distance.apply(k, field) >= 0)
                .findFirst()
                .map(k -> "; did you mean \"" + k + "\"?")
                .orElse("");
    }

    /** Jackson's first line, its inner source references ("[Source: REDACTED ...; line: 1, column: 22]") shortened. */
    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return INNER_SOURCE.matcher(line).replaceAll("line $1, column $2");
    }

    private static final java.util.regex.Pattern INNER_SOURCE =
            java.util.regex.Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private static final class Document {
        public List<EntryJson> lockScreenAccess;
        final List<String> otherFields = new ArrayList<>();

        @JsonAnySetter
        void other(String field, Object ignored) {
            otherFields.add(field);
        }
    }

    private static final class EntryJson {
        public String nickname;
        public String name;
        public String wmClass;
        public String appInstance;
        public Boolean allowAllVariants;
        public String executable;
    }
}
