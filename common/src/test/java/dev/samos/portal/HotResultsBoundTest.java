package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory cache of results is bounded in bytes, not entries (issue 12: ten results of 100 MB pinned a 1 GiB
 * heap for good): results past the budget are evicted, and one over a sixteenth of it is never kept in memory.
 */
class HotResultsBoundTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path folder;

    /** {@code size} bytes, each {@code fill}. */
    public static final class Filled implements PureFunction {
        @Override
        public Object call(Kwargs kwargs) {
            byte[] bytes = new byte[kwargs.getInt("size")];
            Arrays.fill(bytes, (byte) kwargs.getInt("fill"));
            return bytes;
        }
    }

    @Test
    void resultsPastTheBudgetAreAnsweredFromTheFolderNotKeptInMemory() {
        PortalOptions options = PortalOptions.defaults().withWorkers(0).withHotResultBytes(16L * MIB);
        try (LocalPortal portal = LocalPortal.open(folder, options)) {
            Pure filled = portal.pure(Filled.class);
            int results = 64;                                   // 64 × 512 KiB = 32 MiB, twice the budget
            for (int i = 0; i < results; i++) {
                assertThat((byte[]) filled.call("size", MIB / 2, "fill", i)).hasSize(MIB / 2);
            }
            PortalStats before = portal.stats();
            for (int i = 0; i < results; i++) {
                assertThat(((byte[]) filled.call("size", MIB / 2, "fill", i))[0]).isEqualTo((byte) i);
            }
            PortalStats after = portal.stats();
            long fromMemory = after.hotHits() - before.hotHits();
            assertThat(fromMemory).as("calls answered from memory").isLessThanOrEqualTo(32);
            assertThat(after.storeHits() - before.storeHits()).isEqualTo(results - fromMemory);
        }
    }

    @Test
    void smallResultsAreWeighedWithWhatTheirEntriesCost() {
        // A 1-byte result weighs 17 bytes by itself; its entry (address, cache nodes) some 300 more. Weighed alone,
        // 10,000 of them would take 170 KB of a 512 KiB budget and all stay in memory.
        PortalOptions options = PortalOptions.defaults().withWorkers(0).withHotResultBytes(512 * 1024);
        try (LocalPortal portal = LocalPortal.open(folder, options)) {
            Pure filled = portal.pure(Filled.class);
            int results = 10_000;
            for (int i = 0; i < results; i++) {
                filled.call("size", 1, "fill", i);
            }
            PortalStats before = portal.stats();
            for (int i = 0; i < results; i++) {
                assertThat(((byte[]) filled.call("size", 1, "fill", i))[0]).isEqualTo((byte) i);
            }
            PortalStats after = portal.stats();
            long fromMemory = after.hotHits() - before.hotHits();
            assertThat(fromMemory).as("calls answered from memory").isPositive()
                    .isLessThanOrEqualTo(512 * 1024 / (Results.ENTRY_BYTES + 17));
            assertThat(after.storeHits() - before.storeHits()).isEqualTo(results - fromMemory);
        }
    }

    @Test
    void aResultOverASixteenthOfTheBudgetIsNeverKeptInMemory() {
        PortalOptions options = PortalOptions.defaults().withWorkers(0).withHotResultBytes(16L * MIB);
        try (LocalPortal portal = LocalPortal.open(folder, options)) {
            Pure filled = portal.pure(Filled.class);
            filled.call("size", 2 * MIB, "fill", 1);
            filled.call("size", 100, "fill", 1);
            PortalStats before = portal.stats();
            assertThat((byte[]) filled.call("size", 2 * MIB, "fill", 1)).hasSize(2 * MIB);
            assertThat((byte[]) filled.call("size", 100, "fill", 1)).hasSize(100);
            PortalStats after = portal.stats();
            assertThat(after.storeHits() - before.storeHits()).as("the large one, from the folder").isEqualTo(1);
            assertThat(after.hotHits() - before.hotHits()).as("the small one, from memory").isEqualTo(1);
        }
    }
}
