package org.tapin.appliance.factor;

import java.time.Instant;
import java.util.List;
import org.tapin.appliance.auth.Decision;
import org.tapin.appliance.store.UserAccount;

/**
 * One step's answer: {@code ok}, {@code unknown-badge}, {@code denied} (with {@code reason}), or a sign-in that
 * goes on: {@code second-factor} (with the {@code methods} the user may use) or {@code challenge} (a RADIUS
 * server's {@code message} to show). Both carry a single-use {@code token} for the next step, valid until
 * {@code expires}. {@code group} is the policy group a directory (LDAP) put the user in, on an {@code ok} that
 * needed no second step.
 */
public record SignInAnswer(String result, UserAccount user, String reason, String token, Instant expires,
        List<String> methods, String message, String group) {

    public static SignInAnswer of(Decision d) {
        return new SignInAnswer(d.result(), d.user(), d.reason(), null, null, List.of(), null, d.group());
    }

    public static SignInAnswer ok(UserAccount user) {
        return ok(user, null);
    }

    /** {@code group}: the policy group a directory put the user in, null when none did. */
    public static SignInAnswer ok(UserAccount user, String group) {
        return new SignInAnswer("ok", user, null, null, null, List.of(), null, group);
    }

    public static SignInAnswer denied(String reason) {
        return new SignInAnswer("denied", null, reason, null, null, List.of(), null, null);
    }

    public static SignInAnswer secondFactor(UserAccount user, Continuations.Issued issued, List<String> methods) {
        return new SignInAnswer("second-factor", user, null, issued.token(), issued.expires(), List.copyOf(methods), null, null);
    }

    public static SignInAnswer challenge(String message, Continuations.Issued issued) {
        return new SignInAnswer("challenge", null, null, issued.token(), issued.expires(), List.of(), message, null);
    }

    public boolean ok() {
        return result.equals("ok");
    }

    /** For audit and logs: the result and reason, never the token. */
    public String outcome() {
        return result + (reason == null ? "" : " (" + reason + ")") + (methods.isEmpty() ? "" : " " + methods);
    }
}
