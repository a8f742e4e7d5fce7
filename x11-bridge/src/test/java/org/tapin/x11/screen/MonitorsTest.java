package org.tapin.x11.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.x11.xlib.XConnection;

/** Monitors as RandR 1.5 reports them on a real Xvfb split in two, including one GTK would not see. */
class MonitorsTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withoutWindowManager().size(1600, 600).monitors(2);

    @Test
    void readsBothMonitorsSideBySide() {
        try (XConnection x = XConnection.open(X.server().display())) {
            List<Monitor> monitors = Monitors.read(x);
            assertThat(monitors).extracting(Monitor::name).containsExactly("tapin-0", "tapin-1");
            assertThat(monitors).extracting(Monitor::x, Monitor::width, Monitor::height)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 800, 600),
                            org.assertj.core.groups.Tuple.tuple(800, 800, 600));
            assertThat(Monitors.promptIndex(monitors)).isZero();
        }
    }

    @Test
    void thePrimaryMonitorGetsThePrompt() throws Exception {
        try (XConnection x = XConnection.open(X.server().display())) {
            X.server().run("xrandr", "--delmonitor", "tapin-1");
            X.server().run("xrandr", "--setmonitor", "*tapin-1", "800/211x600/158+800+0", "none");
            try {
                List<Monitor> monitors = Monitors.read(x);
                assertThat(monitors.get(Monitors.promptIndex(monitors)).name()).isEqualTo("tapin-1");
            } finally {
                X.server().run("xrandr", "--delmonitor", "tapin-1");
                X.server().run("xrandr", "--setmonitor", "tapin-1", "800/211x600/158+800+0", "none");
            }
        }
    }
}
