package dev.samos.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemoryItemStoreTest {

    @Test
    void appendsAndReadsAcrossChunks() {
        InMemoryItemStore<Integer> store = new InMemoryItemStore<>();
        for (int i = 0; i < 50_000; i++) {
            store.append(i);
        }
        store.append(null);
        assertThat(store.size()).isEqualTo(50_001);
        assertThat(store.get(0)).isZero();
        assertThat(store.get(1_023)).isEqualTo(1_023);
        assertThat(store.get(1_024)).isEqualTo(1_024);
        assertThat(store.get(49_999)).isEqualTo(49_999);
        assertThat(store.get(50_000)).isNull();
        assertThatThrownBy(() -> store.get(50_001)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> store.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
