package org.tapin.appliance.radius;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.aaa4j.radius.client.IntervalRetransmissionStrategy;
import org.aaa4j.radius.client.RadiusClient;
import org.aaa4j.radius.client.RadiusClientException;
import org.aaa4j.radius.client.clients.UdpRadiusClient;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.NasIdentifier;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.State;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.attribute.attributes.UserPassword;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.aaa4j.radius.core.packet.packets.AccessChallenge;
import org.aaa4j.radius.core.packet.packets.AccessReject;
import org.aaa4j.radius.core.packet.packets.AccessRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PAP over UDP (RFC 2865) with aaa4j-radius: User-Password hidden with the shared secret, a
 * Message-Authenticator on every request (RFC 3579; servers that require it, as they should since
 * BlastRADIUS, drop requests without), NAS-Identifier, and the State of a challenge when answering one. The
 * primary server is asked first; the backup only when the primary gives no trustworthy answer (silence after
 * every retry, or an answer whose authenticator does not verify). A reject from the primary is final.
 */
public final class RadiusClientCheck implements RadiusCheck {

    private static final Logger LOG = LoggerFactory.getLogger("Appliance.Radius");

    private final List<InetSocketAddress> servers;
    private final byte[] secret;
    private final String nasIdentifier;
    private final IntervalRetransmissionStrategy retransmission;

    public RadiusClientCheck(RadiusSettings settings) throws IOException {
        this(settings, readSecret(settings.secretFile()));
    }

    RadiusClientCheck(RadiusSettings settings, byte[] secret) {
        if (settings.servers().isEmpty()) {
            throw new IllegalArgumentException("no RADIUS server configured");
        }
        this.servers = settings.servers();
        this.secret = secret;
        this.nasIdentifier = settings.nasIdentifier();
        this.retransmission = new IntervalRetransmissionStrategy(settings.retries() + 1, settings.timeout());
    }

    /** The shared secret: the file's first line, without its line end. Its content never reaches a message. */
    static byte[] readSecret(Path file) throws IOException {
        if (file == null) {
            throw new IOException("radius.secret-file is not set");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read the RADIUS shared secret file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        String line = text.lines().findFirst().orElse("");
        if (line.isEmpty()) {
            throw new IOException("the RADIUS shared secret file " + file + " has an empty first line");
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public RadiusOutcome check(String username, char[] password, byte[] state) {
        byte[] pw = utf8(password);
        List<String> failures = new ArrayList<>();
        try {
            List<Attribute<?>> attributes = new ArrayList<>();
            attributes.add(new UserName(new TextData(username)));
            attributes.add(new UserPassword(new StringData(pw)));
            attributes.add(new NasIdentifier(new TextData(nasIdentifier)));
            if (state != null) {
                attributes.add(new State(new StringData(state)));
            }
            attributes.add(new MessageAuthenticator());
            for (InetSocketAddress server : servers) {
                InetSocketAddress resolved = new InetSocketAddress(server.getHostString(), server.getPort());
                String name = server.getHostString() + ":" + server.getPort();
                if (resolved.isUnresolved()) {
                    failures.add(name + ": host name does not resolve");
                    continue;
                }
                try (RadiusClient client = UdpRadiusClient.newBuilder().address(resolved).secret(secret)
                        .retransmissionStrategy(retransmission).build()) {
                    Packet reply = client.send(new AccessRequest(attributes));
                    RadiusOutcome outcome = outcome(reply);
                    if (outcome.kind() != RadiusOutcome.Kind.ERROR) {
                        return outcome;
                    }
                    failures.add(name + ": " + outcome.message());
                } catch (RadiusClientException e) {
                    failures.add(name + ": " + explain(e));
                } catch (RuntimeException e) {
                    failures.add(name + ": " + e.getClass().getSimpleName());
                }
                LOG.warn("RADIUS server {} gave no usable answer: {}", name, failures.get(failures.size() - 1));
            }
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
        return RadiusOutcome.error(String.join("; ", failures));
    }

    private static RadiusOutcome outcome(Packet reply) {
        String message = reply.getAttributes(ReplyMessage.class).stream().map(a -> a.getData().getValue())
                .collect(Collectors.joining("\n"));
        String shown = message.isEmpty() ? null : message;
        return switch (reply.getCode()) {
            case AccessAccept.CODE -> new RadiusOutcome(RadiusOutcome.Kind.ACCEPT, shown, null);
            case AccessReject.CODE -> new RadiusOutcome(RadiusOutcome.Kind.REJECT, shown, null);
            case AccessChallenge.CODE -> new RadiusOutcome(RadiusOutcome.Kind.CHALLENGE, shown,
                    reply.getAttribute(State.class).map(s -> s.getData().getValue()).orElse(null));
            default -> RadiusOutcome.error("unexpected RADIUS packet code " + reply.getCode());
        };
    }

    /** Words for the log: timeouts name the usual cause; the library's text never holds the secret or password. */
    private static String explain(RadiusClientException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (text.toLowerCase().contains("timeout")) {
            return "no answer (server down, port closed, or a wrong shared secret: servers drop such requests silently)";
        }
        if (text.toLowerCase().contains("authenticator")) {
            return "answer failed verification (" + text + "): the shared secret differs from the server's";
        }
        return text;
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return bytes;
    }
}
