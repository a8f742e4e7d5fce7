package org.tapin.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The loader's own version and build time, written by the build, logged first at every start. */
record BuildInfo(String version, String built) {

    static BuildInfo read() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource only loses the version line's detail
        }
        return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("built", "unknown"));
    }
}
