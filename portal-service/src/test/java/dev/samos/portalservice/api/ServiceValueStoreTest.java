package dev.samos.portalservice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServiceValueStore;
import dev.samos.portalservice.RunningService;
import dev.samos.store.StoredValue;
import dev.samos.store.ValueStore;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every ValueStore operation through the HTTP client against the running service, on the folder backend. */
class ServiceValueStoreTest extends RunningService {

    private ValueStore store;

    @BeforeEach
    void open() {
        store = new ServiceValueStore(serviceUri(), ServiceOptions.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A value no other test stores. */
    private static Map<String, Object> fresh(Object payload) {
        return Map.of("id", UUID.randomUUID().toString(), "payload", payload);
    }

    @Test
    void aValuePutIsThereAndComesBackEqual() {
        Object value = fresh(List.of(1L, 2.5, "three", BigInteger.TEN.pow(40), new byte[] {1, 2}));
        ValueAddress address = store.put(value);
        assertThat(store.has(address)).isTrue();
        // A second client has no cache: this is a real round trip.
        try (ValueStore other = new ServiceValueStore(serviceUri(), ServiceOptions.defaults())) {
            assertThat(other.has(address)).isTrue();
            Object back = other.get(address).orElseThrow().value();
            assertThat(ValueAddress.of(back)).isEqualTo(address);
        }
    }

    @Test
    void nullIsAValueToo() {
        ValueAddress address = store.put(null);
        try (ValueStore other = new ServiceValueStore(serviceUri(), ServiceOptions.defaults())) {
            assertThat(other.get(address)).contains(new StoredValue(null));
        }
    }

    @Test
    void anAddressNeverStoredIsMissingAndEmpty() {
        ValueAddress absent = ValueAddress.of(fresh("never stored"));
        assertThat(store.has(absent)).isFalse();
        assertThat(store.get(absent)).isEmpty();
    }

    @Test
    void batchesPutGetAndReportMissingInTheOrderAsked() {
        Map<ValueAddress, Object> batch = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            Object value = fresh(i);
            batch.put(ValueAddress.of(value), value);
        }
        store.putAll(batch);
        List<ValueAddress> stored = List.copyOf(batch.keySet());
        ValueAddress absent = ValueAddress.of(fresh("absent"));
        try (ValueStore other = new ServiceValueStore(serviceUri(), ServiceOptions.defaults())) {
            assertThat(other.missing(List.of(stored.get(3), absent, stored.get(7)))).containsExactly(absent);
            List<ValueAddress> asked = List.of(stored.get(5), absent, stored.get(1), stored.get(19));
            Map<ValueAddress, StoredValue> found = other.getAll(asked);
            assertThat(found.keySet()).containsExactly(stored.get(5), stored.get(1), stored.get(19));
            found.forEach((address, value) -> assertThat(value.value()).isEqualTo(batch.get(address)));
        }
    }

    @Test
    void aValueUnderAnotherAddressIsRefusedAndNotStored() {
        Object value = fresh("the value");
        ValueAddress wrong = ValueAddress.of(fresh("another value"));
        assertThatThrownBy(() -> store.put(wrong, value))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining(wrong.toString()).hasMessageContaining("hashes to");
        assertThat(store.has(wrong)).isFalse();
    }

    @Test
    void aBatchWithOneWrongAddressStoresNone() {
        Object good = fresh("good");
        Object bad = fresh("bad");
        ValueAddress wrong = ValueAddress.of(fresh("not bad"));
        Map<ValueAddress, Object> batch = new LinkedHashMap<>();
        batch.put(ValueAddress.of(good), good);
        batch.put(wrong, bad);
        assertThatThrownBy(() -> store.putAll(batch)).isInstanceOf(CorruptValueException.class);
        assertThat(store.missing(List.of(ValueAddress.of(good), wrong)))
                .containsExactly(ValueAddress.of(good), wrong);
    }

    @Test
    void sizeCountsValuesAndLocationIsTheService() {
        long before = store.size().values();
        store.put(fresh(new byte[1000]));
        assertThat(store.size().values()).isEqualTo(before + 1);
        assertThat(store.size().bytes()).isPositive();
        assertThat(store.location()).isEqualTo(serviceUri().toString());
    }

    @Test
    void aValueLargerThanTheInlineLimitGoesToAFile() {
        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) 7);
        Object value = fresh(big);
        ValueAddress address = store.put(value);
        try (ValueStore other = new ServiceValueStore(serviceUri(), ServiceOptions.defaults())) {
            Map<?, ?> back = (Map<?, ?>) other.get(address).orElseThrow().value();
            assertThat((byte[]) back.get("payload")).isEqualTo(big);
        }
    }

    @Test
    void aValueDamagedInTheBackendIsACorruptValueAndForgotten() throws Exception {
        byte[] noise = new byte[200_000]; // past FolderStore's 64 KiB inline limit: a file
        new java.util.Random(7).nextBytes(noise);
        ValueAddress address = store.put(fresh(noise));
        java.nio.file.Path file = folder().resolve("values").resolve(address.toPath());
        assertThat(file).exists();
        java.nio.file.Files.write(file, "not the value any more".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (ValueStore other = new ServiceValueStore(serviceUri(), ServiceOptions.defaults())) {
            assertThatThrownBy(() -> other.get(address))
                    .isInstanceOf(CorruptValueException.class).hasMessageContaining(address.toString());
            assertThat(other.get(address)).isEmpty();
        }
    }

    @Test
    void theCacheAnswersRepeatedReadsWithoutTheService() {
        Object value = fresh("cached");
        ValueAddress address = store.put(value);
        assertThat(store.get(address).orElseThrow().value()).isSameAs(value);
    }

    @Test
    void aCacheOfZeroBytesStillReadsThroughTheService() {
        try (ValueStore uncached = new ServiceValueStore(serviceUri(), ServiceOptions.defaults().withValueCacheBytes(0))) {
            Object value = fresh("uncached");
            ValueAddress address = uncached.put(value);
            assertThat(uncached.get(address).orElseThrow().value()).isEqualTo(value).isNotSameAs(value);
        }
    }
}
