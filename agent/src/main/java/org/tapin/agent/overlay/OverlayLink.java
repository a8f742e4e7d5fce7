package org.tapin.agent.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.json.Json;
import org.tapin.agent.session.Secret;
import org.tapin.agent.session.SessionEvent;
import org.tapin.agent.session.View;
import org.tapin.x11.screen.Monitor;

/**
 * The agent's end of the lock-screen overlay: a Unix-domain socket in a folder only the agent's user may enter
 * (0700), one overlay connected at a time, newline-delimited JSON. The agent sends views; the overlay sends
 * back what the user did, which becomes session events. The overlay decides nothing: a lost connection is
 * reported to {@code onDisconnect} (its supervisor) and the cover stays up meanwhile. Pings let the supervisor
 * tell a hung overlay from a quiet one: the overlay answers from its UI thread.
 */
public final class OverlayLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Overlay");
    /** A line from the overlay is a small JSON object; anything longer is refused, not buffered. */
    static final int MAX_LINE = 8 * 1024;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Consumer<SessionEvent> events;
    private final Thread acceptor;
    private volatile SocketChannel overlay;
    private volatile long overlayPid;
    private final Runnable onDisconnect;
    private volatile long lastPongNanos;
    private volatile ObjectNode lastVisible;
    private volatile ObjectNode lastPower;
    private volatile ObjectNode lastView;
    private volatile ObjectNode lastFade;
    private volatile ObjectNode lastScreens;
    private volatile KeyboardHandoff keyboard = KeyboardHandoff.NONE;
    /** The view the overlay last said it shows; "" before it said any and while none is connected. */
    private volatile String shownView = "";

    public OverlayLink(Path folder, Consumer<SessionEvent> events, Runnable onDisconnect) throws IOException {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        this.socket = folder.resolve("overlay.sock");
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        this.events = events;
        this.onDisconnect = onDisconnect;
        this.acceptor = new Thread(this::accept, "overlay-link");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Path socket() {
        return socket;
    }

    /** The pid the connected overlay reported, for trusting its windows (0 while none is connected). */
    public long overlayPid() {
        return overlayPid;
    }

    public boolean connected() {
        return overlay != null;
    }

    /**
     * The view the connected overlay last said is in place and takes keys ("password", "enroll", …); "" until
     * it says. What the clinician sees is what the overlay confirmed, not what the agent last asked for.
     */
    public String shownView() {
        return shownView;
    }

    public void show(View view) {
        lastView = OverlayMessages.view(view);
        send(lastView);
    }

    public void fade(double progress) {
        lastFade = JsonNodeFactory.instance.objectNode().put("fade", progress);
        send(lastFade);
    }

    /** Shows the overlay's stages over the cover (locked), or hides them (the desktop is the user's). */
    public void visible(boolean visible) {
        lastVisible = JsonNodeFactory.instance.objectNode().put("visible", visible);
        send(lastVisible);
    }

    /** Who to tell when the overlay wants or holds the keyboard, or goes away. */
    public void keyboardHandoff(KeyboardHandoff handoff) {
        keyboard = handoff;
    }

    /** Tells the overlay the cover let go of the keyboard: it grabs now rather than at its next tick. */
    public void keyboardFree() {
        send(JsonNodeFactory.instance.objectNode().put("keyboardFree", true));
    }

    /** Whether the power menu offers "exit agent" (the session machine still asks for authentication). */
    public void powerMenu(boolean exitAllowed) {
        lastPower = JsonNodeFactory.instance.objectNode().put("exitAllowed", exitAllowed);
        send(JsonNodeFactory.instance.objectNode().set("power", lastPower));
    }

    /** Asks the overlay to answer from its UI thread; see {@link #lastPongNanos()}. */
    public void ping() {
        send(JsonNodeFactory.instance.objectNode().put("ping", System.nanoTime()));
    }

    /** {@link System#nanoTime()} of the last answer to a ping, or of the connection if none came yet. */
    public long lastPongNanos() {
        return lastPongNanos;
    }

    /** Where the overlay's stages go: one per monitor, the prompt on {@code monitors[prompt]}. */
    public void screens(List<Monitor> monitors, int prompt) {
        lastScreens = OverlayMessages.screens(monitors, prompt);
        send(lastScreens);
    }

    /** A new overlay starts blank: it gets the layout, the current view and the fade at once. */
    private void replay() {
        ObjectNode power = lastPower == null ? null : (ObjectNode) JsonNodeFactory.instance.objectNode().set("power", lastPower);
        for (ObjectNode message : new ObjectNode[] {lastScreens, power, lastView, lastFade, lastVisible}) {
            if (message != null) {
                send(message);
            }
        }
    }

    private synchronized void send(ObjectNode message) {
        SocketChannel channel = overlay;
        if (channel == null) {
            return; // no overlay right now: the cover shows, and the view is sent again when it reconnects
        }
        try {
            ByteBuffer line = ByteBuffer.wrap((Json.mapper().writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } catch (IOException e) {
            LOG.warn("cannot reach the lock-screen overlay: {}", e.getMessage());
        }
    }

    private void accept() {
        while (server.isOpen()) {
            try (SocketChannel channel = server.accept()) {
                lastPongNanos = System.nanoTime();
                overlay = channel;
                read(channel);
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("overlay connection failed: {}", e.getMessage());
                }
            } finally {
                if (overlay != null) {
                    overlay = null;
                    overlayPid = 0;
                    shownView = "";
                    keyboard.overlayGone();
                    if (server.isOpen()) {
                        onDisconnect.run();
                    }
                }
            }
        }
    }

    private void read(SocketChannel channel) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8),
                MAX_LINE);
        for (String line; (line = in.readLine()) != null; ) {
            if (line.length() > MAX_LINE) {
                LOG.warn("overlay sent an oversized line; disconnecting it");
                return;
            }
            JsonNode message;
            try {
                message = Json.mapper().readTree(line);
            } catch (IOException e) {
                LOG.warn("overlay sent something that is not JSON; ignored");
                continue;
            }
            String event = message.path("event").asText("");
            switch (event) {
                case "hello" -> {
                    overlayPid = message.path("pid").asLong(0);
                    replay();
                }
                case "shown" -> shown(message.path("view").asText(""));
                case "pong" -> lastPongNanos = System.nanoTime();
                case "keyboard" -> {
                    if (message.path("held").asBoolean(false)) {
                        keyboard.overlayHoldsKeyboard();
                    } else {
                        keyboard.overlayWantsKeyboard();
                    }
                }
                case "power" -> power(message.path("action").asText(""));
                case "exit" -> events.accept(new SessionEvent.ExitRequested());
                case "passwordForm" -> events.accept(new SessionEvent.PasswordFormRequested());
                case "cancel" -> events.accept(new SessionEvent.PromptCancelled());
                case "password" -> events.accept(new SessionEvent.PasswordSubmitted(message.path("username").asText(""),
                        Secret.wrap(message.path("password").asText("").toCharArray())));
                case "enroll" -> events.accept(new SessionEvent.EnrollmentSubmitted(message.path("username").asText(""),
                        Secret.wrap(message.path("password").asText("").toCharArray())));
                case "newPassword" -> events.accept(new SessionEvent.PasswordChangeSubmitted(
                        Secret.wrap(message.path("password").asText("").toCharArray()),
                        Secret.wrap(message.path("confirmation").asText("").toCharArray())));
                case "code" -> events.accept(new SessionEvent.SecondFactorSubmitted(
                        Secret.wrap(message.path("code").asText("").toCharArray())));
                default -> LOG.warn("overlay sent an unknown event \"{}\"; ignored", event.length() > 40 ? "…" : event);
            }
        }
    }

    /** Logs each change of view on the screen, for support reading what a clinician saw and when. */
    private void shown(String view) {
        if (!OverlayMessages.VIEW_NAMES.contains(view)) { // a name is logged: only known ones
            LOG.warn("overlay says it shows an unknown view; ignored");
            return;
        }
        if (!view.equals(shownView)) {
            LOG.info("lock screen shows the {} view", view);
        }
        shownView = view;
    }

    private void power(String action) {
        switch (action) {
            case "shutdown" -> events.accept(new SessionEvent.PowerRequested(SessionEvent.Power.SHUTDOWN));
            case "reboot" -> events.accept(new SessionEvent.PowerRequested(SessionEvent.Power.REBOOT));
            default -> LOG.warn("overlay asked for an unknown power action; ignored");
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        SocketChannel channel = overlay;
        if (channel != null) {
            channel.close();
        }
        Files.deleteIfExists(socket);
    }
}
