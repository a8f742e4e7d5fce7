package org.tapin.x11.screen;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.Xrandr;
import org.tapin.x11.xlib.Xlib;

/**
 * Reads the monitors through RandR 1.5. The agent hands them to the lock-screen overlay, so every monitor is
 * covered and the prompt lands on the right one, whatever the toolkit itself can see (GTK ignores monitors
 * that have no output of their own). A server without RandR 1.5, or with no monitor, counts as one monitor
 * as large as the root.
 */
public final class Monitors {
    private Monitors() {}

    public static List<Monitor> read(XConnection x) {
        List<Monitor> monitors = new ArrayList<>();
        if (hasRandr15(x)) {
            IntByReference count = new IntByReference();
            Pointer infos = Xrandr.INSTANCE.XRRGetMonitors(x.display(), x.root(), true, count);
            if (infos != null) {
                try {
                    for (int i = 0; i < count.getValue(); i++) {
                        Pointer info = infos.share((long) i * Xrandr.MONITOR_SIZE);
                        long nameAtom = info.getLong(Xrandr.MONITOR_NAME);
                        int width = info.getInt(Xrandr.MONITOR_WIDTH);
                        int height = info.getInt(Xrandr.MONITOR_HEIGHT);
                        if (width > 0 && height > 0) {
                            monitors.add(new Monitor(monitorName(x, nameAtom, i), info.getInt(Xrandr.MONITOR_X),
                                    info.getInt(Xrandr.MONITOR_Y), width, height, info.getInt(Xrandr.MONITOR_PRIMARY) != 0));
                        }
                    }
                } finally {
                    Xrandr.INSTANCE.XRRFreeMonitors(infos);
                }
            }
        }
        if (monitors.isEmpty()) {
            monitors.add(new Monitor("root", 0, 0, x.screenWidth(), x.screenHeight(), true));
        }
        return List.copyOf(monitors);
    }

    /** The monitor for prompts: the one RandR calls primary, else the first (top-left-most as RandR lists them). */
    public static int promptIndex(List<Monitor> monitors) {
        for (int i = 0; i < monitors.size(); i++) {
            if (monitors.get(i).primary()) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Asks for RandR's layout-change events on the root and returns their event codes (RRScreenChangeNotify,
     * RRNotify), or an empty array when the server has no RandR. Hotplug on real hardware arrives this way.
     */
    public static int[] selectChanges(XConnection x) {
        IntByReference event = new IntByReference();
        IntByReference error = new IntByReference();
        if (!Xrandr.INSTANCE.XRRQueryExtension(x.display(), event, error)) {
            return new int[0];
        }
        Xrandr.INSTANCE.XRRSelectInput(x.display(), x.root(), Xrandr.LAYOUT_CHANGE_MASK);
        return new int[] {event.getValue(), event.getValue() + 1};
    }

    private static boolean hasRandr15(XConnection x) {
        IntByReference event = new IntByReference();
        IntByReference error = new IntByReference();
        if (!Xrandr.INSTANCE.XRRQueryExtension(x.display(), event, error)) {
            return false;
        }
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        return Xrandr.INSTANCE.XRRQueryVersion(x.display(), major, minor) != 0
                && (major.getValue() > 1 || (major.getValue() == 1 && minor.getValue() >= 5));
    }

    private static String monitorName(XConnection x, long atom, int index) {
        return atom == Xlib.NONE ? "monitor-" + index : x.atomName(atom).orElse("monitor-" + index);
    }
}
