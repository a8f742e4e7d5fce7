package org.tapin.bootstrap.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestFormatTest {
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String HEADER = "tapin-agent-package 1\nversion 1.4.0\nexpires 2027-01-01T00:00:00Z\n"
            + "arch amd64 aarch64\njava 17 21\nprotocol 1\nmain org.tapin.agent.Main\n";

    private static Manifest parse(String text) throws Refused {
        return ManifestFormat.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsWhatItWritesByteForByte() throws Exception {
        String text = HEADER + "file " + SHA + " 4 a/b.jar\nfile " + SHA + " 0 c\n";
        Manifest m = parse(text);

        assertThat(m.version()).hasToString("1.4.0");
        assertThat(m.expires()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(m.requirements()).isEqualTo(new Requirements(List.of("amd64", "aarch64"), 17, 21, 1));
        assertThat(m.files()).extracting(FileEntry::path, FileEntry::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a/b.jar", 4L),
                        org.assertj.core.groups.Tuple.tuple("c", 0L));
        assertThat(new String(ManifestFormat.write(m), StandardCharsets.US_ASCII)).isEqualTo(text);
    }

    @Test
    void refusesWhatCouldBeReadTwoWays() {
        assertThatThrownBy(() -> parse(HEADER.replace("\n", "\r\n") + "file " + SHA + " 1 a\r\n"))
                .hasMessage("manifest line 1: control character");
        assertThatThrownBy(() -> parse(HEADER + "file " + SHA + " 1 b\nfile " + SHA + " 1 a\n"))
                .hasMessage("manifest line 9: files are not sorted by path");
        assertThatThrownBy(() -> parse(HEADER + "file " + SHA + " 1 a\nfile " + SHA + " 1 a\n"))
                .hasMessage("manifest line 9: a is listed twice");
        assertThatThrownBy(() -> parse(HEADER + "file " + SHA + " 1 a\nfile " + SHA + " 1 a/b\n"))
                .hasMessage("manifest line 9: a/b is both a file and a folder");
        assertThatThrownBy(() -> parse(HEADER.replace("version 1.4.0\n", "") + "file " + SHA + " 1 a\n"))
                .hasMessage("manifest line 2: expected \"version ...\"");
        assertThatThrownBy(() -> parse(HEADER + "file " + SHA + " 1 a"))
                .hasMessage("manifest does not end with a newline");
        assertThatThrownBy(() -> parse(HEADER)).hasMessage("manifest lists no files");
    }

    @Test
    void refusesPathsThatLeaveTheSlot() {
        for (String path : List.of("../x", "/etc/passwd", "a/../../x", "a//b", "a\\b", ".hidden", "a/./b", "a/")) {
            assertThatThrownBy(() -> parse(HEADER + "file " + SHA + " 1 " + path + "\n"))
                    .as(path).isInstanceOf(Refused.class).hasMessageContaining("is not a plain relative path");
        }
    }

    @Test
    void refusesOversizeDeclarations() {
        assertThatThrownBy(() -> parse(HEADER + "file " + SHA + " " + (PackageLayout.MAX_FILE_BYTES + 1) + " a\n"))
                .hasMessage("manifest line 8: a is larger than " + PackageLayout.MAX_FILE_BYTES + " bytes");
        assertThatThrownBy(() -> ManifestFormat.parse(new byte[PackageLayout.MAX_MANIFEST_BYTES + 1]))
                .hasMessage("manifest is larger than " + PackageLayout.MAX_MANIFEST_BYTES + " bytes");
    }

    @Test
    void versionsCompareNumberByNumber() throws Exception {
        assertThat(Version.parse("1.9").isOlderThan(Version.parse("1.10"))).isTrue();
        assertThat(Version.parse("2.0.0")).isEqualTo(Version.parse("2"));
        assertThat(Version.parse("2.0.0").hashCode()).isEqualTo(Version.parse("2").hashCode());
        assertThatThrownBy(() -> Version.parse("1.2-rc1"))
                .hasMessage("version \"1.2-rc1\" is not 1 to 4 dot-separated numbers");
        assertThatThrownBy(() -> Version.parse("01.2")).isInstanceOf(Refused.class);
    }
}
