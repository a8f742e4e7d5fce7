package org.tapin.testkit.radius;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One private FreeRADIUS per test class, stopped after the class:
 * {@code @RegisterExtension static final FreeRadiusExtension RADIUS = new FreeRadiusExtension();}, then
 * {@code RADIUS.server()} or a {@link FreeRadius} parameter.
 */
public final class FreeRadiusExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final java.util.Map<String, String> users;
    private FreeRadius server;

    public FreeRadiusExtension() {
        this(java.util.Map.of());
    }

    /** With more PAP users (name to password) besides those of {@code tools/radius}. */
    public FreeRadiusExtension(java.util.Map<String, String> users) {
        this.users = java.util.Map.copyOf(users);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = FreeRadius.start(users);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public FreeRadius server() {
        if (server == null) {
            throw new IllegalStateException("freeradius starts before all tests of the class");
        }
        return server;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FreeRadius.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }
}
