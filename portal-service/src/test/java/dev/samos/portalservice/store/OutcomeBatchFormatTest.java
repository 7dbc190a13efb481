package dev.samos.portalservice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.portalservice.store.OutcomeLog.Outcome;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutcomeBatchFormatTest {

    private static final StorageCodec CODEC = new StorageCodec();

    @Test
    void everyKindOfOutcomeComesBackEqual() {
        List<Outcome> batch = List.of(
                outcome(1, ExecutionIndex.Arguments.inline(CODEC.encode(Map.of("x", 1))),
                        new ExecutionIndex.Result(ValueAddress.of(1L), CODEC.encode(1L)),
                        new Attempt(1, "worker-1", 10, 15, Attempt.Outcome.DONE, "out", "", null, null, null,
                                List.of("unusedRam(1.0 GB): ok", "gpu: ok"))),
                outcome(2, new ExecutionIndex.Arguments(null, ValueAddress.of(Map.of("x", 2))),
                        new ExecutionIndex.Result(ValueAddress.of("a big result"), null),
                        new Attempt(3, null, 0, Long.MAX_VALUE, Attempt.Outcome.DONE, null, "stderr: ünïcødé ✓",
                                "java.lang.Error", "a message\nover lines", "at x\nat y", List.of())));

        byte[] bytes = OutcomeBatchFormat.encode(batch);

        assertThat(OutcomeBatchFormat.isBatch(bytes)).isTrue();
        assertThat(OutcomeBatchFormat.decode(bytes)).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(batch);
    }

    @Test
    void theStorageCodecsBytesAreNotABatch() {
        assertThat(OutcomeBatchFormat.isBatch(CODEC.encode(List.of("not", "outcomes")))).isFalse();
        assertThat(OutcomeBatchFormat.isBatch(new byte[] {'S', 'O'})).isFalse();
        assertThatThrownBy(() -> OutcomeBatchFormat.decode(CODEC.encode(List.of(1))))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("SOB1");
    }

    @Test
    void aChangedOrCutByteIsCaughtByTheChecksum() {
        byte[] bytes = OutcomeBatchFormat.encode(List.of(simple(1), simple(2)));
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;

        assertThatThrownBy(() -> OutcomeBatchFormat.decode(flipped))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> OutcomeBatchFormat.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("checksum");
    }

    /** Bytes with a valid header and checksum but nonsense inside: always a CorruptValueException, never another. */
    @Test
    void garbageWithAValidChecksumIsRefusedAsCorrupt() {
        Random random = new Random(42);
        byte[] good = OutcomeBatchFormat.encode(List.of(simple(1)));
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = i % 2 == 0 ? new byte[8 + random.nextInt(200)] : good.clone();
            if (i % 2 == 0) {
                random.nextBytes(bytes);
            } else {
                for (int flips = 0; flips < 3; flips++) {
                    bytes[8 + random.nextInt(bytes.length - 8)] = (byte) random.nextInt();
                }
            }
            System.arraycopy(new byte[] {'S', 'O', 'B', '1'}, 0, bytes, 0, 4);
            resum(bytes);
            try {
                OutcomeBatchFormat.decode(bytes);
            } catch (CorruptValueException expected) {
                // the only acceptable failure
            }
        }
        byte[] lyingCount = {'S', 'O', 'B', '1', 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        resum(lyingCount);
        assertThatThrownBy(() -> OutcomeBatchFormat.decode(lyingCount))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("claims");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        resum(trailing);
        assertThatThrownBy(() -> OutcomeBatchFormat.decode(trailing))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("after its last outcome");
    }

    /** Forges a valid checksum over whatever the bytes hold now. */
    private static void resum(byte[] bytes) {
        ByteBuffer.wrap(bytes).putInt(4, OutcomeBatchFormat.checksum(bytes));
    }

    private static Outcome simple(int n) {
        return outcome(n, ExecutionIndex.Arguments.inline(CODEC.encode(Map.of("x", n))),
                new ExecutionIndex.Result(ValueAddress.of((long) n * n), CODEC.encode((long) n * n)),
                new Attempt(1, "w", 1, 2, Attempt.Outcome.DONE, "", "", null, null, null, List.of()));
    }

    private static Outcome outcome(int n, ExecutionIndex.Arguments kwargs, ExecutionIndex.Result result,
            Attempt attempt) {
        return new Outcome(ExecutionAddress.of("square", ValueAddress.of("bundle"), Map.of("x", ValueAddress.of(n))),
                ValueAddress.of("bundle"), kwargs, result, attempt);
    }
}
