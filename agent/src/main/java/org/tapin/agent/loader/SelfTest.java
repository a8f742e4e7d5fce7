package org.tapin.agent.loader;

import com.sun.jna.NativeLibrary;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tapin.agent.config.ConfigLoader;
import org.tapin.agent.config.ConfigProblem;
import org.tapin.agent.config.ConfigReport;
import org.tapin.agent.config.Severity;

/**
 * {@code --self-test}, run by the loader with the real JVM in a freshly staged slot before it switches to it
 * (loader protocol 1): every jar of the class path is readable and its class files fit this Java, the tapin
 * classes link, every native library the agent binds through JNA loads, and the site's Imprivata.conf is usable
 * by this version. Prints one line per check and, on
 * failure, a last line naming the first problem; exit 0 only when all passed.
 */
final class SelfTest {

    /** What the agent binds at run time: JNA's own stub, Xlib and its extensions, and PC/SC. */
    static final List<String> NATIVE_LIBRARIES = List.of("X11", "Xrandr", "XRes", "Xss", "libpcsclite.so.1");
    /** Classes whose loading pulls in each part of the agent: the command line, the daemon, the X11 bridge. */
    static final List<String> ENTRY_CLASSES = List.of("org.tapin.agent.cli.TapinCommand",
            "org.tapin.agent.daemon.AgentDaemon", "org.tapin.x11.cover.Cover", "org.tapin.agent.reader.PcscBadgeReader");

    private final PrintStream out;
    private final Map<String, String> environment;

    SelfTest(PrintStream out, Map<String, String> environment) {
        this.out = out;
        this.environment = environment;
    }

    int run(String classPath) {
        List<String> problems = new ArrayList<>();
        checkJars(classPath, problems);
        if (problems.isEmpty()) {
            checkClassesLink(problems);
        }
        if (problems.isEmpty()) {
            checkNativeLibraries(problems);
        }
        if (problems.isEmpty()) {
            checkConfiguration(problems);
        }
        if (problems.isEmpty()) {
            out.println("self-test passed");
            return 0;
        }
        out.println("self-test failed: " + problems.get(0));
        return 1;
    }

    private void checkJars(String classPath, List<String> problems) {
        ClassFileCheck check = ClassFileCheck.forThisJava();
        int[] classes = {0};
        int jars = 0;
        for (String element : classPath.split(File.pathSeparator)) {
            Path jar = Path.of(element);
            if (!element.endsWith(".jar")) {
                continue;
            }
            if (!Files.isRegularFile(jar)) {
                problems.add(jar + ": missing");
                return;
            }
            Optional<String> problem = check.problem(jar, classes);
            if (problem.isPresent()) {
                problems.add(problem.get());
                return;
            }
            jars++;
        }
        out.println("class files: " + classes[0] + " in " + jars + " jars fit Java " + Runtime.version().feature());
    }

    private void checkClassesLink(List<String> problems) {
        for (String name : ENTRY_CLASSES) {
            try {
                Class.forName(name, false, SelfTest.class.getClassLoader()).getDeclaredMethods();
            } catch (ReflectiveOperationException | LinkageError e) {
                problems.add(name + ": " + e);
                return;
            }
        }
        out.println("classes link: " + String.join(", ", ENTRY_CLASSES));
    }

    /** A version whose validator refuses the site's Imprivata.conf could not start: the running one stays. */
    private void checkConfiguration(List<String> problems) {
        Path file = ConfigLoader.locate(null, environment);
        ConfigReport report = ConfigLoader.load(file);
        if (!report.usable()) {
            problems.add(file + " is not usable by this version: " + report.problems().stream()
                    .filter(p -> p.severity() == Severity.ERROR).map(ConfigProblem::format).findFirst().orElse(""));
            return;
        }
        out.println("configuration usable: " + file);
    }

    private void checkNativeLibraries(List<String> problems) {
        for (String library : NATIVE_LIBRARIES) {
            try {
                NativeLibrary.getInstance(library);
            } catch (UnsatisfiedLinkError e) {
                problems.add("native library " + library + " does not load: " + e.getMessage().lines().findFirst().orElse(""));
                return;
            }
        }
        out.println("native libraries load: jnidispatch, " + String.join(", ", NATIVE_LIBRARIES));
    }
}
