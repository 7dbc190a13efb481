package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderStoreTest {

    @TempDir
    Path folder;

    @Test
    void smallAndLargeValuesRoundTripAndSurviveReopening() {
        double[] large = new double[100_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = Math.sqrt(i);
        }
        ValueAddress small;
        ValueAddress big;
        try (FolderStore store = FolderStore.open(folder, new StorageCodec())) {
            small = store.put(Map.of("x", List.of(1, 2, 3)));
            big = store.put(large);
            assertThat(store.put(Map.of("x", List.of(1L, 2L, 3L)))).isEqualTo(small); // idempotent
            assertThat(store.size().values()).isEqualTo(2);
        }
        assertThat(Files.exists(folder.resolve("values").resolve(big.toPath()))).isTrue();
        assertThat(Files.exists(folder.resolve("values").resolve(small.toPath()))).isFalse(); // inline
        try (FolderStore store = FolderStore.open(folder, new StorageCodec())) {
            assertThat(store.get(small).orElseThrow().value()).isEqualTo(Map.of("x", List.of(1, 2, 3))); // as first stored
            assertThat((double[]) store.get(big).orElseThrow().value()).isEqualTo(large);
            assertThat(store.size().bytes()).isGreaterThan(FolderStore.INLINE_LIMIT);
        }
    }

    @Test
    void unknownAddressIsEmpty() {
        try (FolderStore store = FolderStore.open(folder, new StorageCodec())) {
            assertThat(store.get(ValueAddress.of("never stored"))).isEmpty();
            assertThat(store.has(ValueAddress.of("never stored"))).isFalse();
        }
    }

    @Test
    void aDamagedFileIsReportedByAddressRemovedAndNeverReturned() throws Exception {
        byte[] payload = new byte[200_000];
        new java.util.Random(3).nextBytes(payload);
        try (FolderStore store = FolderStore.open(folder, new StorageCodec())) {
            ValueAddress address = store.put(payload);
            Path file = folder.resolve("values").resolve(address.toPath());
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(file, bytes);
            assertThatThrownBy(() -> store.get(address))
                    .isInstanceOf(CorruptValueException.class)
                    .hasMessageContaining(address.toString())
                    .hasMessageContaining("damaged");
            assertThat(store.get(address)).isEmpty();
            store.put(payload);
            assertThat((byte[]) store.get(address).orElseThrow().value()).isEqualTo(payload);
        }
    }

    @Test
    void aValueStoredUnderAnotherAddressIsCaught() throws Exception {
        try (FolderStore store = FolderStore.open(folder, new StorageCodec())) {
            ValueAddress one = store.put("one");
            ValueAddress two = store.put("two");
            try (var db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("samos.db"));
                 var swap = db.prepareStatement(
                         "UPDATE value_entry SET inline = (SELECT inline FROM value_entry WHERE hash = unhex(?)) "
                                 + "WHERE hash = unhex(?)")) {
                swap.setString(1, two.hash());
                swap.setString(2, one.hash());
                swap.executeUpdate();
            }
            assertThatThrownBy(() -> store.get(one))
                    .isInstanceOf(CorruptValueException.class)
                    .hasMessageContaining("holds a different value (" + two + ")");
        }
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        try (FolderStore store = FolderStore.open(folder, new StorageCodec())) {
            store.put(new long[50_000]);
            assertThatThrownBy(() -> store.put(List.of(new long[50_000], new Thread())))
                    .isInstanceOf(dev.samos.value.NotAValueException.class);
        }
        try (Stream<Path> tmp = Files.list(folder.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }
}
