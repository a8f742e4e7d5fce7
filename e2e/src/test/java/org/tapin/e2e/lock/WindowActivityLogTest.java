package org.tapin.e2e.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tapin.agent.config.TapinConfig;
import org.tapin.agent.daemon.WindowActivityLog;
import org.tapin.agent.logging.AgentLogging;
import org.tapin.agent.policy.AccessEntry;
import org.tapin.agent.policy.AccessListMatcher;
import org.tapin.testkit.x11.XClient;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.window.WindowMonitor;

/** The window-activity lines in OneSignAgent.log, as admins grep them, for real windows. */
class WindowActivityLogTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox();

    @AfterEach
    void restoreConsoleLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void everyNewWindowIsLoggedWithItsVerdictAndGrepFindsIt(@TempDir Path dir) throws Exception {
        Path log = AgentLogging.configure(new TapinConfig.Log("INFO", dir, 1, 10), true);
        AccessListMatcher matcher = AccessListMatcher.of(List.of(new AccessEntry("VNC prompt", null, "Vncgui", null, false, null)));
        try (XClients clients = new XClients(X.server());
                WindowMonitor monitor = new WindowMonitor(X.server().display(), new WindowActivityLog(matcher)).start()) {
            XClient vnc = clients.xterm(XTerm.withBackground(Color.GREEN).withClass("vncgui", "Vncgui").withTitle("Shadowing on"));
            clients.xterm(XTerm.withBackground(Color.RED).withClass("chart", "Chart").withTitle("x\";WMClass:\"Vncgui"));
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains("WMAppInterface:\"chart\""));
            List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains("WMClass")).toList(); // grep WMClass
            assertThat(lines).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - "
                    + "Agent\\.WindowsActivity\\(_log,1277\\) - DEBUG: Create window call end\\. ID:\"" + vnc.window()
                    + "\";WMClass:\"Vncgui\";WMName:\"Shadowing on\";WMAppInterface:\"vncgui\";"));
            assertThat(lines).as("the hostile title is escaped: grep for the allowed class finds only the real one")
                    .filteredOn(l -> l.contains("WMClass:\"Vncgui\"")).hasSize(1);
            assertThat(Files.readString(log)).contains("Window verdict. ID:\"" + vnc.window()
                    + "\";Verdict:\"allowed\";Rule:\"VNC prompt\";");
        }
    }
}
