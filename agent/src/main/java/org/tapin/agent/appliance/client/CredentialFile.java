package org.tapin.agent.appliance.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.json.Json;

/**
 * The endpoint's appliance credential in the agent's data folder ({@code appliance-credential}, JSON), readable
 * by the agent's user alone: created {@code 0600} from the first byte (never chmod'ed after the fact), written
 * to a temporary file, fsync'd and renamed into place so a crash leaves the old credential or the new one. A
 * file that others can read is refused, since anyone who has the credential can act as this endpoint.
 */
public final class CredentialFile {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Appliance");
    static final String NAME = "appliance-credential";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** What registration gave: the endpoint's id and its bearer credential. */
    public record Credential(String endpointId, String secret) {
        @Override
        public String toString() {
            return "Credential[" + endpointId + "]"; // never the secret
        }
    }

    private final Path file;

    public CredentialFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    public Optional<Credential> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException(file + " is readable by others (" + PosixFilePermissions.toString(permissions)
                    + "); remove it so the agent registers again, since the credential may be known");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            LOG.warn("{} is damaged ({}); registering again", file, e.getMessage());
            return Optional.empty();
        }
        if (node == null || !node.path("endpointId").isTextual() || !node.path("credential").isTextual()) {
            LOG.warn("{} lacks endpointId or credential; registering again", file);
            return Optional.empty();
        }
        return Optional.of(new Credential(node.get("endpointId").asText(), node.get("credential").asText()));
    }

    public void write(Credential credential) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(NAME + ".tmp");
        Files.deleteIfExists(tmp);
        byte[] bytes = Json.mapper().writeValueAsBytes(Json.mapper().createObjectNode()
                .put("endpointId", credential.endpointId()).put("credential", credential.secret()));
        try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            channel.write(ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        Files.setPosixFilePermissions(tmp, OWNER_ONLY); // the umask may have removed bits, never added
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync {}: {}", file.getParent(), e.getMessage());
        }
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
