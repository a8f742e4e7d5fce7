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
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
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
    static final long RETRY_MILLIS = 200;
    private final List<Rectangle> fadeLayers = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();
    private Stage primary;
    private Color background;
    private double fadeOpacity;
    private boolean agentLayout;
    /** The user's desktop is showing (unlocked): the stages exist but stay off the screen. */
    private boolean hidden;
    /** What the agent was last told about the keyboard: null before anything was said since the last show. */
    private Boolean reportedKeyboard;
    private long keyboardReportedNanos;
    private Views views;
    private PowerMenu powerMenu;
    private final KeyboardGrab grab = new KeyboardGrab();
    private FocusWatch focusWatch;
    /** A retry of a refused grab is scheduled: while the grab is held nothing runs on a timer. */
    private boolean retryPending;
    private SocketChannel agent;

    @Override
    public void start(Stage primary) throws IOException {
        List<String> raw = getParameters().getRaw();
        String socket = option(raw, "--socket");
        Color background = Color.web(option(raw, "--background", "#10202f"));
        Color accent = Color.web(option(raw, "--accent", "#2f80c8"));
        views = new Views(background, accent, option(raw, "--title", "Tap your badge"), option(raw, "--computer", ""),
                this::send);
        powerMenu = new PowerMenu(this::send);
        Platform.setImplicitExit(false);
        SleepingPulseTimer.install();
        this.primary = primary;
        this.background = background;
        // The focus is taken back when the lock screen's window loses it, not checked on a timer.
        focusWatch = new FocusWatch(grabEnded -> Platform.runLater(() -> focusLost(grabEnded))).start();
        coverScreens();
        // Hotplug: a monitor added or removed, or the primary moved, rebuilds the stages.
        Screen.getScreens().addListener((ListChangeListener<Screen>) change -> coverScreens());
        agent = SocketChannel.open(StandardProtocolFamily.UNIX);
        agent.connect(UnixDomainSocketAddress.of(Path.of(socket)));
        ObjectNode hello = JSON.createObjectNode().put("event", "hello").put("pid", ProcessHandle.current().pid());
        write(hello);
        Thread reader = new Thread(this::readAgent, "agent-link");
        reader.setDaemon(true);
        reader.start();
    }

    /** Until the agent sends the monitors (it reads RandR, which sees more than GTK does), the toolkit's. */
    private void coverScreens() {
        if (agentLayout) {
            return;
        }
        List<Rectangle2D> bounds = Screen.getScreens().stream().map(Screen::getBounds).toList();
        layout(bounds, Math.max(0, bounds.indexOf(Screen.getPrimary().getBounds())));
    }

    private void layout(List<Rectangle2D> screens, int prompt) {
        System.err.println("overlay: covering " + screens.size() + " screen(s): " + screens.stream()
                .map(b -> (int) b.getWidth() + "x" + (int) b.getHeight() + "+" + (int) b.getMinX() + "+" + (int) b.getMinY())
                .toList() + ", prompt on " + prompt);
        stages.stream().filter(stage -> stage != primary).forEach(Stage::close);
        stages.clear();
        // The grab may sit on the primary stage's window, which survives the rebuild: let go of it for real, or a
        // later hide would leave this hidden process holding the clinician's keyboard over her desktop.
        grab.release();
        fadeLayers.clear();
        for (int i = 0; i < screens.size(); i++) {
            Stage stage = i == prompt ? primary : new Stage();
            cover(stage, screens.get(i), background, i == prompt);
            stages.add(stage);
        }
        if (!hidden && primary.isShowing()) {
            holdKeyboard();
        }
    }

    private void layout(JsonNode screens) {
        List<Rectangle2D> bounds = new ArrayList<>();
        int prompt = 0;
        for (JsonNode screen : screens) {
            double width = screen.path("width").asDouble();
            double height = screen.path("height").asDouble();
            if (width <= 0 || height <= 0) {
                continue;
            }
            if (screen.path("prompt").asBoolean(false)) {
                prompt = bounds.size();
            }
            bounds.add(new Rectangle2D(screen.path("x").asDouble(), screen.path("y").asDouble(), width, height));
        }
        if (!bounds.isEmpty()) {
            agentLayout = true;
            layout(bounds, prompt);
        }
    }

    private void cover(Stage stage, Rectangle2D bounds, Color background, boolean prompt) {
        StackPane root = new StackPane();
        root.setStyle("-fx-background-color: " + Views.css(background) + ";");
        if (prompt) {
            root.getChildren().add(views.root());
            root.getChildren().add(powerMenu.node());
            StackPane.setAlignment(powerMenu.node(), Pos.BOTTOM_RIGHT);
            StackPane.setMargin(powerMenu.node(), new Insets(24));
        }
        Rectangle fade = new Rectangle(bounds.getWidth(), bounds.getHeight(), Color.BLACK);
        fade.setOpacity(fadeOpacity);
        fade.setMouseTransparent(true);
        fadeLayers.add(fade);
        root.getChildren().add(fade);
        if (stage.getStyle() != StageStyle.UNDECORATED) {
            stage.initStyle(StageStyle.UNDECORATED); // once per stage: the primary stage is reused on hotplug
        }
        stage.setAlwaysOnTop(true);
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        // Without a window manager setFullScreen does not cover the screen: the bounds are set explicitly.
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setWidth(bounds.getWidth());
        stage.setHeight(bounds.getHeight());
        stage.setOnCloseRequest(event -> event.consume()); // Alt-F4 and the like close nothing
        // Maximized, not only sized to the monitor: a window manager takes an undecorated window that fills the
        // monitor for a full-screen one and keeps it above its above layer (openbox does), where no window from
        // the access list can be lifted over it. Maximized it stays in the above layer, with allowed windows lifted
        // into that layer by the agent's enforcer. Without a window manager this changes nothing.
        stage.setMaximized(true);
        stage.setScene(new Scene(root, bounds.getWidth(), bounds.getHeight(), background));
        if (hidden) {
            return;
        }
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
        if (message.has("ping")) {
            // Answered from the UI thread, so a hung UI stops answering and the agent replaces it.
            send(JSON.createObjectNode().put("event", "pong"));
            return;
        }
        if (message.has("visible")) {
            boolean visible = message.get("visible").asBoolean();
            hidden = !visible;
            stages.forEach(stage -> {
                if (visible) {
                    stage.show();
                            } else {
                    stage.hide();
                }
            });
            if (visible && primary.isShowing()) {
                primary.requestFocus();
                holdKeyboard();
            } else if (!visible) {
                grab.release();
                focusWatch.watch(0);
                reportedKeyboard = null;
            }
            return;
        }
        if (message.has("keyboardFree")) {
            if (!hidden) {
                holdKeyboard();
            }
            return;
        }
        if (message.has("power")) {
            powerMenu.exitAllowed(message.get("power").path("exitAllowed").asBoolean(false));
            return;
        }
        if (message.has("screens")) {
            layout(message.get("screens"));
            return;
        }
        if (message.has("fade")) {
            double opacity = Math.max(0, Math.min(1, message.get("fade").asDouble()));
            fadeOpacity = opacity;
            fadeLayers.forEach(layer -> layer.setOpacity(opacity));
            return;
        }
        views.show(message);
        // The view is in the scene with its field focused: keys typed from now on reach it. The agent logs it,
        // and tests wait for it instead of sleeping.
        send(JSON.createObjectNode().put("event", "shown").put("view", views.current()));
    }

    /**
     * The lock screen's window lost the X focus (a window manager focused another window): the focus is taken
     * back, so what is typed reaches the password field. A grab that ended with it (its window unmapped) is taken
     * again; one still held is left alone, since grabbing anew moves the focus off this process's own popup (the
     * power menu), which then closes.
     */
    private void focusLost(boolean grabEnded) {
        if (hidden) {
            return;
        }
        if (grabEnded) {
            grab.forget();
        } else {
            grab.refocus(primary);
        }
        holdKeyboard();
    }

    /**
     * Grabs the keyboard (cheap when held) and tells the agent when that changes: while the agent's cover holds
     * it, the agent has the cover let go and says so ("keyboardFree"), and this grabs at once. A refused grab is
     * tried again every {@value #RETRY_MILLIS} ms and repeated to the agent once a second, in case the cover took
     * the keyboard back meanwhile.
     */
    private void holdKeyboard() {
        boolean held = grab.hold(primary);
        focusWatch.watch(grab.window());
        if (!held && !retryPending) {
            retryPending = true;
            UiTicks.after(RETRY_MILLIS, () -> {
                retryPending = false;
                if (!hidden) {
                    holdKeyboard();
                }
            });
        }
        if (agent == null) {
            return; // still starting: told on the next try after connecting
        }
        long now = System.nanoTime();
        if (reportedKeyboard == null || reportedKeyboard != held || (!held && now - keyboardReportedNanos > 1_000_000_000L)) {
            reportedKeyboard = held;
            keyboardReportedNanos = now;
            send(JSON.createObjectNode().put("event", "keyboard").put("held", held));
        }
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
