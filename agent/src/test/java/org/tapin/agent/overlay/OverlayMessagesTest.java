package org.tapin.agent.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tapin.agent.session.User;
import org.tapin.agent.session.View;

/** The view names the agent sends are the ones it believes back from the overlay. */
class OverlayMessagesTest {

    @Test
    void everyKindOfViewIsSentUnderANameTheAgentAcceptsBack() {
        User alice = new User("alice", "Dr Alice A");
        List<View> oneOfEach = List.of(new View.Idle(alice, true), new View.Busy("Checking"),
                new View.PasswordForm("", "sign in"), new View.SecondFactorForm(alice, "Enter your code"),
                new View.EnrollmentForm(), new View.PasswordChangeForm(alice, "expired", List.of(), false),
                new View.Message(View.Message.Kind.INFO, "hello"), new View.HiddenScreen(alice));
        assertThat(oneOfEach.stream().map(View::getClass).map(Class::getName))
                .as("one of each kind of view").containsExactlyInAnyOrderElementsOf(
                        java.util.Arrays.stream(View.class.getPermittedSubclasses()).map(Class::getName).toList());

        for (View view : oneOfEach) {
            assertThat(OverlayMessages.VIEW_NAMES).as(view.getClass().getSimpleName())
                    .contains(OverlayMessages.view(view).path("view").asText());
        }
    }
}
