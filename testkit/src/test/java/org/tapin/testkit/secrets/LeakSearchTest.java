package org.tapin.testkit.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakSearchTest {

    private final LeakSearch search = new LeakSearch().plant("the password form", "Planted-Pw-42x").plant("a TOTP code", "123456");

    @Test
    void findsTheSecretAsTextAndNamesThePathThatPlantedIt() {
        assertThat(search.search("agent log", "2026-11-23 login with Planted-Pw-42x ok"))
                .containsExactly(new Leak("the password form", "agent log", "UTF-8"));
        assertThat(search.search("clean log", "login ok")).isEmpty();
    }

    @Test
    void findsUtf16InBothByteOrders() {
        assertThat(search.search("java heap text", "x Planted-Pw-42x".getBytes(StandardCharsets.UTF_16LE)))
                .extracting(Leak::form).contains("UTF-16LE"); // and UTF-16BE one byte on: both orders are looked for
        assertThat(search.search("big-endian text", "Planted-Pw-42x y".getBytes(StandardCharsets.UTF_16BE)))
                .extracting(Leak::form).contains("UTF-16BE");
    }

    @Test
    void findsBase64WhereverTheSecretStartsInTheEncodedBytes() {
        for (String before : new String[] {"", "a", "ab", "abc", "{\"password\":\""}) {
            String encoded = Base64.getEncoder().encodeToString((before + "Planted-Pw-42x\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(search.search("Authorization header", "Basic " + encoded)).as("after %s", before)
                    .extracting(Leak::form).anyMatch(form -> form.startsWith("base64"));
        }
    }

    @Test
    void aCodeInsideALongerNumberIsNotTheCode() {
        assertThat(search.search("window id", "ID:\"91234567\"")).isEmpty();
        assertThat(search.search("agent log", "code 123456 accepted")).extracting(Leak::path).containsExactly("a TOTP code");
    }

    @Test
    void searchesEveryEntryOfAZip(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("bundle.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("MANIFEST.txt"));
            out.write("nothing here".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("logs/OneSignAgent.log"));
            out.write("typed Planted-Pw-42x".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(search.searchZip(zip)).containsExactly("MANIFEST.txt", "logs/OneSignAgent.log");
        assertThat(search.leaks()).containsExactly(new Leak("the password form", "bundle.zip!logs/OneSignAgent.log", "UTF-8"));
    }

    @Test
    void theProcessWatchFindsASecretInAnArgumentList() throws Exception {
        Process holder = new ProcessBuilder("sh", "-c", "sleep 30", "holder", "Planted-Pw-42x").start();
        try (ProcessArgumentWatch watch = ProcessArgumentWatch.start(search, 10)) {
            watch.round();
        } finally {
            holder.destroyForcibly();
        }
        assertThat(search.leaks()).anyMatch(leak -> leak.where().endsWith("cmdline") && leak.path().equals("the password form"));
    }
}
