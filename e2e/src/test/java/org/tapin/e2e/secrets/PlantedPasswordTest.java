package org.tapin.e2e.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.e2e.lock.AgentProcess;
import org.tapin.e2e.lock.AuthenticatorApp;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.ldap.SlapdExtension;
import org.tapin.testkit.pcsc.PcscStack;
import org.tapin.testkit.pcsc.VirtualCard;
import org.tapin.testkit.radius.FreeRadiusExtension;
import org.tapin.testkit.secrets.LeakSearch;
import org.tapin.testkit.secrets.ProcessArgumentWatch;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.e2e.lock.LeftoverCover;

/**
 * Secrets never leak (DESIGN.md, rule 3), checked the way an attacker or a support engineer would look: every
 * path that sees a password or a code is given one of its own, through the real lock screen, reader, appliance,
 * slapd and FreeRADIUS; then the agent's and the appliance's logs and files, the support bundle
 * ({@code fetch_support_info}), the appliance's audit trail and store, and the argument lists and environments
 * of every process while the stack ran are searched for each of them. A finding names the path that leaked.
 */
@ExtendWith(TlsMaterialExtension.class)
class PlantedPasswordTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1280, 800);

    // Each path has a secret of its own, so that a finding says which path leaked it.
    static final String LOCK_SCREEN_WRONG = "Wrong-At-The-Lock-5kQz";
    static final String LOCK_SCREEN = "Lock-View-Pw-8mRt";
    static final String ENROLLMENT = "Enrol-Badge-Pw-3vWx";
    static final String LDAP_WRONG = "Ldap-Wrong-Pw-6hJn";
    static final String LDAP_RIGHT = "Ldap-Right-Pw-2cFd";
    static final String LDAP_SERVICE = "Ldap-Svc-Bind-9pLs";
    static final String LDAP_DOWN = "Ldap-Server-Gone-Pw-3sVu";
    static final String APPLIANCE_DOWN = "Appliance-Gone-Pw-6bNc";
    static final String RADIUS_WRONG = "Radius-Wrong-Pw-4tGb";
    static final String RADIUS_RIGHT = "Radius-Right-Pw-7yNe";
    static final String RADIUS_NO_ANSWER = "Radius-Unanswered-Pw-2qTm";
    static final String RADIUS_WRONG_SECRET = "Radius-Wrong-Shared-9kPa";
    static final String ADMIN_SET_RADIUS_USER = "Admin-Stdin-Pw-1rDq";
    static final String ADMIN_SET_CODE_USER = "Admin-Stdin-Pw-5wKe";
    static final String ADMIN_SET_TOTP_USER = "Admin-Stdin-Pw-8zAu";

    static final String GREY = "04A1B2C3";
    static final String CODES = "04B0C0DE";
    static final String RADIUS_BADGE = "04AD1115";
    static final String NEW_BADGE = "04C0FFEE";

    @RegisterExtension
    static final SlapdExtension LDAP = SlapdExtension.withLdif("""
            dn: cn=tapin-svc,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            cn: tapin-svc
            sn: service
            userPassword: %s

            dn: uid=drldap,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            uid: drldap
            cn: Dr Directory
            sn: Directory
            userPassword: %s
            """.formatted(LDAP_SERVICE, LDAP_RIGHT));

    @RegisterExtension
    static final FreeRadiusExtension RADIUS = new FreeRadiusExtension(Map.of("drradius", RADIUS_RIGHT));

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void removeTheCoverTheAgentLeft() {
        LeftoverCover.remove(X.server());
    }

    @Test
    void noPlantedSecretIsInALogAnArgumentListTheSupportBundleOrTheApplianceStore(TlsMaterial tls, @TempDir Path dir)
            throws Exception {
        long started = System.nanoTime();
        LeakSearch search = new LeakSearch()
                .plant("lock screen password view (wrong password)", LOCK_SCREEN_WRONG)
                .plant("lock screen password view", LOCK_SCREEN)
                .plant("badge enrollment", ENROLLMENT)
                .plant("LDAP bind failure (wrong password)", LDAP_WRONG)
                .plant("LDAP sign-in (right password)", LDAP_RIGHT)
                .plant("LDAP service-bind password file", LDAP_SERVICE)
                .plant("LDAP server down (appliance's error path)", LDAP_DOWN)
                .plant("appliance down (agent's error path)", APPLIANCE_DOWN)
                .plant("RADIUS (wrong password)", RADIUS_WRONG)
                .plant("RADIUS (right password)", RADIUS_RIGHT)
                .plant("RADIUS unanswered (appliance's error path)", RADIUS_NO_ANSWER)
                .plant("RADIUS wrong shared secret file", RADIUS_WRONG_SECRET)
                .plant("RADIUS shared secret", Files.readAllLines(RADIUS.server().secretFile()).get(0).strip())
                .plant("admin user add --password-stdin (RADIUS user)", ADMIN_SET_RADIUS_USER)
                .plant("admin user add --password-stdin (code user)", ADMIN_SET_CODE_USER)
                .plant("admin user add --password-stdin (TOTP user)", ADMIN_SET_TOTP_USER);
        Path applianceDir = Files.createDirectories(dir.resolve("appliance"));
        Path agentDir = dir.resolve("agent");
        Path bundle = dir.resolve("support").resolve("imprivata_logs.zip");

        try (ProcessArgumentWatch processes = ProcessArgumentWatch.start(search, 50);
                ApplianceProcess appliance = new ApplianceProcess(applianceDir, tls);
                PcscStack pcsc = PcscStack.isolated(); VirtualCard reader = pcsc.card(0)) {
            Path bindPassword = applianceDir.resolve("ldap-bind-password");
            Files.writeString(bindPassword, LDAP_SERVICE + "\n");
            Files.setPosixFilePermissions(bindPassword, PosixFilePermissions.fromString("rw-------"));
            appliance.configure(radiusSettings(RADIUS.server().secretFile())).start();
            AuthenticatorApp phone = addClinicians(appliance, search);

            try (AgentProcess agent = startAgent(appliance, tls, pcsc, agentDir)) {
                Path credentialFile = agentDir.resolve("data").resolve("appliance-credential");
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(credentialFile));
                search.plant("endpoint credential from the appliance",
                        JSON.readTree(credentialFile.toFile()).get("credential").asText());
                Session session = new Session(agent, reader);

                // The password view of the lock screen: a wrong password first, then his.
                session.signIn("drlock", LOCK_SCREEN_WRONG, false, "planted-lock-view-typed");
                session.awaitLogCount("password for drlock: denied", 1);
                session.signIn("drlock", LOCK_SCREEN, false, null);
                session.awaitLog("-> UNLOCKED(drlock)");

                // Dr Grey taps over; her group asks for her TOTP code.
                session.tap(GREY);
                session.awaitLog("-> SECOND_FACTOR(drgrey)");
                String totp = phone.code(Instant.now());
                search.plant("TOTP code", totp);
                session.code(totp);
                session.awaitLog("-> UNLOCKED(drgrey)");
                session.tap(GREY);
                session.awaitLog("UNLOCKED(drgrey) -> LOCKED(drgrey)");

                // An unknown badge, linked by Dr Who with his directory password.
                session.tap(NEW_BADGE);
                session.awaitLog("-> ENROLLING");
                Thread.sleep(500);
                session.type("drwho");
                X.server().run("xdotool", "key", "Tab");
                session.type(ENROLLMENT);
                X.server().run("xdotool", "key", "Return");
                session.awaitLog("-> UNLOCKED(drwho)");
                session.tap(NEW_BADGE);
                session.awaitLog("UNLOCKED(drwho) -> LOCKED(drwho)");

                // A temporary code from the help desk stands in for the TOTP code.
                String temporaryCode = temporaryCode(appliance, search);
                session.tap(CODES);
                session.awaitLog("-> SECOND_FACTOR(drcode)");
                session.code(temporaryCode);
                session.awaitLog("-> UNLOCKED(drcode)");
                session.tap(CODES);
                session.awaitLog("UNLOCKED(drcode) -> LOCKED(drcode)");

                // RADIUS as the second factor after a tap: a wrong password, then the right one.
                session.tap(RADIUS_BADGE);
                session.awaitLog("-> SECOND_FACTOR(drradius)");
                session.code(RADIUS_WRONG);
                session.awaitLog("second factor for drradius: denied");
                session.tap(RADIUS_BADGE);
                session.awaitLogCount("-> SECOND_FACTOR(drradius)", 2);
                session.code(RADIUS_RIGHT);
                session.awaitLog("-> UNLOCKED(drradius)");
                session.tap(RADIUS_BADGE);
                session.awaitLog("UNLOCKED(drradius) -> LOCKED(drradius)");

                // A password typed while the appliance is away: the agent's error path, with the connection's exception.
                appliance.close();
                session.signIn("drldap", APPLIANCE_DOWN, true, null);
                session.awaitLog(": Unreachable)");

                // The directory is LDAP now; everyone's group needs RADIUS after it, whose shared secret is wrong now.
                Path wrongSecret = applianceDir.resolve("radius-secret-wrong");
                Files.writeString(wrongSecret, RADIUS_WRONG_SECRET + "\n");
                Files.setPosixFilePermissions(wrongSecret, PosixFilePermissions.fromString("rw-------"));
                appliance.adminOk("", "second-factor", "set", "default", "radius");
                appliance.configure(concat(radiusSettings(wrongSecret), ldapSettings())).start();

                // A bind with a wrong password fails.
                session.signIn("drldap", LDAP_WRONG, true, null);
                session.awaitLogCount("password for drldap: denied", 1);
                // A password while the directory server is gone: the appliance's error path, with the LDAP exception.
                LDAP.slapd().kill();
                session.signIn("drldap", LDAP_DOWN, true, null);
                session.awaitLogCount("password for drldap: denied", 2);
                LDAP.slapd().restart();
                Thread.sleep(2_000); // the appliance's health check (every second here) puts the server back in use
                // The right password passes the directory; the RADIUS server drops the code (wrong shared secret):
                // the appliance's RADIUS error path, after its timeout.
                session.signIn("drldap", LDAP_RIGHT, true, null);
                session.awaitLog("-> SECOND_FACTOR(drldap)");
                session.code(RADIUS_NO_ANSWER);
                session.awaitLog("second factor for drldap: denied");

                String manifest = fetchSupportInfo(agentDir, bundle, pcsc.env());
                System.out.println("fetch_support_info MANIFEST.txt:\n" + manifest);
                // The cached policy is what support asks for first; it must be in the bundle that is searched.
                assertThat(manifest).containsPattern("policy/cached-policy.json\t\\S+\tcollected\n");
                processes.round();
            }
            processes.round();
            assertThat(processes.rounds()).as("rounds of the process watch").isGreaterThan(10);

            search.searchFolder(agentDir, file -> file.endsWith("appliance-credential"));
            search.search(agentDir.resolve("data/appliance-credential").toString(),
                    Files.readAllBytes(agentDir.resolve("data/appliance-credential")),
                    secret -> !secret.path().equals("endpoint credential from the appliance"));
            List<String> entries = search.searchZip(bundle);
            assertThat(entries).contains("MANIFEST.txt", "config/Imprivata.conf", "logs/OneSignAgent.log");
            search.search("appliance admin audit list", appliance.adminOk("", "audit", "list", "--limit", "10000").out());
            search.searchFolder(applianceDir, file -> file.equals(bindPassword) || file.endsWith("radius-secret-wrong"));
        }

        System.out.printf("planted %d secrets; searched %s and every process's cmdline and environ; %.0f s%n",
                search.secrets().size(), search.searched(), (System.nanoTime() - started) / 1e9);
        assertThat(search.leaks()).as("planted secrets found where they must never be:%n%s",
                search.leaks().stream().map(Object::toString).collect(Collectors.joining("\n"))).isEmpty();
    }

    private static String[] radiusSettings(Path secretFile) {
        return new String[] {
                "radius.role = second-factor",
                "radius.server = 127.0.0.1:" + RADIUS.server().port(),
                "radius.secret-file = " + secretFile,
                "radius.timeout-seconds = 2",
                "radius.retries = 0"};
    }

    private static String[] ldapSettings() {
        return new String[] {
                "directory = ldap",
                "ldap.type = openldap",
                "ldap.servers = " + LDAP.slapd().ldapUrl(),
                "ldap.ca-certs-dir = " + LDAP.tls().caFolder(),
                "ldap.bind-dn = cn=tapin-svc,ou=people," + SlapdExtension.SUFFIX,
                "ldap.bind-password-file = ldap-bind-password",
                "ldap.user-base-dn = ou=people," + SlapdExtension.SUFFIX,
                "ldap.password-policy-dn = cn=default,ou=policies," + SlapdExtension.SUFFIX,
                "ldap.connect-timeout-seconds = 2",
                "ldap.search-timeout-seconds = 2",
                "ldap.health-check-seconds = 1"};
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * Dr Lock: a password alone. Dr Grey: a badge and TOTP. Dr Who: no badge yet, he enrolls one. Dr Code: temporary codes.
     * Dr Radius: RADIUS after the tap. Passwords go to the admin command on its standard input, as an admin types.
     */
    private static AuthenticatorApp addClinicians(ApplianceProcess appliance, LeakSearch search) throws Exception {
        appliance.adminOk(LOCK_SCREEN + "\n", "user", "add", "drlock", "--display-name", "Dr Lock", "--password-stdin");

        appliance.adminOk(ADMIN_SET_TOTP_USER + "\n", "user", "add", "drgrey", "--display-name", "Dr Grey", "--password-stdin");
        appliance.adminOk("", "badge", "link", GREY, "drgrey");
        AuthenticatorApp phone = AuthenticatorApp.scan(appliance.adminOk("", "totp", "enroll", "drgrey").out());
        search.plant("TOTP secret (admin totp enroll)", phone.base32Secret());
        appliance.adminOk("", "second-factor", "set", "ward", "totp");
        appliance.adminOk("", "second-factor", "user-group", "drgrey", "ward");

        appliance.adminOk(ENROLLMENT + "\n", "user", "add", "drwho", "--display-name", "Dr Who", "--password-stdin");

        appliance.adminOk(ADMIN_SET_CODE_USER + "\n", "user", "add", "drcode", "--display-name", "Dr Code", "--password-stdin");
        appliance.adminOk("", "badge", "link", CODES, "drcode");
        appliance.adminOk("", "second-factor", "set", "contractors", "totp", "--temporary-codes");
        appliance.adminOk("", "second-factor", "user-group", "drcode", "contractors");

        appliance.adminOk(ADMIN_SET_RADIUS_USER + "\n", "user", "add", "drradius", "--display-name", "Dr Radius", "--password-stdin");
        appliance.adminOk("", "badge", "link", RADIUS_BADGE, "drradius");
        appliance.adminOk("", "second-factor", "set", "tokens", "radius");
        appliance.adminOk("", "second-factor", "user-group", "drradius", "tokens");
        return phone;
    }

    /** Issued by the help desk before Dr Code comes to the door: printed once, on the line after the heading. */
    private static String temporaryCode(ApplianceProcess appliance, LeakSearch search) throws Exception {
        String[] lines = appliance.adminOk("", "code", "issue", "drcode", "--valid", "PT1H").out().strip().split("\n");
        String code = lines[lines.length - 1].strip();
        assertThat(code).matches("\\d{10}");
        search.plant("temporary code", code);
        return code;
    }

    private static AgentProcess startAgent(ApplianceProcess appliance, TlsMaterial tls, PcscStack pcsc, Path dir)
            throws Exception {
        String agentKeys = "appliances = " + appliance.uri() + "\nca-certs-dir = " + tls.caFolder();
        AgentProcess agent = AgentProcess.start(X.server(), RepoRoot.path().resolve("tapin"), dir, agentKeys, "", pcsc.env());
        try {
            agent.awaitOverlay();
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.log().contains("badge reader available"));
            // The overlay's own view is up (white text in the middle), not only the cover in the same colour.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(X.server().screenshot()).inRegion(new Rectangle(200, 200, 880, 200)).hasPixel(Color.WHITE));
            return agent;
        } catch (RuntimeException | Error e) {
            agent.close();
            throw e;
        }
    }

    /**
     * {@code fetch_support_info} as support asks an admin to run it (as root, on the endpoint's configuration);
     * returns the bundle's MANIFEST.txt.
     */
    private static String fetchSupportInfo(Path agentDir, Path bundle, Map<String, String> pcscEnv) throws Exception {
        Files.createDirectories(bundle.getParent());
        ProcessBuilder builder = X.server().command(RepoRoot.path().resolve("packaging/deb/fetch_support_info").toString(),
                bundle.toString()).redirectErrorStream(true);
        builder.environment().put("TAPIN_CONFIG", agentDir.resolve("Imprivata.conf").toString());
        builder.environment().putAll(pcscEnv); // the endpoint's pcscd is the test's: tapin readers lists its readers
        Process run = builder.start();
        run.getOutputStream().close();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("fetch_support_info finished").isTrue();
        assertThat(run.exitValue()).as(out).isZero();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            return new String(zip.getInputStream(zip.getEntry("MANIFEST.txt")).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What a clinician does at the endpoint: taps, and types into the lock screen. */
    private record Session(AgentProcess agent, VirtualCard reader) {

        /** The badge stays on the reader until the agent has read it, however busy the machine is, as a hand waits for the beep. */
        void tap(String badge) throws Exception {
            int before = count("tapped on");
            reader.insert(badge);
            try {
                awaitLogCount("tapped on", before + 1);
            } finally {
                reader.remove();
            }
            Thread.sleep(700);
        }

        /**
         * The password form (any key on the lock screen). With a kept session the form offers that user's name
         * with the password field focused: Shift+Tab goes back to the name, which is replaced.
         */
        void signIn(String username, String password, boolean kept, String screenshot) throws Exception {
            int before = count("(password form requested)");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                X.server().run("xdotool", "key", "F2");
                return count("(password form requested)") > before;
            });
            Thread.sleep(500);
            if (kept) {
                X.server().run("xdotool", "key", "shift+Tab", "ctrl+a");
            }
            type(username);
            X.server().run("xdotool", "key", "Tab");
            type(password);
            if (screenshot != null) {
                X.server().screenshot(Path.of("target/screenshots/" + screenshot + ".png"));
            }
            X.server().run("xdotool", "key", "Return");
        }

        /** A code into the second-factor view, once it is up. */
        void code(String code) throws Exception {
            Thread.sleep(700);
            type(code);
            X.server().run("xdotool", "key", "Return");
        }

        /**
         * Types {@code text} as keystrokes. It goes to xdotool on its standard input, never as an argument:
         * the test's own typing must not put the secret into an argument list the watch would then find.
         */
        void type(String text) throws Exception {
            Process xdotool = X.server().command("xdotool", "type", "--delay", "20", "--file", "-")
                    .redirectErrorStream(true).start();
            try (OutputStream in = xdotool.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(xdotool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(xdotool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(xdotool.exitValue()).as(out).isZero();
        }

        void awaitLog(String logText) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> agent.log().contains(logText));
        }

        void awaitLogCount(String logText, int n) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> count(logText) >= n);
        }

        private int count(String text) throws java.io.IOException {
            return agent.log().split(java.util.regex.Pattern.quote(text), -1).length - 1;
        }
    }
}
