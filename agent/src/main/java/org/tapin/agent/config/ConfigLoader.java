package org.tapin.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Finds and reads {@code Imprivata.conf}: the one entry point the agent and the CLI use. */
public final class ConfigLoader {

    public static final Path DEFAULT_PATH = Path.of("/usr/lib/imprivata/runtime/etc/Imprivata.conf");
    public static final String ENVIRONMENT_VARIABLE = "TAPIN_CONFIG";

    private ConfigLoader() {}

    /** The file to read: an explicit path (a flag) wins, then {@value #ENVIRONMENT_VARIABLE}, then the default. */
    public static Path locate(Path explicit, Map<String, String> environment) {
        if (explicit != null) {
            return explicit;
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return DEFAULT_PATH;
    }

    /** Never throws: an unreadable file is a report with one error and the defaults, which start locked. */
    public static ConfigReport load(Path file) {
        IniFileReader.Result result = IniFileReader.read(file);
        if (result instanceof IniFileReader.Unreadable unreadable) {
            return new ConfigReport(TapinConfig.defaults(), List.of(unreadable.problem()));
        }
        return ConfigValidator.validate(((IniFileReader.Read) result).document());
    }
}
