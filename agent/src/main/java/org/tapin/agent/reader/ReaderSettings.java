package org.tapin.agent.reader;

import org.tapin.agent.config.TapinConfig;

/**
 * How the reader component picks readers and turns UIDs into IDs. {@code nameFilter} keeps readers whose PC/SC
 * name contains it (any case; empty keeps all). {@code library} is the libpcsclite.so.1 to load, empty for the
 * usual lookup.
 */
public record ReaderSettings(String nameFilter, String library, BadgeIdFormat format, long debounceMillis) {

    public static ReaderSettings from(TapinConfig.Reader config) {
        return new ReaderSettings(config.nameFilter(), config.library(), BadgeIdFormat.fromConfig(config.idFormat()),
                config.debounceMillis());
    }

    public boolean accepts(String readerName) {
        return nameFilter.isEmpty() || readerName.toLowerCase(java.util.Locale.ROOT)
                .contains(nameFilter.toLowerCase(java.util.Locale.ROOT));
    }
}
