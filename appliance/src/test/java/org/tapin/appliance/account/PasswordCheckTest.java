package org.tapin.appliance.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tapin.appliance.auth.PasswordHasher;

/** The rules as a user meets them: each broken rule is one sentence, and none quotes the password. */
class PasswordCheckTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final PasswordCheck strict = new PasswordCheck(new PasswordRules(10, 20, 2, 3, true, 1, true, 3, 90, 14), hasher);

    private List<String> problems(PasswordCheck check, String username, String password, List<String> previous) {
        return check.problems(username, password.toCharArray(), previous);
    }

    @Test
    void aPasswordThatKeepsEveryRulePasses() {
        assertThat(problems(strict, "drgrey", "Ward-33-Night", List.of())).isEmpty();
    }

    @Test
    void eachBrokenRuleIsNamedInAClearSentence() {
        assertThat(problems(strict, "drgrey", "abc", List.of())).containsExactly(
                "The password must be at least 10 characters long.",
                "The password must contain at least 2 digit(s).",
                "The password must contain an upper-case letter.",
                "The password must contain at least 1 special character(s), such as ! # % or -.");
        assertThat(problems(strict, "drgrey", "x".repeat(21) + "A1-2", List.of()))
                .containsExactly("The password must be at most 20 characters long.");
        assertThat(problems(strict, "drgrey", "12345678-A9b", List.of()))
                .containsExactly("The password must contain at least 3 letter(s).");
        assertThat(problems(strict, "drgrey", "MY-DRGREY-77", List.of())).containsExactly(
                "The password must contain a lower-case letter.", "The password must not contain the user name.");
    }

    @Test
    void noSentenceQuotesThePassword() {
        String password = "Qz";
        assertThat(String.join(" ", problems(strict, "drgrey", password, List.of()))).doesNotContain(password);
    }

    @Test
    void aPreviousPasswordIsRefusedByItsSlowHash() {
        List<String> previous = List.of(hasher.hash("Old-Pass-11".toCharArray()), hasher.hash("Older-Pass-22".toCharArray()));
        assertThat(problems(strict, "drgrey", "Older-Pass-22", previous))
                .containsExactly("The password must differ from the previous passwords.");
        assertThat(problems(strict, "drgrey", "Newer-Pass-33", previous)).isEmpty();
    }

    @Test
    void theDefaultsAskForEightCharactersAndNotTheUserName() {
        PasswordCheck defaults = new PasswordCheck(PasswordRules.DEFAULTS, hasher);
        assertThat(problems(defaults, "alice", "short", List.of())).containsExactly("The password must be at least 8 characters long.");
        assertThat(problems(defaults, "alice", "alice-123", List.of())).containsExactly("The password must not contain the user name.");
        assertThat(problems(defaults, "alice", "long enough", List.of())).isEmpty();
    }
}
