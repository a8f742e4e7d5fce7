package org.tapin.lockscreen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;

/**
 * The power menu in the lock screen's corner: restart and shut down for everyone; "Exit agent" only when the
 * computer policy allows it, and only when the menu is opened with Ctrl held, as admins know it from PIE
 * ("Ctrl + power menu arrow"). Choosing an item only asks the agent; the session machine decides (and asks for a
 * password before an exit).
 */
final class PowerMenu {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MenuButton button = new MenuButton("Power");
    private final MenuItem restart = new MenuItem("Restart");
    private final MenuItem shutdown = new MenuItem("Shut down");
    private final MenuItem exit = new MenuItem("Exit agent");
    private boolean exitAllowed;
    private boolean ctrlHeld;

    PowerMenu(Consumer<ObjectNode> send) {
        button.setStyle("-fx-font-size: 28px;");
        button.setPopupSide(Side.TOP);
        button.setFocusTraversable(true);
        restart.setOnAction(e -> send.accept(JSON.createObjectNode().put("event", "power").put("action", "reboot")));
        shutdown.setOnAction(e -> send.accept(JSON.createObjectNode().put("event", "power").put("action", "shutdown")));
        exit.setOnAction(e -> send.accept(JSON.createObjectNode().put("event", "exit")));
        for (MenuItem item : List.of(restart, shutdown, exit)) {
            item.setStyle("-fx-font-size: 24px;");
        }
        button.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> ctrlHeld = e.isControlDown());
        button.addEventFilter(KeyEvent.KEY_PRESSED, e -> ctrlHeld = e.isControlDown());
        button.setOnShowing(e -> button.getItems().setAll(exitAllowed && ctrlHeld ? List.of(restart, shutdown, exit)
                : List.of(restart, shutdown)));
        button.getItems().setAll(restart, shutdown);
    }

    Node node() {
        return button;
    }

    void exitAllowed(boolean allowed) {
        exitAllowed = allowed;
    }
}
