package org.tapin.agent.overlay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.tapin.agent.session.User;
import org.tapin.agent.session.View;
import org.tapin.x11.screen.Monitor;

/** The views as the overlay reads them: one flat JSON object each, no secret ever in one. */
final class OverlayMessages {

    /**
     * Every view name {@link #view} writes, and "blank", the overlay's own view while the agent is away: the names
     * the overlay may say it shows.
     */
    static final Set<String> VIEW_NAMES = Set.of("idle", "busy", "password", "code", "change", "enroll", "message",
            "hidden", "blank");

    private OverlayMessages() {}

    static ObjectNode view(View view) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        if (view instanceof View.Idle idle) {
            m.put("view", "idle").put("user", name(idle.keptSession())).put("readerAvailable", idle.readerAvailable());
        } else if (view instanceof View.Busy busy) {
            m.put("view", "busy").put("text", busy.text());
        } else if (view instanceof View.PasswordForm form) {
            m.put("view", "password").put("username", form.username()).put("purpose", form.purpose());
        } else if (view instanceof View.SecondFactorForm form) {
            m.put("view", "code").put("user", name(form.user())).put("method", form.method());
        } else if (view instanceof View.PasswordChangeForm form) {
            m.put("view", "change").put("user", name(form.user())).put("reason", form.reason()).put("problem", form.problem());
            ArrayNode rules = m.putArray("rules");
            form.rules().forEach(rules::add);
        } else if (view instanceof View.EnrollmentForm) {
            m.put("view", "enroll");
        } else if (view instanceof View.Message message) {
            m.put("view", "message").put("kind", message.kind().name()).put("text", message.text());
        } else if (view instanceof View.HiddenScreen hidden) {
            m.put("view", "hidden").put("user", name(hidden.user()));
        }
        return m;
    }

    static ObjectNode screens(List<Monitor> monitors, int prompt) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        ArrayNode list = m.putArray("screens");
        for (int i = 0; i < monitors.size(); i++) {
            Monitor monitor = monitors.get(i);
            list.addObject().put("x", monitor.x()).put("y", monitor.y()).put("width", monitor.width())
                    .put("height", monitor.height()).put("prompt", i == prompt);
        }
        return m;
    }

    private static String name(User user) {
        return user == null ? "" : user.displayName();
    }
}
