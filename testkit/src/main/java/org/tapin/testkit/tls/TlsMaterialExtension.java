package org.tapin.testkit.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Generates one fresh set of {@link TlsMaterial} per test class into a temporary folder, hands it to any
 * constructor, lifecycle or test method parameter of type {@code TlsMaterial}, and deletes the folder when
 * the class is done. {@code @Nested} classes share their outer class's set.
 *
 * <pre>
 * &#64;ExtendWith(TlsMaterialExtension.class)
 * class ClientTest {
 *     &#64;Test void talks(TlsMaterial tls) { ... tls.server(Kind.VALID).serverSslContext() ... }
 * }
 *
 * // or, when the valid certificate must also name other hosts:
 * &#64;RegisterExtension static TlsMaterialExtension tls = TlsMaterialExtension.withHosts("appliance.test");
 * </pre>
 */
public final class TlsMaterialExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TlsMaterialExtension.class);

    private final List<String> extraHosts;

    public TlsMaterialExtension() {
        this(List.of());
    }

    private TlsMaterialExtension(List<String> extraHosts) {
        this.extraHosts = extraHosts;
    }

    /** Material whose VALID certificate also covers these DNS names or IP addresses. */
    public static TlsMaterialExtension withHosts(String... hosts) {
        return new TlsMaterialExtension(List.of(hosts));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Generating here, not lazily, puts a broken openssl into the class's setup failure, once.
        material(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TlsMaterial.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return material(context);
    }

    private TlsMaterial material(ExtensionContext context) {
        // Kept in the class's store so every method of the class sees the same set; store lookups fall
        // back to enclosing classes, which is how @Nested classes share it.
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent("material " + extraHosts, key -> Generated.create(extraHosts), Generated.class)
                .material();
    }

    /** The generated set; JUnit closes it with the class's context, which deletes the folder. */
    private record Generated(TlsMaterial material) implements ExtensionContext.Store.CloseableResource {
        static Generated create(List<String> extraHosts) {
            Path folder;
            try {
                folder = Files.createTempDirectory("tapin-tls-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary folder for TLS material", e);
            }
            try {
                return new Generated(TlsMaterial.generate(folder, extraHosts.toArray(String[]::new)));
            } catch (RuntimeException e) {
                deleteRecursively(folder);
                throw e;
            }
        }

        @Override
        public void close() {
            deleteRecursively(material.directory());
        }

        private static void deleteRecursively(Path folder) {
            if (!Files.exists(folder)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete TLS material in " + folder, e);
            }
        }
    }
}
