package org.tapin.appliance.factor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.appliance.store.StoreException;

class SqliteFactorStoreTest {

    @TempDir
    Path dir;

    @Test
    void totpSecretsAreSealedUnderAKeyFileOfTheirOwn() throws Exception {
        Path db = dir.resolve("a.db");
        byte[] secret = Totp.newSecret(new SecureRandom());
        try (Store store = SqliteStore.open(db); SqliteFactorStore factors = SqliteFactorStore.open(db)) {
            store.addUser("alice", "Alice", "pbkdf2-sha256$1000$AA$AA");
            assertThat(factors.setTotp("Alice", secret, Instant.now())).isTrue();
            assertThat(factors.totp("ALICE").orElseThrow().secret()).isEqualTo(secret);
        }
        Path key = SqliteFactorStore.keyFile(db);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        byte[] file = Files.readAllBytes(db);
        byte[] wal = Files.exists(dir.resolve("a.db-wal")) ? Files.readAllBytes(dir.resolve("a.db-wal")) : new byte[0];
        String hex = HexFormat.of().formatHex(secret);
        assertThat(HexFormat.of().formatHex(file)).doesNotContain(hex);
        assertThat(HexFormat.of().formatHex(wal)).doesNotContain(hex);

        // Another key (the database copied elsewhere without it): the secret does not open, and nothing is guessed.
        Files.delete(key);
        try (Store store = SqliteStore.open(db); SqliteFactorStore factors = SqliteFactorStore.open(db)) {
            assertThatThrownBy(() -> factors.totp("alice")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("does not open");
        }
    }
}
