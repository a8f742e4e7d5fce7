package org.tapin.testkit.x11;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One X server per test class:
 * <pre>{@code
 * @RegisterExtension
 * static final XServerExtension X = XServerExtension.withOpenbox();
 * ... X.server().display(), X.server().screenshot(), new XClients(X.server()) ...
 * }</pre>
 * The server starts before the first test and stops after the last, whether tests pass or fail, together with
 * every client started through it. A failed test leaves a screenshot in {@code target/screenshots/}.
 */
public final class XServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, TestWatcher {
    private final XServerOptions options;
    private volatile XServer server;
    private volatile String ownerId;

    private XServerExtension(XServerOptions options) {
        this.options = options;
    }

    public static XServerExtension withOpenbox() {
        return new XServerExtension(XServerOptions.of(WindowManager.OPENBOX));
    }

    public static XServerExtension withXfwm4() {
        return new XServerExtension(XServerOptions.of(WindowManager.XFWM4));
    }

    public static XServerExtension withoutWindowManager() {
        return new XServerExtension(XServerOptions.of(WindowManager.NONE));
    }

    public XServerExtension size(int width, int height) {
        return new XServerExtension(options.withSize(width, height));
    }

    public XServerExtension monitors(int count) {
        return new XServerExtension(options.withMonitors(count));
    }

    /** Also runs xfce4-notifyd, so that {@link XClients#notification} shows a notification. */
    public XServerExtension withNotifications() {
        return new XServerExtension(options.withNotifications());
    }

    public XServerOptions options() {
        return options;
    }

    /** The running server; only between the class's start and end. */
    public XServer server() {
        XServer running = server;
        if (running == null) {
            throw new IllegalStateException("no X server is running: register XServerExtension on a static field "
                    + "with @RegisterExtension, and use it inside tests or @BeforeAll/@AfterAll methods");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server != null) {
            return; // a @Nested class shares its enclosing class's server
        }
        server = XServer.start(options);
        ownerId = context.getUniqueId();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            throw new ExtensionConfigurationException(
                    "XServerExtension must be registered on a static field: it starts one server per test class");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(ownerId)) {
            return;
        }
        XServer running = server;
        server = null;
        ownerId = null;
        running.close();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        XServer running = server;
        if (running == null) {
            return;
        }
        try {
            FailureScreenshots.save(running.screenshot(), context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName() + "-failed");
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // the test's own failure stays the headline
        }
    }
}
