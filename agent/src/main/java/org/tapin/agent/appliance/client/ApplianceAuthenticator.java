package org.tapin.agent.appliance.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.appliance.ApplianceException;
import org.tapin.agent.daemon.Ports;
import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Outcome;
import org.tapin.agent.session.Secret;
import org.tapin.agent.session.User;

/**
 * {@link Ports.Appliance} over the appliance protocol. Each call returns at once; the work runs on this
 * object's own threads and its {@link Outcome} goes to {@link Ports.Answers#answer}, exactly once per attempt,
 * whatever happens: no appliance answering, TLS refused, a revoked endpoint, a malformed answer or a bug all
 * become {@link Outcome.Unreachable} or {@link Outcome.Denied} with one log line that says why. Passwords are
 * cleared once sent (or once it is clear they will not be); no log line carries a secret or a whole badge ID.
 */
public final class ApplianceAuthenticator implements Ports.Appliance, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Appliance");
    static final String REVOKED = "This computer may not sign anyone in: the appliance refuses it. Ask IT.";
    static final String NO_PENDING_SIGN_IN = "That sign-in expired. Tap your badge or sign in again.";

    private final ApplianceClient client;
    private final Ports.Answers answers;
    private final ExecutorService executor;
    /** The token of each sign-in the appliance asked to go on, by user: spent by the next step. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public ApplianceAuthenticator(ApplianceClient client, Ports.Answers answers) {
        this.client = client;
        this.answers = answers;
        AtomicInteger n = new AtomicInteger();
        // Two threads: a tap is never queued behind one password check that waits for a slow appliance.
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "appliance-auth-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void verifyBadge(long attempt, BadgeId badge) {
        submit(attempt, "badge " + badge.masked(), null, () -> {
            JsonNode answer = client.authenticate("v1/auth/badge", ApplianceClient.secretBody(Map.of("badge", badge.value())), true);
            return outcome(answer, badge, "badge " + badge.masked(), null);
        });
    }

    @Override
    public void verifyPassword(long attempt, String username, Secret password) {
        String what = "password for " + username;
        submit(attempt, what, password, () -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("username", username);
            return outcome(sendWithSecret("v1/auth/password", fields, "password", password), null, what, username);
        });
    }

    /**
     * The next step of a sign-in the appliance asked to go on ("second-factor" or a RADIUS "challenge"), with the
     * single-use token it gave. Never resent to another appliance: the token lives in the one that issued it.
     */
    @Override
    public void verifySecondFactor(long attempt, User user, Secret code) {
        continueSignIn(attempt, "second factor for " + user.username(), user, "v1/auth/second-factor", "code", code);
    }

    /** The new password for a sign-in the appliance answered with "change-password"; the same token rules. */
    @Override
    public void changePassword(long attempt, User user, Secret password) {
        continueSignIn(attempt, "password change for " + user.username(), user, "v1/auth/change-password", "password", password);
    }

    private void continueSignIn(long attempt, String what, User user, String path, String secretField, Secret secret) {
        String token = tokens.remove(user.username());
        submit(attempt, what, secret, () -> {
            if (token == null) {
                LOG.warn("{}: no sign-in of this user is waiting for one", what);
                return new Outcome.Denied(NO_PENDING_SIGN_IN);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("token", token);
            return outcome(sendWithSecret(path, fields, secretField, secret), null, what, user.username());
        });
    }

    @Override
    public void enroll(long attempt, BadgeId badge, String username, Secret password) {
        String what = "enrollment of badge " + badge.masked() + " for " + username;
        submit(attempt, what, password, () -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("badge", badge.value());
            fields.put("username", username);
            return outcome(sendWithSecret("v1/auth/enroll", fields, "password", password), null, what, username);
        });
    }

    /**
     * Sends {@code fields} plus the secret under {@code secretField} to a call that is never resent: the secret's
     * characters and the request body are zeroed whatever happens.
     */
    private JsonNode sendWithSecret(String path, Map<String, Object> fields, String secretField, Secret secret)
            throws Exception {
        char[] chars = secret.reveal();
        byte[] body = null;
        try {
            fields.put(secretField, chars);
            body = ApplianceClient.secretBody(fields);
            return client.authenticate(path, body, false);
        } finally {
            Arrays.fill(chars, '\0');
            if (body != null) {
                Arrays.fill(body, (byte) 0);
            }
        }
    }

    private interface Call {
        Outcome run() throws Exception;
    }

    private void submit(long attempt, String what, Secret secret, Call call) {
        try {
            executor.execute(() -> {
                Outcome outcome;
                try {
                    outcome = call.run();
                } catch (ApplianceException e) {
                    LOG.warn("{}: {}", what, e.getMessage());
                    outcome = new Outcome.Unreachable(e.getMessage());
                } catch (EndpointRevokedException e) {
                    LOG.error("{}: {}", what, e.getMessage());
                    outcome = new Outcome.Denied(REVOKED);
                } catch (MalformedAnswerException e) {
                    LOG.error("{}: the appliance's answer is unusable: {}", what, e.getMessage());
                    outcome = new Outcome.Unreachable("unusable answer: " + e.getMessage());
                } catch (Exception | Error e) {
                    LOG.error("{}: failed: {}", what, e.toString());
                    outcome = new Outcome.Unreachable("failed: " + e.getClass().getSimpleName());
                } finally {
                    if (secret != null) {
                        secret.clear();
                    }
                }
                deliver(attempt, what, outcome);
            });
        } catch (RejectedExecutionException e) {
            if (secret != null) {
                secret.clear();
            }
            deliver(attempt, what, new Outcome.Unreachable("the appliance client is stopped"));
        }
    }

    private void deliver(long attempt, String what, Outcome outcome) {
        try {
            answers.answer(attempt, outcome);
        } catch (RuntimeException e) {
            LOG.error("{}: the session did not take the answer: {}", what, e.toString());
        }
    }

    /**
     * Maps a decision answer to an {@link Outcome}; anything not in protocol v1 is a malformed answer. A sign-in
     * that goes on keeps its token for {@link #verifySecondFactor}. {@code username}: who typed a password, for
     * a RADIUS challenge (which names no user); null for a badge.
     */
    Outcome outcome(JsonNode answer, BadgeId badge, String what, String username) throws MalformedAnswerException {
        String result = answer.path("result").asText("");
        switch (result) {
            case "ok" -> {
                User user = user(answer, what);
                JsonNode days = answer.path("passwordExpiresInDays");
                if (!days.isMissingNode() && !days.isIntegralNumber()) {
                    throw new MalformedAnswerException(what + ": passwordExpiresInDays is not a whole number");
                }
                LOG.info("{}: ok, {}{}", what, user.username(), days.isMissingNode() ? "" : "; password expires in "
                        + days.asInt() + " day(s)");
                return new Outcome.Ok(user, days.isMissingNode() ? null : ClinicianWording.passwordExpiry(days.asInt()));
            }
            case "change-password" -> {
                User user = user(answer, what);
                tokens.put(user.username(), token(answer, what));
                List<String> rules = new ArrayList<>();
                answer.path("rules").forEach(r -> rules.add(r.asText("")));
                String reason = answer.path("reason").asText("");
                LOG.info("{}: {} must choose a new password ({})", what, user.username(), reason);
                return new Outcome.PasswordChangeNeeded(user, reason.isEmpty() ? "Choose a new password." : reason, rules);
            }
            case "unknown-badge" -> {
                if (badge == null) {
                    throw new MalformedAnswerException("unknown-badge answered to a call without a badge");
                }
                LOG.info("{}: unknown badge", what);
                return new Outcome.UnknownBadge(badge);
            }
            case "second-factor" -> {
                User user = user(answer, what);
                List<String> methods = new ArrayList<>();
                answer.path("methods").forEach(m -> methods.add(m.asText("")));
                tokens.put(user.username(), token(answer, what));
                LOG.info("{}: second factor ({}) needed for {}", what, String.join(", ", methods), user.username());
                return new Outcome.SecondFactorNeeded(user, SecondFactorPrompt.of(methods));
            }
            case "challenge" -> {
                String message = answer.path("message").asText("");
                if (username == null || username.isEmpty()) {
                    throw new MalformedAnswerException("challenge answered to a call without a user name");
                }
                tokens.put(username, token(answer, what));
                LOG.info("{}: the appliance's RADIUS server asks for more", what);
                return new Outcome.SecondFactorNeeded(new User(username, username), SecondFactorPrompt.challenge(message));
            }
            case "denied" -> {
                String reason = answer.path("reason").asText("");
                LOG.info("{}: denied ({})", what, reason);
                String shown = ClinicianWording.reason(reason, java.time.Instant.now(), java.time.ZoneId.systemDefault());
                return new Outcome.Denied(shown.isEmpty() ? "Denied by the appliance." : shown);
            }
            default -> throw new MalformedAnswerException("result '" + result + "' is not a protocol v1 result");
        }
    }

    private static String token(JsonNode answer, String what) throws MalformedAnswerException {
        String token = answer.path("token").asText("");
        if (token.isEmpty() || token.length() > 128) {
            throw new MalformedAnswerException(what + ": a sign-in that goes on without a usable token");
        }
        return token;
    }

    private static User user(JsonNode answer, String what) throws MalformedAnswerException {
        String username = answer.path("user").path("username").asText("");
        if (username.isEmpty()) {
            throw new MalformedAnswerException(what + ": an answer without user.username");
        }
        String display = answer.path("user").path("displayName").asText("");
        return new User(username, display.isEmpty() ? username : display);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
