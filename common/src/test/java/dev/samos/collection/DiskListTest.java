package dev.samos.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskListTest {

    @TempDir
    Path dir;

    /** PySpeedup's DiskList example, asserted. */
    @Test
    void pySpeedupDiskListExample() {
        try (DiskList<Integer> diskList = DiskList.open(dir.resolve("sample"))) {
            for (int i = 0; i < 10; i++) {
                diskList.add(i);
            }
            assertThat(diskList.get(3)).isEqualTo(3);
            assertThat(joined(diskList)).isEqualTo("0, 1, 2, 3, 4, 5, 6, 7, 8, 9");
            diskList.remove(5);
            assertThat(joined(diskList)).isEqualTo("0, 1, 2, 3, 4, 6, 7, 8, 9");
        }
        try (DiskList<Integer> d = DiskList.open(dir.resolve("test"))) {
            for (int i = 0; i < 10; i++) {
                d.add(i);
            }
            assertThat(d.get(3)).isEqualTo(3);
        }
        try (DiskList<Integer> again = DiskList.open(dir.resolve("sample"))) {
            assertThat(joined(again)).isEqualTo("0, 1, 2, 3, 4, 6, 7, 8, 9");
        }
    }

    private static String joined(List<?> list) {
        return list.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    @Test
    void behavesAsAList() {
        try (DiskList<Object> list = DiskList.open(dir)) {
            assertThat(list).isEmpty();
            list.add("a");
            list.add(List.of(1, 2));
            list.add(3.5);
            assertThat(list).containsExactly("a", List.of(1, 2), 3.5);
            assertThat(list.set(0, "A")).isEqualTo("a");
            list.add(1, "inserted");
            assertThat(list).containsExactly("A", "inserted", List.of(1, 2), 3.5);
            assertThat(list.remove(0)).isEqualTo("A");
            assertThat(list.remove(list.size() - 1)).isEqualTo(3.5);
            assertThat(list).containsExactly("inserted", List.of(1, 2));
            assertThat(list.indexOf(List.of(1, 2))).isEqualTo(1);
            assertThat(list.contains("inserted")).isTrue();
            assertThat(list.subList(1, 2)).containsExactly(List.of(1, 2));
            assertThat(list).isEqualTo(List.of("inserted", List.of(1, 2)));
            list.addAll(List.of(7, 8));
            list.removeIf(e -> e.equals(7));
            assertThat(list).containsExactly("inserted", List.of(1, 2), 8);
            assertThat(list.sizeAsLong()).isEqualTo(3);
            list.clear();
            assertThat(list).isEmpty();

            assertThatThrownBy(() -> list.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> list.set(0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> list.add(2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> list.add(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> list.add(new Object())).isInstanceOf(RuntimeException.class);
            assertThat(list).isEmpty();
        }
    }

    @Test
    void iterationIsFailFast() {
        try (DiskList<Object> list = DiskList.open(dir)) {
            list.addAll(List.of(1, 2, 3));
            Iterator<Object> it = list.iterator();
            it.next();
            list.add(4);
            assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
        }
    }

    @Test
    void reopensWithItsContentsInTheSameJvm() {
        try (DiskList<Object> list = DiskList.open(dir, DiskOptions.defaults().withBufferMegabytes(1))) {
            for (long i = 0; i < 50_000; i++) {
                list.add("element " + i);
            }
        }
        try (DiskList<Object> list = DiskList.open(dir)) {
            assertThat(list).hasSize(50_000);
            assertThat(list.get(12_345)).isEqualTo("element 12345");
            assertThat(new ArrayList<>(list)).isEqualTo(LongStream.range(0, 50_000).mapToObj(i -> "element " + i)
                    .toList());
        }
    }

    @Test
    void concurrentAppendersLoseNothing() throws Exception {
        int threads = 8;
        int each = 5_000;
        try (DiskList<Object> list = DiskList.open(dir)) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long from = (long) t * each;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (long i = from; i < from + each; i++) {
                        list.add(i);
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(list).hasSize(threads * each);
            List<Object> sorted = new ArrayList<>(list);
            sorted.sort(null);
            assertThat(sorted).isEqualTo(LongStream.range(0, (long) threads * each).boxed().toList());
        }
    }

    @Test
    void refusesAFolderThatHoldsAMap() {
        try (DiskMap<Object, Object> map = DiskMap.open(dir)) {
            map.put(1, 2);
        }
        assertThatThrownBy(() -> DiskList.open(dir))
                .isInstanceOf(DiskCollectionException.class)
                .hasMessageContaining("holds a DiskMap");
    }
}
