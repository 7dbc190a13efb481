package dev.samos.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** PySpeedup's Buffer examples, and what it lacks. */
class BufferedSequenceTest {

    /** PySpeedup: {@code @buffer(4) def count(): i=0; while 1: yield i; i+=1}. */
    private static BufferedSequence<Long> count() {
        return BufferedSequence.over(Stream.iterate(0L, i -> i + 1).iterator()).bufferSize(4).build();
    }

    /** PySpeedup: {@code i = 1; while True: yield i; i *= 1.1j}. */
    private static Iterator<Complex> complexSpiral() {
        return Stream.iterate(Complex.ONE, z -> z.times(Complex.imaginary("1.1"))).iterator();
    }

    /** PySpeedup: {@code abs(buffer._cache[-1]) > abs(item)}. */
    private static final HaltCondition<Complex> ABSOLUTELY_NON_DECREASING =
            (seen, item, attempts) -> seen.last().absSquared().compareTo(item.absSquared()) > 0;

    private static long producerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("samos-sequence-")).count();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void theCountingGeneratorIsIndexedIteratedAndSearched() {
        try (BufferedSequence<Long> count = count()) {
            assertThat(count.get(0)).isZero();
            assertThat(count.get(15)).isEqualTo(15L);
            long v = 0;
            for (long i : count) {
                assertThat(i).isEqualTo(v);
                if (v == 5) {
                    break;
                }
                v++;
            }
            assertThat(v).isEqualTo(5);
            // PySpeedup only scans what is buffered, so there `42 in count` is false.
            assertThat(count.contains(42L)).isTrue();
            assertThat(count.produced()).isGreaterThanOrEqualTo(43);
            assertThat(count.contains(-1L)).isFalse();
            assertThat(count.stream().limit(100).toList()).isEqualTo(range(0, 100));
        }
    }

    @Test
    void theComplexSpiralIsSearchedWithAnAbsolutelyNonDecreasingCondition() {
        try (BufferedSequence<Complex> spiral = BufferedSequence.over(complexSpiral())
                .haltCondition(ABSOLUTELY_NON_DECREASING).build()) {
            assertThat(spiral.get(1)).isEqualTo(Complex.imaginary("1.1"));
            assertThat(spiral.contains(Complex.real("-1.21"))).isTrue();
            assertThat(spiral.get(2)).isEqualTo(Complex.real("-1.21"));
            // |2| lies between |-1.21| and |-1.331j|: the search stops there instead of running forever.
            assertThat(spiral.contains(Complex.real("2"))).isFalse();
            assertThat(spiral.contains(Complex.imaginary("-1.331"))).isTrue();
        }
    }

    @Test
    void theHaltConditionSeesTheItemsComparedSoFarAndCountsAttempts() {
        List<String> calls = new ArrayList<>();
        HaltCondition<Long> recording = (seen, item, attempts) -> {
            calls.add(seen.size() + ":" + seen.last() + ":" + item + ":" + attempts);
            return attempts >= 3;
        };
        try (BufferedSequence<Long> count = BufferedSequence.over(Stream.iterate(0L, i -> i + 1).iterator())
                .bufferSize(64).haltCondition(recording).build()) {
            count.get(50);  // look-ahead far beyond what the search compares
            assertThat(count.contains(100L)).isFalse();
            assertThat(calls).containsExactly("1:0:100:1", "2:1:100:2", "3:2:100:3");
        }
        Iterator<Long> zigzag = Stream.iterate(0L, i -> i < 0 ? -i : -i - 1).iterator();  // 0, -1, 1, -2, 2…
        try (BufferedSequence<Long> sequence = BufferedSequence.over(zigzag)
                .haltCondition(HaltCondition.afterAttempts(1_000)).build()) {
            assertThat(sequence.contains(-7L)).isTrue();
            assertThat(sequence.contains(5_000L)).isFalse();
        }
    }

    @Test
    void aComparatorGivesTheDefaultConditionItsOrder() {
        Iterator<Long> down = Stream.iterate(100L, i -> i - 1).iterator();
        try (BufferedSequence<Long> sequence = BufferedSequence.over(down)
                .nonDecreasingIn(java.util.Comparator.<Long>reverseOrder()).build()) {
            assertThat(sequence.contains(90L)).isTrue();
            assertThat(sequence.contains(200L)).isFalse();
        }
    }

    @Test
    void aFiniteGeneratorEnds() {
        try (BufferedSequence<Integer> sequence = BufferedSequence.of(List.of(1, 2, 3).iterator())) {
            assertThat(sequence).containsExactly(1, 2, 3);
            assertThat(sequence.get(2)).isEqualTo(3);
            assertThatThrownBy(() -> sequence.get(3)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("ended after 3 items");
            assertThatThrownBy(() -> sequence.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(sequence.contains(4)).isFalse();
            assertThat(sequence.isDone()).isTrue();
            sequence.close();
            assertThatThrownBy(() -> sequence.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        try (BufferedSequence<Integer> empty = BufferedSequence.of(List.<Integer>of().iterator())) {
            assertThat(empty).isEmpty();
            assertThatThrownBy(() -> empty.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void producedItemsAreKeptSoTheSequenceIsStable() {
        Random random = new Random(7);
        try (BufferedSequence<Integer> sequence = BufferedSequence.generate(random::nextInt).build()) {
            List<Integer> first = sequence.stream().limit(1_000).toList();
            List<Integer> second = sequence.stream().limit(1_000).toList();
            assertThat(second).isEqualTo(first);
            assertThat(sequence.get(999)).isEqualTo(first.get(999));
        }
    }

    @Test
    void theProducerStaysBufferSizeAheadAndNoFurther() throws InterruptedException {
        AtomicLong made = new AtomicLong();
        try (BufferedSequence<Long> sequence = BufferedSequence.generate(made::getAndIncrement)
                .bufferSize(8).build()) {
            assertThat(sequence.get(10)).isEqualTo(10L);
            // Ahead of index 10 by 8 items: 19 in all, eventually, and never more while nobody reads further.
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (sequence.produced() < 19 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sequence.produced()).isEqualTo(19);
            Thread.sleep(50);
            assertThat(made.get()).isEqualTo(19);
        }
    }

    @Test
    void aFailingGeneratorReachesTheReader() {
        Iterator<Integer> failing = IntStream.iterate(0, i -> i + 1).map(i -> {
            if (i == 5) {
                throw new ArithmeticException("boom at 5");
            }
            return i;
        }).iterator();
        try (BufferedSequence<Integer> sequence = BufferedSequence.of(failing)) {
            assertThat(sequence.get(4)).isEqualTo(4);
            assertThatThrownBy(() -> sequence.get(5)).isInstanceOf(GeneratorFailedException.class)
                    .hasMessageContaining("after 5 items").hasRootCauseInstanceOf(ArithmeticException.class);
            assertThat(sequence.get(0)).isZero();
        }
    }

    @Test
    void closingStopsTheProducerThread() {
        long before = producerThreads();
        BufferedSequence<Long> count = count();
        BufferedSequence<Long> slow = BufferedSequence.<Long>generate(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0L;
        }).build();
        assertThat(count.get(100)).isEqualTo(100L);
        assertThat(producerThreads()).isEqualTo(before + 2);
        count.close();
        slow.close();  // interrupted in the middle of the generator
        assertThat(producerThreads()).isEqualTo(before);
        assertThat(count.get(100)).isEqualTo(100L);
        assertThatThrownBy(() -> count.get(1_000_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void oldItemsSpillToADiskBackedList(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) {
        try (dev.samos.collection.DiskList<Long> disk = dev.samos.collection.DiskList.open(folder);
             BufferedSequence<Long> sequence = BufferedSequence.over(Stream.iterate(0L, i -> i + 1).iterator())
                     .bufferSize(32).spillTo(ItemStore.onList(disk), 64).build()) {
            assertThat(sequence.get(5_000)).isEqualTo(5_000L);
            assertThat(disk.sizeAsLong()).isGreaterThan(4_000);
            assertThat(sequence.get(7)).isEqualTo(7L); // read back from the disk
            assertThat(sequence.contains(4_321L)).isTrue();
        }
    }

    @Test
    void oldItemsSpillToTheStoreAndReadBack() {
        InMemoryItemStore<Long> spill = new InMemoryItemStore<>();
        try (BufferedSequence<Long> sequence = BufferedSequence.over(Stream.iterate(0L, i -> i + 1).iterator())
                .bufferSize(32).spillTo(spill, 100).build()) {
            assertThat(sequence.stream().limit(10_000).toList()).isEqualTo(range(0, 10_000));
            long produced = sequence.produced();
            assertThat(spill.size()).isEqualTo(produced - 100);
            assertThat(sequence.get(3)).isEqualTo(3L);
            assertThat(sequence.get(9_999)).isEqualTo(9_999L);
            assertThat(sequence.contains(5_000L)).isTrue();
        }
        InMemoryItemStore<Integer> used = new InMemoryItemStore<>();
        used.append(1);
        assertThatThrownBy(() -> BufferedSequence.over(List.of(1).iterator()).spillTo(used, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be empty");
    }

    @Test
    void readersOnManyThreadsSeeTheSameItems() throws Exception {
        InMemoryItemStore<Long> spill = new InMemoryItemStore<>();
        try (BufferedSequence<Long> plain = BufferedSequence.over(Stream.iterate(0L, i -> i + 1).iterator())
                        .bufferSize(4).build();
                BufferedSequence<Long> bounded = BufferedSequence.over(Stream.iterate(0L, i -> i + 1).iterator())
                        .bufferSize(4).spillTo(spill, 16).build();
                ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Callable<Boolean>> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                readers.add(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 20_000; i++) {
                        long index = i + random.nextInt(64) - 32;
                        if (index >= 0 && (plain.get(index) != index || bounded.get(index) != index)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : threads.invokeAll(readers)) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    @Test
    void settingsAreChecked() {
        Iterator<Integer> none = List.<Integer>of().iterator();
        assertThatThrownBy(() -> BufferedSequence.over(none).bufferSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bufferSize");
        assertThatThrownBy(() -> BufferedSequence.over(none).spillTo(new InMemoryItemStore<>(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepInMemory");
        assertThatThrownBy(() -> HaltCondition.afterAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
