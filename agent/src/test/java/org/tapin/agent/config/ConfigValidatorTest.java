package org.tapin.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    static ConfigReport check(String text) {
        IniFileReader.Result result = IniFileReader.parse("Imprivata.conf", text);
        assertThat(result).isInstanceOf(IniFileReader.Read.class);
        return ConfigValidator.validate(((IniFileReader.Read) result).document());
    }

    static List<String> lines(ConfigReport report) {
        return report.problems().stream().map(ConfigProblem::format).toList();
    }

    static final String APPLIANCE = "[agent]\nappliances = https://sso.example\n";

    @Test
    void readsTypedValuesFromEverySectionInAnyOrder() {
        ConfigReport report = check("""
                [windows.monitor]
                log-activity = True
                [mainloader.SSL]
                ReadTimeout=15
                WriteTimeout : 20
                [agent]
                appliances = https://sso1.example, https://sso2.example:8443
                ca-certs-dir = /wfs/ca-certs
                [reader]
                id-format = DECIMAL-reversed
                [walkaway]
                hide = 120
                lock = 900
                """);
        assertThat(lines(report)).isEmpty();
        TapinConfig config = report.config();
        assertThat(config.windowsMonitor().logActivity()).isTrue();
        assertThat(config.ssl().readTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.ssl().writeTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.ssl().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.agent().appliances()).extracting(Object::toString)
                .containsExactly("https://sso1.example", "https://sso2.example:8443");
        assertThat(config.reader().idFormat()).isEqualTo("decimal-reversed");
        assertThat(config.walkAway().hide()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void theAdminsSedInsertionBeforeAgentLoads() {
        // sed '/\[agent\]/i [mainloader.SSL]\nReadTimeout=15\nWriteTimeout=15\n ' on a file that starts with [agent]
        ConfigReport report = check("[mainloader.SSL]\nReadTimeout=15\nWriteTimeout=15\n \n" + APPLIANCE);
        assertThat(lines(report)).isEmpty();
        assertThat(report.config().ssl().readTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void crlfAndByteOrderMarkLoad() {
        ConfigReport report = check("\uFEFF[windows.monitor]\r\nlog-activity = TRUE\r\n[agent]\r\nappliances = https://a.example\r\n");
        assertThat(lines(report)).isEmpty();
        assertThat(report.config().windowsMonitor().logActivity()).isTrue();
    }

    @Test
    void booleansAcceptTheUsualSpellings() {
        for (String yes : List.of("True", "true", "TRUE", "yes", "On", "1")) {
            assertThat(check(APPLIANCE + "[windows.monitor]\nlog-activity = " + yes).config().windowsMonitor().logActivity())
                    .as(yes).isTrue();
        }
        for (String no : List.of("False", "false", "no", "OFF", "0")) {
            assertThat(check(APPLIANCE + "[windows.monitor]\nlog-activity = " + no).config().windowsMonitor().logActivity())
                    .as(no).isFalse();
        }
    }

    @Test
    void badValuesAreErrorsNamingLineKeyValueAndWhatIsAllowed() {
        ConfigReport report = check(APPLIANCE + """
                [mainloader.SSL]
                ReadTimeout = abc
                WriteTimeout = -3
                [windows.monitor]
                log-activity = Ture
                """);
        assertThat(report.usable()).isFalse();
        assertThat(lines(report)).containsExactly(
                "Imprivata.conf:4: error: [mainloader.SSL] ReadTimeout = \"abc\" is not allowed; expected a whole number of seconds from 1 to 3600",
                "Imprivata.conf:5: error: [mainloader.SSL] WriteTimeout = \"-3\" is not allowed; expected a whole number of seconds from 1 to 3600",
                "Imprivata.conf:7: error: [windows.monitor] log-activity = \"Ture\" is not allowed; expected True or False (also yes/no, on/off, 1/0)");
        assertThat(report.config().ssl().readTimeout()).as("bad values fall back to the default").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void httpAppliancesAreRefused() {
        assertThat(lines(check("[agent]\nappliances = http://sso.example"))).containsExactly(
                "Imprivata.conf:2: error: [agent] appliances = \"http://sso.example\" is not allowed; expected https:// "
                        + "addresses separated by commas (\"http://sso.example\" is not one)",
                "Imprivata.conf:2: warning: no appliance in [agent] appliances: badge taps and passwords cannot be "
                        + "checked, the screen stays locked");
    }

    @Test
    void unknownKeysAndSectionsAreWarningsWithSuggestions() {
        ConfigReport report = check(APPLIANCE + """
                [mainloader.SSL]
                ReadTimout = 15
                log-activity = True
                [window.monitor]
                log-activity = True
                [frobnicate]
                x = 1
                """);
        assertThat(report.usable()).isTrue();
        assertThat(lines(report)).containsExactly(
                "Imprivata.conf:4: warning: unknown key \"ReadTimout\" in [mainloader.SSL], ignored; did you mean \"ReadTimeout\"?",
                "Imprivata.conf:5: warning: unknown key \"log-activity\" in [mainloader.SSL], ignored; did you mean [windows.monitor] log-activity?",
                "Imprivata.conf:6: warning: unknown section [window.monitor], ignored; did you mean [windows.monitor]?",
                "Imprivata.conf:8: warning: unknown section [frobnicate], ignored");
        assertThat(report.config().windowsMonitor().logActivity()).isFalse();
    }

    @Test
    void keyNamesIgnoreCaseAsTheAgentThisReplacesDid() {
        ConfigReport report = check(APPLIANCE + "[mainloader.SSL]\nreadtimeout = 12\n");
        assertThat(lines(report)).isEmpty();
        assertThat(report.config().ssl().readTimeout()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void obsoleteKeysGetOneWarningEachSayingWhatReplacedThem() {
        ConfigReport report = check(APPLIANCE + "[windows.monitor]\nfocus-on-overlap = True\nunmap-popup-windows = True\n");
        assertThat(report.usable()).isTrue();
        assertThat(lines(report)).containsExactly(
                "Imprivata.conf:4: warning: focus-on-overlap is obsolete and ignored: windows above the lock screen are "
                        + "chosen by the lock-screen access list of the computer policy",
                "Imprivata.conf:5: warning: unmap-popup-windows is obsolete and ignored: pop-ups are hidden unless the "
                        + "lock-screen access list of the computer policy allows them");
    }

    @Test
    void aKeySetTwiceTakesTheLastValueAndWarnsAtTheFirst() {
        ConfigReport report = check(APPLIANCE + "[mainloader.SSL]\nReadTimeout = 60\n[windows.monitor]\n[mainloader.SSL]\nReadTimeout = 15\n");
        assertThat(report.config().ssl().readTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(lines(report)).containsExactly(
                "Imprivata.conf:4: warning: [mainloader.SSL] ReadTimeout is set again on line 7, which wins");
    }

    @Test
    void aHeaderAndKeyFlattenedOnOneLineIsAnError() {
        ConfigReport report = check(APPLIANCE + "[windows.monitor] log-activity = True\n");
        assertThat(report.usable()).isFalse();
        assertThat(lines(report)).containsExactly("Imprivata.conf:3: error: text after a section header: put each "
                + "key = value on a line of its own below the [section] line");
        assertThat(report.config().windowsMonitor().logActivity()).isFalse();
    }

    @Test
    void aCommentAfterAHeaderIsFine() {
        ConfigReport report = check(APPLIANCE + "[windows.monitor] ; for the access list\nlog-activity = yes\n");
        assertThat(lines(report)).isEmpty();
        assertThat(report.config().windowsMonitor().logActivity()).isTrue();
    }

    @Test
    void keysOutsideAnySectionAreWarnings() {
        assertThat(lines(check("log-activity = True\n" + APPLIANCE))).containsExactly(
                "Imprivata.conf:1: warning: \"log-activity\" is outside any [section], ignored; did you mean [windows.monitor] log-activity?");
    }

    @Test
    void walkAwayStagesMustComeInOrder() {
        assertThat(lines(check(APPLIANCE + "[walkaway]\nhide = 600\nfade = 20\nlock = 300\n"))).containsExactly(
                "Imprivata.conf:4: error: [walkaway] hide (600 s) must be shorter than lock (300 s): the screen hides first, then locks");
        assertThat(lines(check(APPLIANCE + "[walkaway]\nfade = 60\nlock = 30\n"))).containsExactly(
                "Imprivata.conf:4: error: [walkaway] fade (60 s) must not be longer than lock (30 s): the fade runs in the last seconds before the lock");
        assertThat(lines(check(APPLIANCE + "[walkaway]\nhide = 600\nfade = 60\nlock = 0\n"))).as("lock off").isEmpty();
    }

    @Test
    void anEmptyFileIsUsableWithDefaultsAndWarnsThatNoApplianceIsSet() {
        ConfigReport report = check("");
        assertThat(report.usable()).isTrue();
        assertThat(report.config()).isEqualTo(TapinConfig.defaults());
        assertThat(lines(report)).singleElement().asString().contains("no appliance");
    }
}
