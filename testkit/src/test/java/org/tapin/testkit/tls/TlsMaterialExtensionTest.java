package org.tapin.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.tapin.testkit.tls.TlsMaterial.Kind;

/** Runs sample classes through the real JUnit engine and checks the extension's lifecycle around them. */
class TlsMaterialExtensionTest {
    static final Set<Path> SEEN = ConcurrentHashMap.newKeySet();

    @Test
    void oneSetPerClassSharedWithNestedClassesAndDeletedAfterwards() {
        SEEN.clear();

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleTest.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));

        assertThat(SEEN).hasSize(1);
        assertThat(SEEN.iterator().next()).doesNotExist();
    }

    @Test
    void extraHostsReachTheValidCertificate() {
        SEEN.clear();

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleWithHostsTest.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));

        assertThat(SEEN).hasSize(1).allSatisfy(folder -> assertThat(folder).doesNotExist());
    }

    // Nested sample classes: surefire skips them (inner classes), the engine runs them only from here.

    @ExtendWith(TlsMaterialExtension.class)
    static class SampleTest {
        private final TlsMaterial fromConstructor;

        SampleTest(TlsMaterial tls) {
            fromConstructor = tls;
        }

        @Test
        void first(TlsMaterial tls) {
            assertThat(tls.directory()).isEqualTo(fromConstructor.directory());
            assertThat(Files.isRegularFile(tls.server(Kind.VALID).pkcs12())).isTrue();
            SEEN.add(tls.directory());
        }

        @Test
        void second(TlsMaterial tls) {
            SEEN.add(tls.directory());
        }

        @Nested
        class Inner {
            @Test
            void sharesTheOuterSet(TlsMaterial tls) {
                SEEN.add(tls.directory());
            }
        }
    }

    static class SampleWithHostsTest {
        @RegisterExtension
        static final TlsMaterialExtension TLS = TlsMaterialExtension.withHosts("appliance.test");

        @Test
        void validCoversTheExtraHost(TlsMaterial tls) throws Exception {
            SEEN.add(tls.directory());
            var leaf = CaTrust.certificates(tls.server(Kind.VALID).certificateChain()).get(0);
            assertThat(leaf.getSubjectAlternativeNames()).anyMatch(n -> n.get(1).equals("appliance.test"));
        }
    }
}
