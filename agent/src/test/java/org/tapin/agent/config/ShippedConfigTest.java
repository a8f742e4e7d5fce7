package org.tapin.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped etc/Imprivata.conf is what admins read to learn the keys: it must be right and complete. */
class ShippedConfigTest {

    static final Path SHIPPED = Path.of("..", "etc", "Imprivata.conf");
    static final Pattern DOCUMENTED = Pattern.compile("^;\\s*([A-Za-z-]+)\\s*=\\s*(.*)$");

    @Test
    void loadsWithNoErrorAndOnlyTheMissingApplianceWarning() {
        ConfigReport report = ConfigLoader.load(SHIPPED);
        assertThat(report.usable()).isTrue();
        assertThat(report.problems()).extracting(ConfigProblem::message)
                .containsExactly("no appliance in [agent] appliances: badge taps and passwords cannot be checked, "
                        + "the screen stays locked");
        assertThat(report.config()).isEqualTo(TapinConfig.defaults());
    }

    @Test
    void documentsEveryKeyInItsSectionWithItsTrueDefault() throws Exception {
        Map<String, String> documented = new HashMap<>();
        String section = null;
        for (String line : Files.readAllLines(SHIPPED)) {
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
            }
            Matcher m = DOCUMENTED.matcher(line);
            if (m.matches() && section != null) {
                documented.put(section + "/" + m.group(1), m.group(2).trim());
            }
        }
        for (ConfigKey<?> key : ConfigSchema.keys()) {
            String id = key.section() + "/" + key.name();
            assertThat(documented).as("shipped file documents " + key.qualifiedName()).containsKey(id);
            if (key == ConfigSchema.APPLIANCES) {
                continue; // shown with an example, its default is empty
            }
            Object parsed = key.type().parse(documented.get(id));
            assertThat(parsed).as("documented default of " + key.qualifiedName()).isEqualTo(key.defaultValue());
        }
        assertThat(documented.keySet()).as("no documented key that the agent does not read")
                .allMatch(id -> ConfigSchema.find(id.substring(0, id.indexOf('/')), id.substring(id.indexOf('/') + 1)).isPresent());
        assertThat(List.copyOf(ConfigSchema.sections())).hasSize(7);
    }
}
