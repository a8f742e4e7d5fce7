package org.tapin.agent.appliance.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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
    static final String NO_SECOND_FACTOR = "This appliance offers no second factor.";

    private final ApplianceClient client;
    private final Ports.Answers answers;
    private final ExecutorService executor;

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
            return outcome(answer, badge, "badge " + badge.masked());
        });
    }

    @Override
    public void verifyPassword(long attempt, String username, Secret password) {
        submit(attempt, "password for " + username, password, () -> {
            char[] chars = password.reveal();
            byte[] body = null;
            try {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("username", username);
                fields.put("password", chars);
                body = ApplianceClient.secretBody(fields);
                return outcome(client.authenticate("v1/auth/password", body, false), null, "password for " + username);
            } finally {
                Arrays.fill(chars, '\0');
                if (body != null) {
                    Arrays.fill(body, (byte) 0);
                }
            }
        });
    }

    @Override
    public void verifySecondFactor(long attempt, User user, Secret code) {
        // Protocol v1 has no second-factor call (the next issue adds directories and second factors).
        submit(attempt, "second factor for " + user.username(), code, () -> {
            LOG.warn("second factor for {} asked for, but protocol v1 has none: denied", user.username());
            return new Outcome.Denied(NO_SECOND_FACTOR);
        });
    }

    @Override
    public void enroll(long attempt, BadgeId badge, String username, Secret password) {
        String what = "enrollment of badge " + badge.masked() + " for " + username;
        submit(attempt, what, password, () -> {
            char[] chars = password.reveal();
            byte[] body = null;
            try {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("badge", badge.value());
                fields.put("username", username);
                fields.put("password", chars);
                body = ApplianceClient.secretBody(fields);
                return outcome(client.authenticate("v1/auth/enroll", body, false), null, what);
            } finally {
                Arrays.fill(chars, '\0');
                if (body != null) {
                    Arrays.fill(body, (byte) 0);
                }
            }
        });
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

    /** Maps a decision answer to an {@link Outcome}; anything not in protocol v1 is a malformed answer. */
    static Outcome outcome(JsonNode answer, BadgeId badge, String what) throws MalformedAnswerException {
        String result = answer.path("result").asText("");
        switch (result) {
            case "ok" -> {
                User user = user(answer, what);
                LOG.info("{}: ok, {}", what, user.username());
                return new Outcome.Ok(user);
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
                String method = answer.path("method").asText("");
                LOG.info("{}: second factor ({}) needed for {}", what, method, user.username());
                return new Outcome.SecondFactorNeeded(user, method);
            }
            case "denied" -> {
                String reason = answer.path("reason").asText("");
                LOG.info("{}: denied ({})", what, reason);
                return new Outcome.Denied(reason.isEmpty() ? "Denied by the appliance." : reason);
            }
            default -> throw new MalformedAnswerException("result '" + result + "' is not a protocol v1 result");
        }
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
