package org.tapin.agent.loader;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loader's probation signal (loader protocol 1): the loader names a file in {@code $TAPIN_HEALTH_FILE}, and a
 * new agent version is marked good once that file exists. The agent creates it when it has locked the display
 * and runs, never earlier, so a version that cannot lock is rolled back. Without the variable (an admin running
 * {@code tapin agent} by hand) there is nothing to report.
 */
public final class HealthFile {

    public static final String ENVIRONMENT_VARIABLE = "TAPIN_HEALTH_FILE";
    private static final Logger LOG = LoggerFactory.getLogger("Agent");

    private final Path file;

    HealthFile(Path file) {
        this.file = file;
    }

    public static Optional<HealthFile> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new HealthFile(Path.of(value)));
    }

    /** Creates the file; a failure is logged, and the loader, seeing no file, rolls this version back. */
    public void reportHealthy() {
        try {
            Files.createFile(file);
            LOG.info("healthy: told the loader ({})", file);
        } catch (FileAlreadyExistsException e) {
            LOG.debug("healthy: {} already exists", file);
        } catch (IOException e) {
            LOG.error("cannot tell the loader this version is healthy ({}): it will roll back", e.toString());
        }
    }
}
