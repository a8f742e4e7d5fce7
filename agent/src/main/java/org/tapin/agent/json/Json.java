package org.tapin.agent.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The plain Jackson mapper the agent shares (a configured mapper is thread-safe), built when a JSON text is
 * first written or read. Building one loads a few hundred classes; {@code tapin agent} starts the lock screen's
 * process first and needs JSON only once that process connects. JSON nodes need no mapper:
 * {@link com.fasterxml.jackson.databind.node.JsonNodeFactory#instance} makes them.
 */
public final class Json {

    private Json() {}

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
