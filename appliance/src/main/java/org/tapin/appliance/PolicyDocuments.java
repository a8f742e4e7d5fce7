package org.tapin.appliance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The checks the appliance makes on a group's policy document before storing it (the agent checks the
 * access-list entries strictly itself): a JSON object; {@code lockScreenAccess}, when present, an array of
 * objects; {@code walkAway}, when present, an object of non-negative whole seconds; {@code allowExit} a
 * boolean; {@code readerIdFormat} and {@code agentVersion} strings.
 */
public final class PolicyDocuments {

    public static final String EMPTY = "{\"lockScreenAccess\":[]}";
    static final int MAX_CHARS = 512 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PolicyDocuments() {}

    /** The document, compacted, or an exception whose message says what is wrong. */
    public static String check(String document) throws IllegalArgumentException {
        if (document.length() > MAX_CHARS) {
            throw new IllegalArgumentException("a policy document is at most " + MAX_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a policy document is a JSON object");
        }
        JsonNode access = root.get("lockScreenAccess");
        if (access != null) {
            if (!access.isArray()) {
                throw new IllegalArgumentException("lockScreenAccess must be an array");
            }
            for (JsonNode entry : access) {
                if (!entry.isObject()) {
                    throw new IllegalArgumentException("each lockScreenAccess entry must be an object");
                }
            }
        }
        JsonNode walkAway = root.get("walkAway");
        if (walkAway != null) {
            if (!walkAway.isObject()) {
                throw new IllegalArgumentException("walkAway must be an object");
            }
            for (String field : new String[] {"hideSeconds", "fadeSeconds", "lockSeconds"}) {
                JsonNode n = walkAway.get(field);
                if (n != null && !(n.isIntegralNumber() && n.asLong() >= 0)) {
                    throw new IllegalArgumentException("walkAway." + field + " must be a whole number of seconds, 0 or more");
                }
            }
        }
        JsonNode allowExit = root.get("allowExit");
        if (allowExit != null && !allowExit.isBoolean()) {
            throw new IllegalArgumentException("allowExit must be true or false");
        }
        for (String field : new String[] {"readerIdFormat", "agentVersion"}) {
            JsonNode n = root.get(field);
            if (n != null && !n.isTextual()) {
                throw new IllegalArgumentException(field + " must be a string");
            }
        }
        return root.toString();
    }

    /** The document with {@code agentVersion} set to {@code version}, or removed when it is null. */
    public static String withAgentVersion(String document, String version) {
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) readTree(check(document));
        if (version == null) {
            root.remove("agentVersion");
        } else {
            root.put("agentVersion", version);
        }
        return check(root.toString());
    }

    private static JsonNode readTree(String checked) {
        try {
            return JSON.readTree(checked);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    /** Group names appear in ETags and command lines: letters, digits, dot, dash, underscore. */
    public static boolean validGroup(String group) {
        return group != null && group.matches("[A-Za-z0-9._-]{1,64}");
    }
}
