package dev.samos.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.execution.Attempt;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptFormatTest {

    static final Attempt PLAIN = new Attempt(1, "host/4242/abcdef", 1_764_000_000_000L, 1_764_000_000_003L,
            Attempt.Outcome.DONE, "", "", null, null, null, List.of());
    static final Attempt FULL = new Attempt(7, null, 5, 9, Attempt.Outcome.FAILED, "out ü\n", "err",
            "java.lang.IllegalStateException", "a, b | c", "at x\nat y", List.of("gpu(4): 0 GPUs here", "ram"));

    @Test
    void everyFieldComesBackAndAPlainAttemptIsSmall() {
        for (Attempt attempt : List.of(PLAIN, FULL)) {
            byte[] bytes = AttemptFormat.encode(attempt);
            assertThat(AttemptFormat.isRecord(bytes)).isTrue();
            assertThat(AttemptFormat.decode(bytes)).isEqualTo(attempt);
        }
        // The worker's id is most of it; the storage codec took 271 bytes for such a record.
        assertThat(AttemptFormat.encode(PLAIN)).hasSizeLessThan(48);
    }

    @Test
    void aStorageCodecRecordIsNotOneOfThese() {
        byte[] old = new StorageCodec().encode(PLAIN);
        assertThat(AttemptFormat.isRecord(old)).isFalse();
        assertThatThrownBy(() -> AttemptFormat.decode(old)).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("SA1");
    }

    @Test
    void damagedBytesAreACorruptValueNeverAnotherException() {
        byte[] good = AttemptFormat.encode(FULL);
        for (int cut = 4; cut < good.length; cut++) {
            byte[] shorter = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> AttemptFormat.decode(shorter)).isInstanceOf(CorruptValueException.class);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> AttemptFormat.decode(trailing)).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("after its last field");
        for (int at = 4; at < good.length; at++) {
            byte[] flipped = good.clone();
            flipped[at] ^= (byte) 0xA5;
            try {
                AttemptFormat.decode(flipped);
            } catch (CorruptValueException expected) {
                // the only acceptable failure
            }
        }
    }
}
