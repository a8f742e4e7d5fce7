package org.tapin.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

    @Test
    void acceptsAFullDocumentAndCompactsIt() {
        String doc = """
                {"lockScreenAccess": [{"nickname": "Conky", "wmClass": "Conky", "allowAllVariants": true}],
                 "walkAway": {"hideSeconds": 0, "fadeSeconds": 30, "lockSeconds": 60},
                 "allowExit": false, "readerIdFormat": "hex", "agentVersion": ""}""";
        assertThat(PolicyDocuments.check(doc)).startsWith("{\"lockScreenAccess\":[{\"nickname\":\"Conky\"");
    }

    @Test
    void refusesWhatTheAgentCouldNotUse() {
        for (String bad : new String[] {"", "[]", "{", "{\"lockScreenAccess\": {}}", "{\"lockScreenAccess\": [1]}",
            "{\"walkAway\": {\"lockSeconds\": -1}}", "{\"walkAway\": {\"lockSeconds\": \"60\"}}", "{\"allowExit\": \"yes\"}",
            "{\"a\": 1, \"a\": 2}", "{} {}"}) {
            assertThatThrownBy(() -> PolicyDocuments.check(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void groupNames() {
        assertThat(PolicyDocuments.validGroup("ward-3.north_1")).isTrue();
        assertThat(PolicyDocuments.validGroup("a b")).isFalse();
        assertThat(PolicyDocuments.validGroup("\"x\"")).isFalse();
        assertThat(PolicyDocuments.validGroup("")).isFalse();
    }
}
