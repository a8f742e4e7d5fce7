package org.tapin.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.x11.XClient;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;

/** {@code ./tapin windows} on a live display, as an admin builds an access list with it. */
class TapinWindowsTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox();

    static String tapin(String... args) throws Exception {
        ProcessBuilder builder = X.server().command(concat(RepoRoot.path().resolve("tapin").toString(), args))
                .directory(RepoRoot.path().toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void listsWindowsWithTheValuesToCopyAndTheDecidingEntry(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {"lockScreenAccess": [
                  {"nickname": "VNC prompt", "wmClass": "Vncgui", "appInstance": "vncgui", "executable": "/usr/bin/xterm"}
                ]}""");
        try (XClients clients = new XClients(X.server())) {
            XClient vnc = clients.xterm(XTerm.withBackground(new Color(0x10, 0x60, 0x10)).withClass("vncgui", "Vncgui")
                    .withTitle("Shadowing on"));
            XClient chart = clients.xterm(XTerm.withBackground(new Color(0x60, 0x10, 0x10)).withClass("chart", "Chart")
                    .withTitle("x\";WMClass:\"Vncgui"));
            String table = tapin("windows", "--policy", policy.toString());
            String vncLine = table.lines().filter(l -> l.startsWith(vnc.windowHex() + " ")).findFirst().orElseThrow();
            assertThat(vncLine).contains("/usr/bin/xterm", "\"vncgui\"", "\"Vncgui\"", "\"Shadowing on\"")
                    .endsWith("allowed: VNC prompt");
            String chartLine = table.lines().filter(l -> l.startsWith(chart.windowHex() + " ")).findFirst().orElseThrow();
            assertThat(chartLine).contains("\"x\\\";WMClass:\\\"Vncgui\"").endsWith("denied");

            JsonNode rows = new ObjectMapper().readTree(tapin("windows", "--json", "--policy", policy.toString()));
            JsonNode row = null;
            for (JsonNode r : rows) {
                if (r.get("id").asText().equals(vnc.windowHex())) {
                    row = r;
                }
            }
            assertThat(row).isNotNull();
            assertThat(row.get("pid").asLong()).isEqualTo(vnc.process().orElseThrow().pid());
            assertThat(row.get("verdict").asText()).isEqualTo("allowed");
            assertThat(row.get("entry").asText()).isEqualTo("VNC prompt");
        }
    }

    @Test
    void watchPrintsEachWindowAsItAppears() throws Exception {
        Process watch = X.server().command(RepoRoot.path().resolve("tapin").toString(), "windows", "--watch")
                .redirectErrorStream(true).start();
        try (XClients clients = new XClients(X.server());
                BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
            Thread.sleep(1_500); // the JVM starts and reports what is already there
            XClient term = clients.xterm(XTerm.withBackground(new Color(0x10, 0x10, 0x60)).withClass("igel_display_switcher",
                    "Igel_display_switcher").withTitle("Display"));
            String line;
            do {
                line = out.readLine();
                assertThat(line).as("watch output ended").isNotNull();
            } while (!line.startsWith("mapped " + term.windowHex() + " "));
            assertThat(line).contains("\"igel_display_switcher\"", "\"Igel_display_switcher\"", "\"Display\"");
        } finally {
            watch.destroy();
        }
    }
}
