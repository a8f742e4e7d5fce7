package org.tapin.testkit.x11;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to open an xterm: its WM_CLASS ({@code instanceName}, {@code className}), title, background colour (a
 * colour unique to the test lets pixel checks find or miss it), an optional {@code -geometry} ("80x24+0+0",
 * in characters), more xterm options ({@code -maximized}, {@code -fullscreen}) and an optional command instead of
 * a shell.
 */
public record XTerm(String instanceName, String className, String title, Color background, String geometry,
        List<String> options, List<String> command) {

    public XTerm {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(background, "background");
        options = List.copyOf(options);
        command = List.copyOf(command);
    }

    /** WM_CLASS "xterm", "XTerm", title "xterm", a shell, placed by the window manager. */
    public static XTerm withBackground(Color background) {
        return new XTerm("xterm", "XTerm", "xterm", background, null, List.of(), List.of());
    }

    public XTerm withClass(String newInstanceName, String newClassName) {
        return new XTerm(newInstanceName, newClassName, title, background, geometry, options, command);
    }

    public XTerm withTitle(String newTitle) {
        return new XTerm(instanceName, className, newTitle, background, geometry, options, command);
    }

    public XTerm withGeometry(String newGeometry) {
        return new XTerm(instanceName, className, title, background, newGeometry, options, command);
    }

    /** Adds xterm options, e.g. {@code -maximized} to be maximized on the monitor the window manager picks. */
    public XTerm withOptions(String... moreOptions) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(moreOptions));
        return new XTerm(instanceName, className, title, background, geometry, all, command);
    }

    /** Runs this command in the terminal instead of a shell, e.g. {@code "sh", "-c", "cat > typed.txt"}. */
    public XTerm running(String... newCommand) {
        return new XTerm(instanceName, className, title, background, geometry, options, List.of(newCommand));
    }
}
