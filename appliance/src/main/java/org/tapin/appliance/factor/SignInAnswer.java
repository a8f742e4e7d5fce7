package org.tapin.appliance.factor;

import java.time.Instant;
import java.util.List;
import org.tapin.appliance.auth.Decision;
import org.tapin.appliance.store.UserAccount;

/**
 * One step's answer: {@code ok}, {@code unknown-badge}, {@code denied} (with {@code reason}), or a sign-in that
 * goes on: {@code second-factor} (with the {@code methods} the user may use), {@code challenge} (a RADIUS
 * server's {@code message} to show) or {@code change-password} (the password is right but must be replaced
 * first: {@code reason} says why or which rules a rejected new one broke, {@code rules} lists the rules in
 * force). Those carry a single-use {@code token} for the next step, valid until {@code expires}. {@code group}
 * is the policy group a directory (LDAP) put the user in, on an {@code ok} that needed no second step.
 * {@code expiresInDays}, on an {@code ok}, warns that the local password expires that soon (null: no warning).
 */
public record SignInAnswer(String result, UserAccount user, String reason, String token, Instant expires,
        List<String> methods, String message, String group, List<String> rules, Integer expiresInDays) {

    public static final String CHANGE_PASSWORD = "change-password";

    public static SignInAnswer of(Decision d) {
        return new SignInAnswer(d.result(), d.user(), d.reason(), null, null, List.of(), null, d.group(), List.of(), null);
    }

    public static SignInAnswer ok(UserAccount user) {
        return ok(user, null);
    }

    /** {@code group}: the policy group a directory put the user in, null when none did. */
    public static SignInAnswer ok(UserAccount user, String group) {
        return new SignInAnswer("ok", user, null, null, null, List.of(), null, group, List.of(), null);
    }

    public static SignInAnswer denied(String reason) {
        return new SignInAnswer("denied", null, reason, null, null, List.of(), null, null, List.of(), null);
    }

    public static SignInAnswer secondFactor(UserAccount user, Continuations.Issued issued, List<String> methods) {
        return new SignInAnswer("second-factor", user, null, issued.token(), issued.expires(), List.copyOf(methods), null, null,
                List.of(), null);
    }

    public static SignInAnswer challenge(String message, Continuations.Issued issued) {
        return new SignInAnswer("challenge", null, null, issued.token(), issued.expires(), List.of(), message, null, List.of(), null);
    }

    public static SignInAnswer changePassword(UserAccount user, Continuations.Issued issued, String reason, List<String> rules) {
        return new SignInAnswer(CHANGE_PASSWORD, user, reason, issued.token(), issued.expires(), List.of(), null, null,
                List.copyOf(rules), null);
    }

    /** This answer with a warning that the password expires in {@code days} days. */
    public SignInAnswer expiringIn(int days) {
        return new SignInAnswer(result, user, reason, token, expires, methods, message, group, rules, days);
    }

    public boolean ok() {
        return result.equals("ok");
    }

    /** For audit and logs: the result and reason, never the token. */
    public String outcome() {
        return result + (reason == null ? "" : " (" + reason + ")") + (methods.isEmpty() ? "" : " " + methods)
                + (expiresInDays == null ? "" : "; password expires in " + expiresInDays + " day(s)");
    }
}
