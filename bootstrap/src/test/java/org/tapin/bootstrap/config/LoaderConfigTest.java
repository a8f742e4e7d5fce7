package org.tapin.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoaderConfigTest {
    @Test
    void readsItsTwoKeysInAnySectionOrderAndCase() {
        LoaderConfig c = LoaderConfig.parse("\uFEFF; comment\r\n[log]\r\nDIR = /var/log/tapin\r\n[windows.monitor]\r\n"
                + "log-activity = True\r\n[agent]\r\n  Data-Dir=\"/data/rt\"\r\n");

        assertThat(c).isEqualTo(new LoaderConfig(Path.of("/data/rt"), Path.of("/var/log/tapin")));
    }

    @Test
    void logFollowsTheDataDirUnlessSetAndRelativePathsAreIgnored() {
        assertThat(LoaderConfig.parse("[agent]\ndata-dir = /d\n"))
                .isEqualTo(new LoaderConfig(Path.of("/d"), Path.of("/d/log")));
        assertThat(LoaderConfig.parse("[agent]\ndata-dir = relative\n[log]\ndir=also/relative\n"))
                .isEqualTo(LoaderConfig.defaults());
        // a key of the same name in another section is not the data folder
        assertThat(LoaderConfig.parse("[reader]\ndata-dir = /elsewhere\n")).isEqualTo(LoaderConfig.defaults());
    }
}
