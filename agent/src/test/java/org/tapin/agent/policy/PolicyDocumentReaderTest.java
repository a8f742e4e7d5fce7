package org.tapin.agent.policy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDocumentReaderTest {

    static LoadedPolicy read(String json) throws PolicyException {
        return PolicyDocumentReader.read("policy.json", json.getBytes(UTF_8));
    }

    @Test
    void readsEntriesWithMissingFieldsAsEmpty() throws Exception {
        LoadedPolicy loaded = read("""
                {"lockScreenAccess": [
                  {"nickname": "Notifications", "wmClass": "Xfce4-notifyd", "allowAllVariants": true},
                  {"name": "IGEL Setup 11.05.133.01 (Build 6.7.5)", "wmClass": "IGEL Setup", "appInstance": "sun-awt-X11-XFramePeer"}
                ]}""");
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.policy().lockScreenAccess()).containsExactly(
                new AccessEntry("Notifications", "", "Xfce4-notifyd", "", true, ""),
                new AccessEntry("", "IGEL Setup 11.05.133.01 (Build 6.7.5)", "IGEL Setup", "sun-awt-X11-XFramePeer", false, ""));
    }

    @Test
    void aMisspeltEntryFieldIsAnErrorBecauseIgnoringItWouldAllowMore() {
        assertThatThrownBy(() -> read("""
                {"lockScreenAccess": [
                  {"nickname": "x", "name": "patient list", "wmclass": "XTerm"}
                ]}"""))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("policy.json:2:")
                .hasMessageContaining("lockScreenAccess[0]: unknown field \"wmclass\"")
                .hasMessageContaining("did you mean \"wmClass\"?");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> read("{\"lockScreenAccess\": [\n  {\"wmClass\": \"a\",}\n]}"))
                .hasMessageStartingWith("policy.json:2:")
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void aTruncatedDocumentSaysWhereTheOpenListStartedInPlainWords() {
        assertThatThrownBy(() -> read("{\"lockScreenAccess\": ["))
                .hasMessage("policy.json:1:23: malformed JSON: Unexpected end-of-input: expected close marker for Array"
                        + " (start marker at line 1, column 22)");
    }

    @Test
    void wrongTypesAreErrorsNotCoercions() {
        assertThatThrownBy(() -> read("{\"lockScreenAccess\": [{\"wmClass\": \"a\", \"allowAllVariants\": \"yes\"}]}"))
                .hasMessageContaining("lockScreenAccess[0].allowAllVariants: wrong type");
        assertThatThrownBy(() -> read("{\"lockScreenAccess\": [{\"wmClass\": 5}]}"))
                .hasMessageContaining("lockScreenAccess[0].wmClass: wrong type");
        assertThatThrownBy(() -> read("{\"lockScreenAccess\": {\"wmClass\": \"a\"}}"))
                .hasMessageContaining("lockScreenAccess: wrong type");
    }

    @Test
    void duplicateFieldsAreErrors() {
        assertThatThrownBy(() -> read("{\"lockScreenAccess\": [{\"wmClass\": \"a\", \"wmClass\": \"b\"}]}"))
                .hasMessageContaining("Duplicate field 'wmClass'");
    }

    @Test
    void relativeExecutableIsAnError() {
        assertThatThrownBy(() -> read("{\"lockScreenAccess\": [{\"wmClass\": \"a\", \"executable\": \"vncgui\"}]}"))
                .hasMessage("policy.json: lockScreenAccess[0]: \"executable\" must be an absolute path, got \"vncgui\"");
    }

    @Test
    void entriesThatSetNothingAndUnknownTopLevelFieldsAreWarnings() throws Exception {
        LoadedPolicy loaded = read("""
                {"version": 3, "lockScreenAccess": [{"nickname": "empty one", "allowAllVariants": true}]}""");
        assertThat(loaded.warnings()).containsExactly(
                "policy.json: warning: unknown top-level field \"version\" ignored",
                "policy.json: lockScreenAccess[0] (empty one): warning: no name, wmClass, appInstance or executable "
                        + "set: this entry allows nothing");
    }

    @Test
    void aDocumentWithoutTheListDeniesEverythingWithAWarning() throws Exception {
        LoadedPolicy loaded = read("{}");
        assertThat(loaded.policy().lockScreenAccess()).isEmpty();
        assertThat(loaded.warnings()).singleElement().asString().contains("no \"lockScreenAccess\" list");
    }

    @Test
    void notAnObjectIsAnError() {
        assertThatThrownBy(() -> read("[]")).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> read("")).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> read("null")).hasMessageContaining("empty document");
    }

    @Test
    void missingAndOversizedFilesAreClearErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> PolicyDocumentReader.load(dir.resolve("nope.json")))
                .hasMessage(dir.resolve("nope.json") + ": cannot read: no such file");
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[PolicyDocumentReader.MAX_BYTES + 10]);
        assertThatThrownBy(() -> PolicyDocumentReader.load(big)).hasMessageContaining("too large for a policy");
    }
}
