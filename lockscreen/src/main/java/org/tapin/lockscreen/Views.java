package org.tapin.lockscreen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * What the lock screen shows, one view at a time, large enough to read at arm's length and usable with the
 * keyboard alone. Forms pass what is typed to the agent and clear themselves; nothing typed is kept or logged.
 */
final class Views {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final VBox root = new VBox(24);
    private final Color accent;
    private final String title;
    private final String computer;
    private final Consumer<ObjectNode> send;
    private final Label clock = label("", 34, Color.WHITE);
    private String current = "blank";

    Views(Color background, Color accent, String title, String computer, Consumer<ObjectNode> send) {
        this.accent = accent;
        this.title = title;
        this.computer = computer;
        this.send = send;
        root.setAlignment(Pos.CENTER);
        root.setFocusTraversable(true);
        root.setStyle("-fx-background-color: " + css(background) + ";");
        tickClock();
        blank();
    }

    /**
     * The clock shows minutes: it is set once, then again just after each minute begins, so the idle lock screen
     * sleeps between minutes rather than waking to set the same text.
     */
    private void tickClock() {
        LocalTime now = LocalTime.now();
        clock.setText(now.format(CLOCK));
        UiTicks.after(millisToNextMinute(now) + 20, this::tickClock);
    }

    static long millisToNextMinute(LocalTime now) {
        return 60_000 - (now.getSecond() * 1_000L + now.getNano() / 1_000_000);
    }

    Node root() {
        return root;
    }

    /** A locked screen with nothing on it: while the agent is away. */
    void blank() {
        current = "blank";
        root.getChildren().setAll(label(title, 44, Color.WHITE));
        root.setOnKeyPressed(null);
    }

    /** The name of the view on the screen, as the agent names it; "blank" for none. */
    String current() {
        return current;
    }

    void show(JsonNode m) {
        String view = m.path("view").asText("");
        switch (view) {
            case "idle" -> idle(m);
            case "password" -> form(m.path("purpose").asText("sign in"), m.path("username").asText(""), "password");
            case "enroll" -> form("link this badge: sign in once with your directory password", "", "enroll");
            case "code" -> code(m);
            case "change" -> change(m);
            case "message" -> message(m.path("kind").asText("INFO"), m.path("text").asText(""));
            case "busy" -> simple(m.path("text").asText("…"));
            case "hidden" -> simple("Screen hidden. Tap your badge or press a key for your password.");
            default -> {
                blank();
                return;
            }
        }
        current = view;
    }

    private void idle(JsonNode m) {
        root.getChildren().setAll(label(title, 48, Color.WHITE), clock);
        if (!m.path("user").asText("").isEmpty()) {
            root.getChildren().add(label("Locked by " + m.path("user").asText() + ". Tap to resume.", 26, Color.gray(0.85)));
        }
        if (!m.path("readerAvailable").asBoolean(true)) {
            root.getChildren().add(label("Badge reader not available: press any key to sign in with your password.", 26,
                    Color.web("#ffb347")));
        } else {
            root.getChildren().add(label("Or press any key to sign in with your password.", 22, Color.gray(0.75)));
        }
        if (!computer.isEmpty()) {
            root.getChildren().add(label(computer, 20, Color.gray(0.6)));
        }
        root.setOnKeyPressed(this::anyKeySignsIn);
        root.requestFocus();
    }

    /**
     * Any key opens the password form, except Tab, which moves on to the power menu, and a modifier alone
     * (Ctrl is held to open the power menu with its exit item).
     */
    private void anyKeySignsIn(javafx.scene.input.KeyEvent e) {
        if (e.getCode() != KeyCode.TAB && !e.getCode().isModifierKey()) {
            send.accept(event("passwordForm"));
        }
    }

