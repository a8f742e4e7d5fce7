package org.tapin.agent.overlay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tapin.agent.session.User;
import org.tapin.agent.session.View;

/** The views as the overlay reads them: one flat JSON object each, no secret ever in one. */
final class OverlayMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OverlayMessages() {}

    static ObjectNode view(View view) {
        ObjectNode m = JSON.createObjectNode();
        if (view instanceof View.Idle idle) {
            m.put("view", "idle").put("user", name(idle.keptSession())).put("readerAvailable", idle.readerAvailable());
        } else if (view instanceof View.Busy busy) {
            m.put("view", "busy").put("text", busy.text());
        } else if (view instanceof View.PasswordForm form) {
            m.put("view", "password").put("username", form.username()).put("purpose", form.purpose());
        } else if (view instanceof View.SecondFactorForm form) {
            m.put("view", "code").put("user", name(form.user())).put("method", form.method());
        } else if (view instanceof View.EnrollmentForm) {
            m.put("view", "enroll");
        } else if (view instanceof View.Message message) {
            m.put("view", "message").put("kind", message.kind().name()).put("text", message.text());
        } else if (view instanceof View.HiddenScreen hidden) {
            m.put("view", "hidden").put("user", name(hidden.user()));
        }
        return m;
    }

    private static String name(User user) {
        return user == null ? "" : user.displayName();
    }
}
