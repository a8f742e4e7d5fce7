package org.tapin.x11.activity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tapin.x11.window.TopLevelWindow;

class ActivityLineTest {

    static TopLevelWindow window(long id, String instance, String cls, String name) {
        return new TopLevelWindow(id, id, instance, cls, name, 0, 0, "", false, 0, 0, 10, 10);
    }

    @Test
    void matchesTheLineAdminsKnowByteForByte() {
        assertThat(ActivityLine.created(window(58720259, "vncgui", "Vncgui", "Shadowing on"))).isEqualTo(
                "Create window call end. ID:\"58720259\";WMClass:\"Vncgui\";WMName:\"Shadowing on\";WMAppInterface:\"vncgui\";");
    }

    @Test
    void aHostileTitleCannotForgeAFieldOrALine() {
        String line = ActivityLine.created(window(7, "xterm", "XTerm", "x\";WMClass:\"Allowed\nforged - DEBUG: line"));
        assertThat(line).doesNotContain("\n");
        assertThat(line).isEqualTo("Create window call end. ID:\"7\";WMClass:\"XTerm\";"
                + "WMName:\"x\\\";WMClass:\\\"Allowed\\nforged - DEBUG: line\";WMAppInterface:\"xterm\";");
        // grep 'WMClass:"Allowed' finds nothing: the only unescaped WMClass field is the real one.
        assertThat(line).doesNotContain("WMClass:\"Allowed");
    }

    @Test
    void ordinaryTitlesIncludingNonLatinStayIdenticalAndControlsAreVisible() {
        assertThat(ActivityLine.escape("Station 4 – Übersicht ✓")).isEqualTo("Station 4 – Übersicht ✓");
        assertThat(ActivityLine.escape("a\\b\tc\u0007\u2028")).isEqualTo("a\\\\b\\tc\\x07\\x2028");
    }
}