    private void form(String purpose, String username, String eventName) {
        Label heading = label(capitalise(purpose), 34, Color.WHITE);
        TextField user = new TextField(username);
        user.setPromptText("User name");
        PasswordField password = new PasswordField();
        password.setPromptText("Password");
        for (TextField field : new TextField[] {user, password}) {
            field.setMaxWidth(520);
            field.setStyle("-fx-font-size: 26px;");
        }
        Label hint = label("Enter to continue, Esc to cancel", 20, Color.gray(0.75));
        root.getChildren().setAll(heading, user, password, hint);
        root.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                password.clear();
                send.accept(event("cancel"));
            }
        });
        user.setOnAction(e -> password.requestFocus());
        password.setOnAction(e -> {
            ObjectNode submit = event(eventName).put("username", user.getText()).put("password", password.getText());
            password.clear();
            send.accept(submit);
        });
        if (username.isEmpty()) {
            user.requestFocus();
        } else {
            password.requestFocus();
        }
    }

    private void code(JsonNode m) {
        // The agent says what to enter, in words: which code, or what the sign-in server asked.
        Label heading = label(m.path("method").asText("Enter your code"), 34, Color.WHITE);
        PasswordField code = new PasswordField();
        code.setMaxWidth(320);
        code.setStyle("-fx-font-size: 30px;");
        root.getChildren().setAll(heading, code, label("Enter to continue, Esc to cancel", 20, Color.gray(0.75)));
        root.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                send.accept(event("cancel"));
            }
        });
        code.setOnAction(e -> {
            ObjectNode submit = event("code").put("code", code.getText());
            code.clear();
            send.accept(submit);
        });
        code.requestFocus();
    }

    /**
     * New password and confirmation. The agent says why (or, in red, what was wrong with the last try) and the rules
     * in force; the lock screen only passes both fields on and clears them.
     */
    private void change(JsonNode m) {
        String who = m.path("user").asText("");
        Label heading = label("Choose a new password" + (who.isEmpty() ? "" : " for " + who), 34, Color.WHITE);
        boolean problem = m.path("problem").asBoolean(false);
        Label reason = label(m.path("reason").asText(""), 24, problem ? Color.web("#ff6b6b") : Color.gray(0.85));
        VBox rules = new VBox(4);
        rules.setAlignment(Pos.CENTER);
        for (JsonNode rule : m.path("rules")) {
            rules.getChildren().add(label("• " + rule.asText(""), 20, Color.gray(0.75)));
        }
        PasswordField password = new PasswordField();
        password.setPromptText("New password");
        PasswordField confirmation = new PasswordField();
        confirmation.setPromptText("New password again");
        for (TextField field : new TextField[] {password, confirmation}) {
            field.setMaxWidth(520);
            field.setStyle("-fx-font-size: 26px;");
        }
        Label hint = label("Enter to continue, Esc to cancel", 20, Color.gray(0.75));
        root.getChildren().setAll(heading, reason, rules, password, confirmation, hint);
        root.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                password.clear();
                confirmation.clear();
                send.accept(event("cancel"));
            }
        });
        password.setOnAction(e -> confirmation.requestFocus());
        confirmation.setOnAction(e -> {
            ObjectNode submit = event("newPassword").put("password", password.getText())
                    .put("confirmation", confirmation.getText());
            password.clear();
            confirmation.clear();
            send.accept(submit);
        });
        password.requestFocus();
    }

    private void message(String kind, String text) {
        Color colour = switch (kind) {
            case "DENIED", "UNKNOWN_BADGE" -> Color.web("#ff6b6b");
            case "UNREACHABLE", "READER_MISSING" -> Color.web("#ffb347");
            default -> accent.brighter();
        };
        root.getChildren().setAll(label(text, 30, colour), label("Tap your badge or press a key.", 22, Color.gray(0.75)));
        root.setOnKeyPressed(this::anyKeySignsIn);
        root.requestFocus();
    }

    private void simple(String text) {
        root.getChildren().setAll(label(text, 30, Color.WHITE));
        root.setOnKeyPressed(this::anyKeySignsIn);
        root.requestFocus();
    }

    private static ObjectNode event(String name) {
        return JSON.createObjectNode().put("event", name);
    }

    private static Label label(String text, int size, Color colour) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(900);
        label.setAlignment(Pos.CENTER);
        label.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        label.setStyle("-fx-font-size: " + size + "px;");
        label.setTextFill(colour);
        return label;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String css(Color c) {
        return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
