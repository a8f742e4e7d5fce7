package org.tapin.agent.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.session.User;
import org.tapin.x11.window.SessionWindows;
import org.tapin.x11.window.WindowPolicy;

/**
 * The session port for a thin client whose desktop is the session (no VDI client to start per user). One user's
 * session at a time: when another user's session starts (tap over, or a tap after the lock kept someone else's
 * session, even across an agent restart, since the owner is kept in a file), the previous user's applications are
 * closed ({@link SessionWindows}) before the cover comes down, so nobody sees another clinician's patient. A
 * session launcher for VDI clients replaces this one.
 */
final class LocalDesktop implements Ports.Sessions {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Session");
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final String display;
    private final Path ownerFile;
    private final Supplier<WindowPolicy> keep;

    /** @param keep the windows that are no one's session: the access list's and the lock screen's own */
    LocalDesktop(String display, Path ownerFile, Supplier<WindowPolicy> keep) {
        this.display = display;
        this.ownerFile = ownerFile;
        this.keep = keep;
    }

    @Override
    public void start(User user) {
        Optional<String> previous = owner();
        if (previous.isPresent() && !previous.get().equals(user.username())) {
            end(previous.get(), user);
        }
        own(user);
        LOG.info("desktop session for {} ({})", user.username(), user.displayName());
    }

    @Override
    public void switchTo(User from, User to) {
        end(from.username(), to);
        own(to);
        LOG.info("desktop session switched from {} to {}", from.username(), to.username());
    }

    /**
     * A desktop notification (notify-send, when the desktop has it), so the notice shows over the user's own
     * windows once the lock is down. Only the notice's words are on its command line, never a secret.
     */
    @Override
    public void notice(User user, String text) {
        LOG.info("notice for {}: {}", user.username(), text);
        try {
            new ProcessBuilder("notify-send", "--app-name=tapin", "--expire-time=20000", "Password", text)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            LOG.warn("cannot show the notice on the desktop (notify-send: {}); it is in this log only", e.getMessage());
        }
    }

    private void end(String previous, User next) {
        SessionWindows.Closed closed = SessionWindows.closeApplications(display, keep.get(), CLOSE_WAIT);
        if (closed.classes().isEmpty()) {
            LOG.info("session of {} ended: no application windows were open", previous);
        } else {
            LOG.info("session of {} ended before {}'s: closed {} application(s): {}{}", previous, next.username(),
                    closed.classes().size(), String.join(", ", closed.classes()),
                    closed.allGone() ? "" : " (some still closing)");
        }
    }

    private Optional<String> owner() {
        try {
            String name = Files.readString(ownerFile, StandardCharsets.UTF_8).strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // Unknown owner: treat the desktop as someone else's, so it is cleared rather than shown.
            LOG.warn("cannot read {} ({}): the desktop is treated as another user's", ownerFile, e.getMessage());
            return Optional.of("");
        }
    }

    private void own(User user) {
        try {
            Files.createDirectories(ownerFile.getParent());
            Path tmp = ownerFile.resolveSibling(ownerFile.getFileName() + ".tmp");
            Files.writeString(tmp, user.username(), StandardCharsets.UTF_8);
            Files.move(tmp, ownerFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot record the desktop's owner in {}: {}", ownerFile, e.getMessage());
        }
    }
}
