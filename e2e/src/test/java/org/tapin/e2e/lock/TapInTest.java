package org.tapin.e2e.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.pcsc.PcscStack;
import org.tapin.testkit.pcsc.VirtualCard;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.cover.Cover;

/**
 * Badges at a real reader (pcscd + the vpcd virtual reader), checked by the reference appliance over TLS, on the
 * agent's real lock screen: tap in, tap out, tap over, an unknown badge enrolled with a password, a TOTP code after
 * the tap, an account locked out after wrong passwords, and a password an admin flagged replaced on the lock screen.
 */
@ExtendWith(TlsMaterialExtension.class)
class TapInTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1280, 800);

    static final Color PATIENT_DATA = new Color(0xC0, 0x20, 0x90);
    static final Rectangle IN_XTERM = new Rectangle(20, 40, 300, 200);
    static final String GREY = "04A1B2C3";
    static final String WHO = "04D4E5F6";
    static final String NEW_BADGE = "04C0FFEE";
    static final String GREY_PASSWORD = "Grey-Taps-1n";

    @AfterEach
    void removeTheCoverTheAgentLeft() {
        LeftoverCover.remove(X.server());
    }

    @Test
    void tapInTapOutTapOverAndEnrollAnUnknownBadge(TlsMaterial tls, @TempDir Path dir) throws Exception {
        try (ApplianceProcess appliance = new ApplianceProcess(Files.createDirectories(dir.resolve("appliance")), tls).start();
                PcscStack pcsc = PcscStack.isolated(); VirtualCard reader = pcsc.card(0);
                XClients clients = new XClients(X.server())) {
            addDoctorsWithBadges(appliance);
            Path typed = dir.resolve("typed-into-the-app.txt");
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("120x40+0+0").running("sh", "-c", "cat > " + typed));
            try (AgentProcess agent = startAgentReadyForTaps(appliance, tls, pcsc, dir)) {

                tap(reader, GREY);
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("-> UNLOCKED(drgrey)"));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(X.server().screenshot()).inRegion(IN_XTERM).everyPixelIs(PATIENT_DATA));
                // Her keystrokes reach her application again, not the lock screen behind the scenes.
                X.server().run("xdotool", "mousemove", "300", "300", "click", "1", "type", "--delay", "20", "after tap in\n");
                await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(typed) && Files.readString(typed).contains("after tap in"));

                tap(reader, GREY); // tap out
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("UNLOCKED(drgrey) -> LOCKED(drgrey)"));
                awaitLockScreen();
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);

                tap(reader, GREY); // back in
                await().atMost(Duration.ofSeconds(10)).until(() -> count(agent.log(), "-> UNLOCKED(drgrey)") == 2);
                tap(reader, WHO); // tap over: the screen locks at once, then Dr Who is in
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("-> UNLOCKED(drwho)"));
                assertThat(agent.log()).containsPattern("UNLOCKED\\(drgrey\\) -> AUTHENTICATING\\(badge\\)");
                // Dr Grey's application was closed before the cover came down: Dr Who never sees her patient.
                assertThat(agent.log()).contains("session of drgrey ended before drwho's: closed 1 application(s): XTerm");
                X.server().screenshot(Path.of("target/screenshots/tapin-tap-over.png"));
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);

                tap(reader, WHO); // out, then an unknown badge: Dr Grey links it with her password
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("UNLOCKED(drwho) -> LOCKED(drwho)"));
                tap(reader, NEW_BADGE);
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("-> ENROLLING"));
                Thread.sleep(500);
                X.server().screenshot(Path.of("target/screenshots/tapin-enroll.png"));
                X.server().run("xdotool", "type", "--delay", "20", "drgrey");
                X.server().run("xdotool", "key", "Tab");
                X.server().run("xdotool", "type", "--delay", "20", GREY_PASSWORD);
                X.server().screenshot(Path.of("target/screenshots/tapin-enroll-typed.png"));
                X.server().run("xdotool", "key", "Return");
                await().atMost(Duration.ofSeconds(15)).until(() -> count(agent.log(), "-> UNLOCKED(drgrey)") == 3);
                assertThat(appliance.adminOk("", "badge", "list", "--full").out()).containsPattern(NEW_BADGE + "\\s+drgrey");

                tap(reader, NEW_BADGE); // the new badge is Dr Grey's now: tap out with it
                await().atMost(Duration.ofSeconds(10)).until(() -> count(agent.log(), "UNLOCKED(drgrey) -> LOCKED(drgrey)") == 2);
                assertThat(agent.log()).doesNotContain(GREY_PASSWORD);
            }
        }
    }

    @Test
    void aBadgeThenATotpCodeUnlocksAndALockedAccountIsToldUntilWhen(TlsMaterial tls, @TempDir Path dir) throws Exception {
        try (ApplianceProcess appliance = new ApplianceProcess(Files.createDirectories(dir.resolve("appliance")), tls).start();
                PcscStack pcsc = PcscStack.isolated(); VirtualCard reader = pcsc.card(0)) {
            addDoctorsWithBadges(appliance);
            AuthenticatorApp phone = AuthenticatorApp.scan(appliance.adminOk("", "totp", "enroll", "drgrey").out());
            appliance.adminOk("", "second-factor", "set", "default", "totp", "--until-enrolled");
            try (AgentProcess agent = startAgentReadyForTaps(appliance, tls, pcsc, dir)) {

                tap(reader, GREY); // her group asks for a code after the badge
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("-> SECOND_FACTOR(drgrey)"));
                Thread.sleep(700);
                X.server().screenshot(Path.of("target/screenshots/tapin-totp.png"));
                String code = phone.code(Instant.now());
                X.server().run("xdotool", "type", "--delay", "20", code);
                X.server().run("xdotool", "key", "Return");
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("SECOND_FACTOR(drgrey)")
                        && agent.log().contains("-> UNLOCKED(drgrey)"));
                assertThat(agent.log()).doesNotContain(code);
                tap(reader, GREY);
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("UNLOCKED(drgrey) -> LOCKED(drgrey)"));

                // Dr Who has no TOTP yet (password alone until enrolled); five wrong passwords lock him out.
                for (int i = 1; i <= 5; i++) {
                    signIn(agent, "drwho", "not-his-" + i, i);
                }
                int lockedBefore = count(agent.log(), "account locked until");
                tap(reader, WHO); // his badge is refused with the reason and the time
                await().atMost(Duration.ofSeconds(10)).until(() -> count(agent.log(), "account locked until") > lockedBefore);
                Thread.sleep(500);
                X.server().screenshot(Path.of("target/screenshots/tapin-locked-out.png"));
                assertThat(agent.log()).doesNotContain("-> UNLOCKED(drwho)").doesNotContain("not-his-");
            }
        }
    }

    @Test
    void aUserWhoMustChangeHerPasswordSeesTheBrokenRuleThenChoosesAGoodOneAndIsIn(TlsMaterial tls, @TempDir Path dir)
            throws Exception {
        try (ApplianceProcess appliance = new ApplianceProcess(Files.createDirectories(dir.resolve("appliance")), tls)
                .configure("password.min-length = 10", "password.min-digits = 1", "password.mixed-case = true",
                        "password.history = 3", "password.max-age-days = 30", "password.expiry-warning-days = 30").start();
                PcscStack pcsc = PcscStack.isolated(); XClients clients = new XClients(X.server())) {
            addDoctorsWithBadges(appliance);
            appliance.adminOk("", "user", "must-change", "drgrey");
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("120x40+0+0"));
            try (AgentProcess agent = startAgentReadyForTaps(appliance, tls, pcsc, dir)) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    X.server().run("xdotool", "key", "F2");
                    return agent.log().contains("(password form requested)");
                });
                Thread.sleep(500);
                X.server().run("xdotool", "type", "--delay", "20", "drgrey");
                X.server().run("xdotool", "key", "Tab");
                X.server().run("xdotool", "type", "--delay", "20", GREY_PASSWORD);
                X.server().run("xdotool", "key", "Return");
                await().atMost(Duration.ofSeconds(15)).until(() -> agent.log().contains("-> PASSWORD_CHANGE(drgrey)"));
                Thread.sleep(700);
                X.server().screenshot(Path.of("target/screenshots/tapin-change-password.png"));
                assertThat(X.server().screenshot()).withTolerance(40).hasNoPixel(REFUSAL_RED);
                assertThat(X.server().screenshot()).as("the change view hides the desktop").hasNoPixel(PATIENT_DATA);

                typeNewPassword("nodigitsHere"); // breaks the digit rule: the appliance says so, the cover stays up
                await().atMost(Duration.ofSeconds(15)).until(() -> count(agent.log(), "-> PASSWORD_CHANGE(drgrey)") == 2);
                Thread.sleep(700);
                X.server().screenshot(Path.of("target/screenshots/tapin-change-password-refused.png"));
                assertThat(X.server().screenshot()).withTolerance(40).hasPixel(REFUSAL_RED);
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);
                assertThat(agent.log()).doesNotContain("-> UNLOCKED(drgrey)");
                assertThat(appliance.adminOk("", "audit", "list", "--type", "auth.change-password").out())
                        .contains("refused: The password must contain at least 1 digit(s).");

                typeNewPassword("Fresh-Start-7");
                await().atMost(Duration.ofSeconds(15)).until(() -> agent.log().contains("-> UNLOCKED(drgrey)"));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(X.server().screenshot()).inRegion(IN_XTERM).everyPixelIs(PATIENT_DATA));
                X.server().screenshot(Path.of("target/screenshots/tapin-change-password-unlocked.png"));
                // The new password lasts 30 days, all of them within the warning: she is told once the lock is down.
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        agent.log().contains("notice for drgrey: Your password expires in 30 days."));

                assertThat(appliance.adminOk("", "user", "list").out()).containsPattern("drgrey\\tDr Grey\\tactive\\t0\\t-");
                assertThat(appliance.adminOk("", "audit", "list", "--type", "auth.change-password").out())
                        .contains("changed by the user").doesNotContain("Fresh-Start-7");
                assertThat(agent.log()).doesNotContain(GREY_PASSWORD).doesNotContain("nodigitsHere").doesNotContain("Fresh-Start-7");
                assertThat(Files.readString(appliance.log()))
                        .doesNotContain("Fresh-Start-7").doesNotContain("nodigitsHere");
            }
        }
    }

    /** The colour the lock screen gives a refusal of the new password (the broken rules). */
    static final Color REFUSAL_RED = new Color(0xff, 0x6b, 0x6b);

    private static void typeNewPassword(String password) throws Exception {
        X.server().run("xdotool", "type", "--delay", "20", password);
        X.server().run("xdotool", "key", "Return");
        X.server().run("xdotool", "type", "--delay", "20", password);
        X.server().run("xdotool", "key", "Return");
    }

    /**
     * The password form (F2) over Dr Grey's kept session, which offers her name with the password field focused:
     * another clinician goes back to the name (Shift+Tab), replaces it, then types a password. Waits for the answer.
     */
    private static void signIn(AgentProcess agent, String username, String password, int attempt) throws Exception {
        int before = count(agent.log(), "(password form requested)");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            X.server().run("xdotool", "key", "F2");
            return count(agent.log(), "(password form requested)") > before;
        });
        Thread.sleep(500);
        X.server().run("xdotool", "key", "shift+Tab", "ctrl+a");
        X.server().run("xdotool", "type", "--delay", "20", username);
        X.server().run("xdotool", "key", "Tab");
        X.server().run("xdotool", "type", "--delay", "20", password);
        X.server().run("xdotool", "key", "Return");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(agent.log(), "password for " + username + ": denied") >= attempt);
    }

    private static void tap(VirtualCard reader, String badge) throws InterruptedException {
        reader.insert(badge);
        Thread.sleep(700); // on the reader a moment, as a hand does; longer than pcscd's 400 ms presence poll
        reader.remove();
        Thread.sleep(700);
    }

    private static int count(String log, String text) {
        return log.split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }

    private static void addDoctorsWithBadges(ApplianceProcess appliance) throws Exception {
        appliance.adminOk(GREY_PASSWORD + "\n", "user", "add", "drgrey", "--display-name", "Dr Grey", "--password-stdin");
        appliance.adminOk("Who-Else-2\n", "user", "add", "drwho", "--display-name", "Dr Who", "--password-stdin");
        appliance.adminOk("", "badge", "link", GREY, "drgrey");
        appliance.adminOk("", "badge", "link", WHO, "drwho");
    }

    /** The real agent on the test display, using the appliance and the virtual reader, its lock screen drawn. */
    private static AgentProcess startAgentReadyForTaps(ApplianceProcess appliance, TlsMaterial tls, PcscStack pcsc, Path dir)
            throws Exception {
        String agentKeys = "appliances = " + appliance.uri() + "\nca-certs-dir = " + tls.caFolder();
        AgentProcess agent = AgentProcess.start(X.server(), RepoRoot.path().resolve("tapin"), dir.resolve("agent"),
                agentKeys, "", pcsc.env());
        try {
            agent.awaitOverlay();
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.log().contains("badge reader available"));
            awaitLockScreenText();
            return agent;
        } catch (RuntimeException | Error e) {
            agent.close(); // not handed out: nobody else would stop it
            throw e;
        }
    }

    /** The overlay's own view is up (white text in the middle), not only the cover in the same colour. */
    private static void awaitLockScreenText() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(X.server().screenshot()).inRegion(new Rectangle(200, 200, 880, 200)).hasPixel(Color.WHITE));
    }

    private static void awaitLockScreen() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(X.server().screenshot()).inRegion(LockScreenPixels.CORNER).everyPixelIs(LockScreenPixels.BACKGROUND));
    }
}
