package org.tapin.appliance.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.testkit.radius.FreeRadius;
import org.tapin.testkit.radius.FreeRadiusExtension;

/** PAP with Message-Authenticator against a real FreeRADIUS that requires it. */
class RadiusClientCheckTest {

    @RegisterExtension
    static final FreeRadiusExtension RADIUS = new FreeRadiusExtension();

    @TempDir
    Path dir;

    private static InetSocketAddress server() {
        return InetSocketAddress.createUnresolved("127.0.0.1", RADIUS.server().port());
    }

    /** 1 s and one retry: short for the silent cases; FreeRADIUS delays rejects by 1 s, which the retry covers. */
    private static RadiusClientCheck client(List<InetSocketAddress> servers, Path secretFile) throws Exception {
        return new RadiusClientCheck(new RadiusSettings(RadiusSettings.Role.FIRST_FACTOR, servers, secretFile, "ward3-test",
                Duration.ofSeconds(1), 1));
    }

    private static RadiusOutcome ask(RadiusClientCheck client, String user, String secret, byte[] state) {
        return client.check(user, secret.toCharArray(), state);
    }

    @Test
    void theRightPasswordIsAcceptedWithTheServersReplyMessage() throws Exception {
        RadiusOutcome o = ask(client(List.of(server()), RADIUS.server().secretFile()), FreeRadius.ACCEPT_USER, FreeRadius.ACCEPT_PASSWORD, null);
        assertThat(o.kind()).isEqualTo(RadiusOutcome.Kind.ACCEPT);
        assertThat(o.message()).isEqualTo(FreeRadius.ACCEPT_REPLY);
    }

    @Test
    void aWrongPasswordIsRejected() throws Exception {
        RadiusOutcome o = ask(client(List.of(server()), RADIUS.server().secretFile()), FreeRadius.ACCEPT_USER, "not-it", null);
        assertThat(o.kind()).isEqualTo(RadiusOutcome.Kind.REJECT);
        RadiusOutcome nobody = ask(client(List.of(server()), RADIUS.server().secretFile()), "nobody", "x", null);
        assertThat(nobody.kind()).isEqualTo(RadiusOutcome.Kind.REJECT);
    }

    @Test
    void aChallengeIsAnsweredWithItsState() throws Exception {
        RadiusClientCheck client = client(List.of(server()), RADIUS.server().secretFile());
        RadiusOutcome challenge = ask(client, FreeRadius.CHALLENGE_USER, FreeRadius.CHALLENGE_PASSWORD, null);
        assertThat(challenge.kind()).isEqualTo(RadiusOutcome.Kind.CHALLENGE);
        assertThat(challenge.message()).isEqualTo(FreeRadius.CHALLENGE_PROMPT);
        assertThat(challenge.state()).isNotEmpty();

        assertThat(ask(client, FreeRadius.CHALLENGE_USER, FreeRadius.CHALLENGE_ANSWER, challenge.state()).kind())
                .isEqualTo(RadiusOutcome.Kind.ACCEPT);
        RadiusOutcome wrong = ask(client, FreeRadius.CHALLENGE_USER, "000000", challenge.state());
        assertThat(wrong.kind()).isEqualTo(RadiusOutcome.Kind.REJECT);
        assertThat(wrong.message()).isEqualTo("Wrong code");
        // the answer without the State is a fresh request, and the code is not carol's password
        assertThat(ask(client, FreeRadius.CHALLENGE_USER, FreeRadius.CHALLENGE_ANSWER, null).kind()).isEqualTo(RadiusOutcome.Kind.REJECT);
    }

    @Test
    void aWrongSharedSecretNeverAcceptsAndEndsWithAClearErrorInBoundedTime() throws Exception {
        Path wrongSecret = dir.resolve("wrong-secret");
        Files.writeString(wrongSecret, "not-the-servers-secret\n", StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        RadiusOutcome o = ask(client(List.of(server()), wrongSecret), FreeRadius.ACCEPT_USER, FreeRadius.ACCEPT_PASSWORD, null);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(o.kind()).isEqualTo(RadiusOutcome.Kind.ERROR);
        assertThat(o.message()).contains("127.0.0.1:" + RADIUS.server().port()).contains("shared secret")
                .doesNotContain("not-the-servers-secret").doesNotContain(FreeRadius.ACCEPT_PASSWORD);
        assertThat(took).isLessThan(Duration.ofSeconds(6)); // 2 tries of 1 s, not a hang
        assertThat(Files.readString(RADIUS.server().log())).contains("Message-Authenticator");
    }

    @Test
    void whenThePrimaryIsDownTheBackupAnswers() throws Exception {
        int deadPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort(); // free once closed: nothing answers there
        }
        InetSocketAddress dead = InetSocketAddress.createUnresolved("127.0.0.1", deadPort);
        RadiusClientCheck client = client(List.of(dead, server()), RADIUS.server().secretFile());
        assertThat(ask(client, FreeRadius.ACCEPT_USER, FreeRadius.ACCEPT_PASSWORD, null).kind()).isEqualTo(RadiusOutcome.Kind.ACCEPT);
        assertThat(ask(client, FreeRadius.ACCEPT_USER, "not-it", null).kind()).isEqualTo(RadiusOutcome.Kind.REJECT);

        RadiusOutcome none = ask(client(List.of(dead), RADIUS.server().secretFile()), FreeRadius.ACCEPT_USER, FreeRadius.ACCEPT_PASSWORD, null);
        assertThat(none.kind()).isEqualTo(RadiusOutcome.Kind.ERROR);
        assertThat(none.message()).contains("no answer");
    }

    @Test
    void aMissingOrEmptySecretFileIsAnErrorThatDoesNotQuoteIt() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client(List.of(server()), empty))
                .hasMessageContaining("empty first line");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client(List.of(server()), dir.resolve("missing")))
                .hasMessageContaining("cannot read the RADIUS shared secret file");
    }
}
