package org.tapin.agent.appliance.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.appliance.ApplianceException;
import org.tapin.agent.json.Json;

/**
 * Keeps the endpoint's policy current: a background thread long-polls {@code GET /v1/policy} with the last
 * ETag, so a change on the appliance arrives within about a second; each new policy goes to the callback and
 * into a cache file in the data folder, so the last good policy applies after a restart with no appliance
 * (the cached one is handed to the callback first, at {@link #start}). Failures back off from 1 s to 60 s.
 */
public final class PolicyWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Policy");
    /** The cache file's name in the data folder; the support bundle collects it. */
    public static final String CACHE = "appliance-policy.json";

    /** A policy as the appliance served it: the group, the ETag, the policy document (JSON), and whether it came from the cache. */
    public record Update(String group, String etag, String policyJson, boolean fromCache) {}

    private final ApplianceClient client;
    private final Path cacheFile;
    private final Consumer<Update> onPolicy;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private final Thread thread;
    private volatile boolean running = true;
    private String etag;

    public PolicyWatcher(ApplianceClient client, Path dataDir, Consumer<Update> onPolicy) {
        this.client = client;
        this.cacheFile = dataDir.resolve(CACHE);
        this.onPolicy = onPolicy;
        this.thread = new Thread(this::loop, "policy-watcher");
        this.thread.setDaemon(true);
    }

    /** Hands over the cached policy (if any), then starts watching. */
    public PolicyWatcher start() {
        readCache().ifPresent(cached -> {
            etag = cached.etag();
            LOG.info("policy of group {} from the cache ({})", cached.group(), cached.etag());
            hand(cached);
        });
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            try {
                ApplianceClient.PolicyAnswer answer = client.policy(etag, etag == null ? 0 : ApplianceClient.POLL_SECONDS);
                backoff.reset();
                if (answer.changed()) {
                    etag = answer.etag();
                    Update update = new Update(answer.group(), answer.etag(), answer.policyJson(), false);
                    LOG.info("new policy for group {} ({})", update.group(), update.etag());
                    writeCache(update);
                    hand(update);
                }
                client.probePreferred();
            } catch (ApplianceException | MalformedAnswerException e) {
                pause("policy: " + e.getMessage());
            } catch (EndpointRevokedException e) {
                pause("policy: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("policy watcher failed; trying again", e);
                pause("policy watcher failed: " + e);
            }
        }
    }

    private void pause(String why) {
        if (running && !backoff.pauseAfter(LOG, why)) {
            running = false; // closing: the failure was the interruption
        }
    }

    private void hand(Update update) {
        try {
            onPolicy.accept(update);
        } catch (RuntimeException e) {
            LOG.error("the policy callback failed on {}: {}", update.etag(), e.toString());
        }
    }

    private Optional<Update> readCache() {
        if (!Files.exists(cacheFile)) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.mapper().readTree(Files.readAllBytes(cacheFile));
            if (node != null && node.path("policy").isObject() && node.path("etag").isTextual()) {
                return Optional.of(new Update(node.path("group").asText(""), node.get("etag").asText(),
                        node.get("policy").toString(), true));
            }
            LOG.warn("{} is not a cached policy; ignored", cacheFile);
        } catch (IOException e) {
            LOG.warn("cannot read the cached policy {}: {}", cacheFile, e.getMessage());
        }
        return Optional.empty();
    }

    private void writeCache(Update update) {
        try {
            Files.createDirectories(cacheFile.getParent());
            var node = Json.mapper().createObjectNode().put("group", update.group()).put("etag", update.etag());
            node.set("policy", Json.mapper().readTree(update.policyJson()));
            Path tmp = cacheFile.resolveSibling(CACHE + ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(node.toString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(tmp, cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot cache the policy in {}: {}", cacheFile, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
