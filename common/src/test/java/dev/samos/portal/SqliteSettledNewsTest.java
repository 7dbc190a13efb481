package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Arguments;
import dev.samos.index.ExecutionIndex.Claim;
import dev.samos.index.ExecutionIndex.Lease;
import dev.samos.index.ExecutionIndex.Request;
import dev.samos.index.ExecutionIndex.Result;
import dev.samos.index.ExecutionIndex.Settlement;
import dev.samos.index.ExecutionIndex.Subscription;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder index's in-JVM news: settles and cancels through the index that end an execution (DONE, FAILED) are
 * heard after they commit; settles that leave it to run again, refused settles and other index objects are not.
 */
class SqliteSettledNewsTest {

    private static final ValueAddress FUNCTION = ValueAddress.of("news function");
    private static final StorageCodec CODEC = new StorageCodec();

    @TempDir
    Path folder;

    private LocalStores stores;
    private ExecutionIndex index;
    private final List<ExecutionAddress> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        stores = LocalStores.open(folder, Clock.systemUTC());
        index = stores.index();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void doneFailedAndCancelledAreHeardAfterTheyCommit() {
        List<ExecutionAddress> sawDone = new CopyOnWriteArrayList<>();
        index.onSettled(address -> {
            heard.add(address);
            // After the commit: a listener that looks finds the outcome (and does not deadlock on the database).
            if (index.state(address).orElseThrow().status() == dev.samos.execution.ExecutionStatus.DONE) {
                sawDone.add(address);
            }
        });
        index.settle(List.of(done(claimed(1), address(1))), "w", 60_000, 0);
        index.settle(List.of(new Settlement.Failed(address(2), claimed(2), attempt(Attempt.Outcome.FAILED))), "w",
                60_000, 0);
        index.request(List.of(request(3)));
        assertThat(index.cancel(address(3), attempt(Attempt.Outcome.CANCELLED))).isTrue();

        assertThat(heard).containsExactly(address(1), address(2), address(3));
        assertThat(sawDone).containsExactly(address(1));
    }

    @Test
    void retriesHandBacksRefusedSettlesAndFailedCancelsAreNotHeard() {
        index.onSettled(heard::add);
        index.settle(List.of(new Settlement.Retry(address(1), claimed(1), attempt(Attempt.Outcome.FAILED), 0)), "w",
                60_000, 0);
        index.settle(List.of(new Settlement.HandBack(address(2), claimed(2), attempt(Attempt.Outcome.NOT_RUN), 0)),
                "w", 60_000, 0);
        Lease lease = claimed(3);
        // Another owner's settle of the same lease is refused: nothing changed, nothing to tell.
        assertThat(index.settle(List.of(done(lease, address(3))), "intruder", 60_000, 0).refused())
                .containsExactly(address(3));
        assertThat(index.cancel(address(4), attempt(Attempt.Outcome.CANCELLED))).isFalse(); // never requested
        assertThat(heard).isEmpty();
    }

    @Test
    void closingASubscriptionStopsItsNewsAndLeavesTheOthers() {
        List<ExecutionAddress> other = new CopyOnWriteArrayList<>();
        Subscription first = index.onSettled(heard::add);
        index.onSettled(other::add);
        index.onSettled(address -> {
            throw new IllegalStateException("a failing listener fails neither the settle nor the others");
        });
        index.settle(List.of(done(claimed(1), address(1))), "w", 60_000, 0);
        first.close();
        first.close(); // twice is harmless
        index.settle(List.of(done(claimed(2), address(2))), "w", 60_000, 0);

        assertThat(heard).containsExactly(address(1));
        assertThat(other).containsExactly(address(1), address(2));
        assertThat(index.state(address(2)).orElseThrow().result()).isNotNull();
    }

    @Test
    void anotherIndexOnTheSameFolderDoesNotHearThisOne() {
        index.onSettled(heard::add);
        try (LocalStores second = LocalStores.open(folder, Clock.systemUTC())) {
            List<ExecutionAddress> there = new CopyOnWriteArrayList<>();
            second.index().onSettled(there::add);
            index.settle(List.of(done(claimed(1), address(1))), "w", 60_000, 0);
            assertThat(heard).containsExactly(address(1));
            assertThat(there).isEmpty();
        }
    }

    private Lease claimed(int n) {
        return ((Claim.Claimed) index.claim(request(n), "w", 60_000)).lease();
    }

    private static ExecutionAddress address(int n) {
        return ExecutionAddress.of("news", FUNCTION, Map.of("n", ValueAddress.of(n)));
    }

    private static Request request(int n) {
        return new Request(address(n), FUNCTION, Arguments.inline(CODEC.encode(Map.of("n", n))));
    }

    private static Settlement done(Lease lease, ExecutionAddress address) {
        return new Settlement.Done(address, lease, attempt(Attempt.Outcome.DONE),
                new Result(ValueAddress.of(7L), CODEC.encode(7L)));
    }

    private static Attempt attempt(Attempt.Outcome outcome) {
        return new Attempt(0, "w", 0, 0, outcome, "", "", null, null, null, List.of());
    }
}
