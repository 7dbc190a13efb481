package dev.samos.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.value.NotAValueException;
import dev.samos.value.ValueJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskMapTest {

    @TempDir
    Path dir;

    /** PySpeedup's DiskDict example, asserted. */
    @Test
    void pySpeedupDiskDictExample() {
        try (DiskMap<Integer, String> diskDict = DiskMap.open(dir.resolve("sample"))) {
            for (int i = 0; i < 10; i++) {
                diskDict.put(i, String.valueOf((char) (97 + i)));
            }
            assertThat(diskDict.get(3)).isEqualTo("d");
            diskDict.remove(5);
            assertThat(diskDict.keySet().stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")))
                    .isEqualTo("0, 1, 2, 3, 4, 6, 7, 8, 9");
            // PySpeedup answers True to `"b" in diskDict`, a value; in a Map that question is containsValue.
            assertThat(diskDict.containsValue("b")).isTrue();
            assertThat(diskDict.containsKey("b")).isFalse();
        }
        // The "with" form: try-with-resources. (PySpeedup's docs print 3 there; d[3] is 'd'.)
        try (DiskMap<Integer, String> d = DiskMap.open(dir.resolve("test"))) {
            for (int i = 0; i < 10; i++) {
                d.put(i, String.valueOf((char) (97 + i)));
            }
            assertThat(d.get(3)).isEqualTo("d");
        }
        try (DiskMap<Integer, String> again = DiskMap.open(dir.resolve("sample"))) {
            assertThat(again).hasSize(9).containsEntry(9, "j").doesNotContainKey(5);
        }
    }

    @Test
    void behavesAsAMap() {
        try (DiskMap<String, Object> map = DiskMap.open(dir)) {
            assertThat(map).isEmpty();
            assertThat(map.put("a", 1)).isNull();
            assertThat(map.put("a", 2)).isEqualTo(1);  // values read back with their Java types
            map.set("b", List.of(1, 2));
            map.put("c", Map.of("x", 3.5));
            assertThat(map).hasSize(3);
            assertThat(map.get("a")).isEqualTo(2);
            assertThat(map.get("b")).isEqualTo(List.of(1, 2));
            assertThat(map.containsKey("c")).isTrue();
            assertThat(map.containsKey("zz")).isFalse();
            assertThat(map.get(new Object())).isNull();  // not a value: simply absent
            assertThat(map.get(null)).isNull();
            assertThat(map.remove("b")).isEqualTo(List.of(1, 2));
            assertThat(map.remove("b")).isNull();
            assertThat(map).isEqualTo(Map.of("a", 2, "c", Map.of("x", 3.5)));
            assertThat(map.hashCode()).isEqualTo(Map.of("a", 2, "c", Map.of("x", 3.5)).hashCode());

            for (Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Object> e = it.next();
                if (e.getKey().equals("a")) {
                    it.remove();
                } else {
                    e.setValue("changed");
                }
            }
            assertThat(map).isEqualTo(Map.of("c", "changed"));
            map.putAll(Map.of("p", 1, "q", 2));
            assertThat(map.keySet()).containsExactlyInAnyOrder("c", "p", "q");
            assertThat(map.values()).containsExactlyInAnyOrder("changed", 1, 2);
            map.clear();
            assertThat(map).isEmpty();
            assertThat(map.sizeAsLong()).isZero();

            assertThatThrownBy(() -> map.put(null, 1)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> map.put("x", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> map.put("x", new Object())).isInstanceOf(RuntimeException.class);
            assertThat(map).isEmpty();
        }
    }

    @Test
    void returnedValuesAreCopies() {
        try (DiskMap<String, List<Long>> map = DiskMap.open(dir)) {
            map.put("k", List.of(1L));
            map.get("k").add(2L);
            assertThat(map.get("k")).containsExactly(1L);
        }
    }

    @Test
    void keysCompareByCanonicalEncodingNotJavaEquality() {
        try (DiskMap<Object, String> map = DiskMap.open(dir)) {
            map.put(Map.of("x", 3), "from Map.of");
            assertThat(map.get(ValueJson.read("{\"x\": 3}"))).isEqualTo("from Map.of");
            map.put(3L, "three");
            assertThat(map.get(3)).isEqualTo("three");
            assertThat(map.get(3.0)).isNull();  // a float is another value than an integer
            List<Object> big = IntStream.range(0, 1_000).boxed().collect(Collectors.toList());
            map.put(big, "a long key, stored by its hash");
            assertThat(map.get(new ArrayList<>(big))).isEqualTo("a long key, stored by its hash");
            assertThat(map.keySet()).contains(big);
            assertThatThrownBy(() -> map.put(new Object(), "x")).isInstanceOf(NotAValueException.class);
        }
    }

    @Test
    void reopensWithItsContentsInTheSameJvm() {
        Map<Object, Object> expected = new HashMap<>();
        try (DiskMap<Object, Object> map = DiskMap.open(dir, DiskOptions.defaults().withCacheMegabytes(1))) {
            for (int i = 0; i < 50_000; i++) {
                map.set(i, "value " + i);
                expected.put(i, "value " + i);
            }
        }
        try (DiskMap<Object, Object> map = DiskMap.open(dir)) {
            assertThat(map).hasSize(50_000);
            assertThat(map.get(49_999)).isEqualTo("value 49999");
            assertThat(new HashMap<>(map)).isEqualTo(expected);
        }
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        int threads = 8;
        int each = 5_000;
        try (DiskMap<Object, Object> map = DiskMap.open(dir)) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = t * each;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = from; i < from + each; i++) {
                        map.put(i, i * 2);
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(map).hasSize(threads * each);
            for (int i = 0; i < threads * each; i++) {
                assertThat(map.get(i)).isEqualTo(i * 2);
            }
        }
    }

    @Test
    void oneOpenerPerFolderInOneJvmToo() {
        try (DiskMap<Object, Object> map = DiskMap.open(dir)) {
            assertThatThrownBy(() -> DiskMap.open(dir))
                    .isInstanceOf(DiskCollectionLockedException.class)
                    .hasMessageContaining("already open in this JVM");
            assertThatThrownBy(() -> DiskList.open(dir)).isInstanceOf(DiskCollectionLockedException.class);
        }
        try (DiskMap<Object, Object> map = DiskMap.open(dir)) {
            assertThat(map).isEmpty();
        }
    }

    @Test
    void refusesAFolderThatHoldsAList() {
        try (DiskList<Object> list = DiskList.open(dir)) {
            list.add(1);
        }
        assertThatThrownBy(() -> DiskMap.open(dir))
                .isInstanceOf(DiskCollectionException.class)
                .hasMessageContaining("holds a DiskList");
        try (DiskList<Object> list = DiskList.open(dir)) {
            assertThat(list).containsExactly(1);
        }
    }

    @Test
    void flushWritesTheFile() throws Exception {
        try (DiskMap<Object, Object> map = DiskMap.open(dir, DiskOptions.defaults().withCommitMillis(60_000))) {
            map.put("k", "v");
            map.flush();
            assertThat(Files.size(dir.resolve(DiskStore.FILE_NAME))).isPositive();
            assertThat(map.folder()).isEqualTo(dir.toRealPath());
        }
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> DiskOptions.defaults().withCacheMegabytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheMegabytes");
        assertThatThrownBy(() -> DiskOptions.defaults().withCommitMillis(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commitMillis");
    }
}
