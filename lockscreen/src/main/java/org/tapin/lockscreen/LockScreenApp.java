package org.tapin.lockscreen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;

/**
 * The lock screen: one undecorated, always-on-top stage over every monitor, the prompt on the primary one.
 * It shows the views the agent sends and sends back what the user does; it never unlocks anything. When the
 * agent's socket closes it keeps showing a blank lock and exits shortly after (the agent starts a new one).
 */
public final class LockScreenApp extends Application {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Rectangle> fadeLayers = new ArrayList<>();
    private Views views;
    private SocketChannel agent;

    @Override
    public void start(Stage primary) throws IOException {
        List<String> raw = getParameters().getRaw();
        String socket = option(raw, "--socket");
        Color background = Color.web(option(raw, "--background", "#10202f"));
        Color accent = Color.web(option(raw, "--accent", "#2f80c8"));
        views = new Views(background, accent, option(raw, "--title", "Tap your badge"), option(raw, "--computer", ""),
                this::send);
        Platform.setImplicitExit(false);
        List<Screen> screens = Screen.getScreens();
        for (Screen screen : screens) {
            Stage stage = screen.equals(Screen.getPrimary()) ? primary : new Stage();
            cover(stage, screen, background, screen.equals(Screen.getPrimary()));
        }
        agent = SocketChannel.open(StandardProtocolFamily.UNIX);
        agent.connect(UnixDomainSocketAddress.of(Path.of(socket)));
        ObjectNode hello = JSON.createObjectNode().put("event", "hello").put("pid", ProcessHandle.current().pid());
        write(hello);
        Thread reader = new Thread(this::readAgent, "agent-link");
        reader.setDaemon(true);
        reader.start();
    }

    private void cover(Stage stage, Screen screen, Color background, boolean prompt) {
        Rectangle2D bounds = screen.getBounds();
        StackPane root = new StackPane();
        root.setStyle("-fx-background-color: " + Views.css(background) + ";");
        if (prompt) {
            root.getChildren().add(views.root());
        }
        Rectangle fade = new Rectangle(bounds.getWidth(), bounds.getHeight(), Color.BLACK);
        fade.setOpacity(0);
        fade.setMouseTransparent(true);
        fadeLayers.add(fade);
        root.getChildren().add(fade);
        stage.initStyle(StageStyle.UNDECORATED);
        stage.setAlwaysOnTop(true);
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        // Without a window manager setFullScreen does not cover the screen: the bounds are set explicitly.
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setWidth(bounds.getWidth());
        stage.setHeight(bounds.getHeight());
        stage.setOnCloseRequest(event -> event.consume()); // Alt-F4 and the like close nothing
        stage.setScene(new Scene(root, bounds.getWidth(), bounds.getHeight(), background));
        stage.show();
        if (prompt) {
            stage.requestFocus();
        }
    }

    private void readAgent() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(agent), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode message = JSON.readTree(line);
                Platform.runLater(() -> apply(message));
            }
        } catch (IOException e) {
            // the agent went away
        }
        // Keep showing a blank lock (the cover is still up underneath) and let the agent start a new overlay.
        Platform.runLater(() -> views.blank());
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Platform.exit();
        System.exit(0);
    }

    private void apply(JsonNode message) {
        if (message.has("fade")) {
            double opacity = Math.max(0, Math.min(1, message.get("fade").asDouble()));
            fadeLayers.forEach(layer -> layer.setOpacity(opacity));
            return;
        }
        views.show(message);
    }

    private void send(ObjectNode event) {
        try {
            write(event);
        } catch (IOException e) {
            views.blank();
        }
    }

    private synchronized void write(ObjectNode message) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            agent.write(line);
        }
    }

    private static String option(List<String> raw, String name) {
        String value = option(raw, name, null);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static String option(List<String> raw, String name, String fallback) {
        int at = raw.indexOf(name);
        return at >= 0 && at + 1 < raw.size() ? raw.get(at + 1) : fallback;
    }
}
