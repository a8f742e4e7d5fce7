package org.tapin.testkit.pcsc;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private PC/SC stack per test class, usable from this JVM (javax.smartcardio) and from child processes:
 * {@code @RegisterExtension static final PcscExtension PCSC = new PcscExtension();}
 */
public final class PcscExtension implements BeforeAllCallback, AfterAllCallback {
    private PcscStack stack;

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = PcscStack.forThisJvm();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null) {
            stack.close();
        }
    }

    public PcscStack stack() {
        if (stack == null) {
            throw new IllegalStateException("the PC/SC stack starts before all tests of the class");
        }
        return stack;
    }
}
