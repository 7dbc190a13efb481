package dev.samos.index;

import static dev.samos.execution.ExecutionStatus.DONE;
import static dev.samos.execution.ExecutionStatus.FAILED;
import static dev.samos.execution.ExecutionStatus.PENDING;
import static dev.samos.execution.ExecutionStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.execution.Transition;
import dev.samos.index.ExecutionIndex.Arguments;
import dev.samos.index.ExecutionIndex.Claim;
import dev.samos.index.ExecutionIndex.Counts;
import dev.samos.index.ExecutionIndex.Entry;
import dev.samos.index.ExecutionIndex.Lease;
import dev.samos.index.ExecutionIndex.Request;
import dev.samos.index.ExecutionIndex.Requested;
import dev.samos.index.ExecutionIndex.Result;
import dev.samos.index.ExecutionIndex.Settled;
import dev.samos.index.ExecutionIndex.Settlement;
import dev.samos.index.ExecutionIndex.State;
import dev.samos.index.ExecutionIndex.Task;
import dev.samos.index.ExecutionIndex.TaskClaim;
import dev.samos.testkit.MutableClock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link ExecutionIndex} does, tested through its interface only (as JobRunr's StorageProviderTest tests
 * every storage provider): an implementation's test extends this and says how to make a fresh, empty index on a
 * clock. Time is a {@link MutableClock} the tests move, never a sleep; nothing here measures time. The transition
 * table ({@link Transition}) is tested exhaustively: each row from each status, and each status it does not apply
 * to.
 */
public abstract class ExecutionIndexContract {

    /** A fresh, empty index on {@code clock}; closed after each test. */
    protected abstract ExecutionIndex newIndex(Clock clock);

    protected static final long LEASE = 30_000;
    private static final ValueAddress FUNCTION = ValueAddress.of("a function bundle");
    private static final ValueAddress OTHER_FUNCTION = ValueAddress.of("another function bundle");
    private static final StorageCodec CODEC = new StorageCodec();

    protected MutableClock clock;
    protected ExecutionIndex index;

    /**
     * The clock a test moves, at its start. A new one per test, unless the index is timed by a clock made once for
     * many tests (a service's clock bean): then that one, {@link MutableClock#reset() reset}.
     */
    protected MutableClock newClock() {
        return new MutableClock();
    }

    @BeforeEach
    void openIndex() {
        clock = newClock();
        index = newIndex(clock);
    }

    @AfterEach
    void closeIndex() {
        index.close();
    }

    // ---- request --------------------------------------------------------------------------------------------------

    @Test
    void aNewExecutionBecomesPendingAndItsRequestIsTheFirst() {
        assertThat(index.request(List.of(request(1)))).containsExactly(new Requested(PENDING, true));
        assertThat(status(address(1))).isEqualTo(PENDING);
    }

    @Test
    void requestingAgainLeavesPendingRunningAndDoneAsTheyAre() {
        index.request(List.of(request(1)));
        claimed(request(2), "w");
        settle(done(claimed(request(3), "w"), address(3), inlineResult(3)), "w");

        assertThat(index.request(List.of(request(1), request(2), request(3)))).containsExactly(
                new Requested(PENDING, false), new Requested(RUNNING, false), new Requested(DONE, false));
        assertThat(List.of(status(address(1)), status(address(2)), status(address(3))))
                .containsExactly(PENDING, RUNNING, DONE);
        assertCounts(1, 1, 1, 0);
    }

    @Test
    void answersAreInTheOrderOfTheRequestsAndADuplicateInOneBatchIsNotFirst() {
        index.request(List.of(request(2)));
        assertThat(index.request(List.of(request(1), request(2), request(1)))).containsExactly(
                new Requested(PENDING, true), new Requested(PENDING, false), new Requested(PENDING, false));
        assertCounts(2, 0, 0, 0);
    }

    @Test
    void aFailedExecutionRequestedAgainIsPendingAndItsTriesStartOver() {
        index.request(List.of(request(1)));
        Task first = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.Retry(address(1), first.lease(), record(Attempt.Outcome.FAILED), clock.millis()),
                "w");
        Task second = only(index.claimNext("w", LEASE, 1));
        assertThat(second.tries()).isEqualTo(2);
        settle(new Settlement.Failed(address(1), second.lease(), record(Attempt.Outcome.FAILED)), "w");

        assertThat(index.request(List.of(request(1)))).containsExactly(new Requested(PENDING, true));
        Task third = only(index.claimNext("w", LEASE, 1));
        assertThat(third.tries()).isEqualTo(1);
        assertThat(third.lease().attempt()).isEqualTo(3);
    }

    @Test
    void aRequestKeepsTheFunctionAndKwargsOfTheFirst() {
        index.request(List.of(request(1)));
        index.request(List.of(new Request(address(1), OTHER_FUNCTION, Arguments.inline(new byte[] {9}))));
        Entry entry = index.entry(address(1)).orElseThrow();
        assertThat(entry.function()).isEqualTo(FUNCTION);
        assertThat(entry.kwargs().inline()).isEqualTo(kwargs(1));
    }

    @Test
    void aFailedExecutionRequestedAgainRunsTheFunctionOfThatRequest() {
        // The function value carries the validators (a time limit): a call retried with a longer limit gets it.
        index.request(List.of(request(1)));
        settle(new Settlement.Failed(address(1), only(index.claimNext("w", LEASE, 1)).lease(),
                record(Attempt.Outcome.TIMED_OUT)), "w");

        index.request(List.of(new Request(address(1), OTHER_FUNCTION, Arguments.inline(kwargs(1)))));

        assertThat(index.entry(address(1)).orElseThrow().function()).isEqualTo(OTHER_FUNCTION);
        assertThat(only(index.claimNext("w", LEASE, 1)).function()).isEqualTo(OTHER_FUNCTION);
    }

    // ---- claim ----------------------------------------------------------------------------------------------------

    @Test
    void claimOfANewExecutionCreatesItRunningForItsFirstAttempt() {
        Claim claim = index.claim(request(1), "w", LEASE);
        assertThat(claim).isInstanceOfSatisfying(Claim.Claimed.class, c -> {
            assertThat(c.lease().owner()).isEqualTo("w");
            assertThat(c.lease().attempt()).isEqualTo(1);
        });
        Entry entry = index.entry(address(1)).orElseThrow();
        assertThat(entry.status()).isEqualTo(RUNNING);
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.function()).isEqualTo(FUNCTION);
        assertThat(entry.kwargs().inline()).isEqualTo(kwargs(1));
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void claimOfADoneExecutionAnswersItsResult() {
        Lease lease = claimed(request(1), "w");
        settle(done(lease, address(1), inlineResult(1)), "w");

        assertThat(index.claim(request(1), "other", LEASE)).isInstanceOfSatisfying(Claim.Done.class,
                d -> assertResult(d.result(), inlineResult(1)));
        assertThat(status(address(1))).isEqualTo(DONE);
    }

    @Test
    void aLeaseHeldByAnotherOwnerAnswersWhoHoldsItAndUntilWhen() {
        long until = clock.millis() + LEASE;
        claimed(request(1), "first");
        clock.advanceMillis(LEASE - 1);
        assertThat(index.claim(request(1), "second", LEASE)).isEqualTo(new Claim.Held("first", until));
        assertThat(index.entry(address(1)).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void theSameOwnerClaimingAgainTakesANewAttempt() {
        claimed(request(1), "w");
        Lease again = claimed(request(1), "w");
        assertThat(again.owner()).isEqualTo("w");
        assertThat(again.attempt()).isEqualTo(2);
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void anExpiredLeaseIsClaimedByAnotherOwnerWithTheNextAttemptNumber() {
        claimed(request(1), "dead");
        clock.advanceMillis(LEASE + 1);
        Lease taken = claimed(request(1), "alive");
        assertThat(taken).extracting(Lease::owner, Lease::attempt).containsExactly("alive", 2L);
        assertThat(index.claim(request(1), "third", LEASE)).isEqualTo(
                new Claim.Held("alive", clock.millis() + LEASE));
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void aPendingExecutionClaimedDirectlyLeavesTheQueue() {
        index.request(List.of(request(1)));
        assertThat(claimed(request(1), "caller").attempt()).isEqualTo(1);
        assertThat(index.claimNext("worker", LEASE, 10)).isEmpty();
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void concurrentClaimsOfOneNewExecutionHaveExactlyOneWinner() throws Exception {
        List<Claim> claims = concurrently(8, owner -> index.claim(request(1), "owner-" + owner, LEASE));
        assertThat(claims).filteredOn(Claim.Claimed.class::isInstance).hasSize(1);
        assertThat(claims).filteredOn(Claim.Held.class::isInstance).hasSize(7);
        assertCounts(0, 1, 0, 0);
    }

    // ---- claimNext ------------------------------------------------------------------------------------------------

    @Test
    void claimNextTakesTheOldestFirst() {
        index.request(List.of(request(1)));
        clock.advanceMillis(1);
        index.request(List.of(request(2)));
        clock.advanceMillis(1);
        index.request(List.of(request(3), request(4), request(5)));

        assertThat(only(index.claimNext("w", LEASE, 1)).address()).isEqualTo(address(1));
        assertThat(index.claimNext("w", LEASE, 3)).extracting(Task::address)
                .containsExactly(address(2), address(3), address(4));
        assertThat(index.claimNext("w", LEASE, 3)).extracting(Task::address).containsExactly(address(5));
    }

    @Test
    void claimNextAnswersWhatToRunWithWhichLease() {
        index.request(List.of(request(1)));
        Task task = only(index.claimNext("w", LEASE, 5));
        assertThat(task.address()).isEqualTo(address(1));
        assertThat(task.function()).isEqualTo(FUNCTION);
        assertThat(task.kwargs().inline()).isEqualTo(kwargs(1));
        assertThat(task.lease().owner()).isEqualTo("w");
        assertThat(task.lease().attempt()).isEqualTo(1);
        assertThat(task.tries()).isEqualTo(1);
        assertThat(status(address(1))).isEqualTo(RUNNING);
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void claimNextTakesNoMoreThanTheLimit() {
        index.request(IntStream.range(0, 5).mapToObj(ExecutionIndexContract::request).toList());
        assertThat(index.claimNext("w", LEASE, 3)).hasSize(3);
        assertCounts(2, 3, 0, 0);
    }

    @Test
    void claimNextRespectsTheBackoffOfARetry() {
        index.request(List.of(request(1)));
        Task task = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.Retry(address(1), task.lease(), record(Attempt.Outcome.FAILED),
                clock.millis() + 1_000), "w");

        assertThat(index.claimNext("w", LEASE, 1)).isEmpty();
        clock.advanceMillis(999);
        assertThat(index.claimNext("w", LEASE, 1)).isEmpty();
        clock.advanceMillis(1);
        Task again = only(index.claimNext("w", LEASE, 1));
        assertThat(again.lease().attempt()).isEqualTo(2);
        assertThat(again.tries()).isEqualTo(2);
    }

    @Test
    void claimNextTakesOverExpiredLeasesButNotLiveOnes() {
        index.request(List.of(request(1), request(2)));
        only(index.claimNext("dead", LEASE, 1));
        clock.advanceMillis(LEASE / 2);
        only(index.claimNext("alive", LEASE, 1));
        clock.advanceMillis(LEASE / 2 + 1);

        Task taken = only(index.claimNext("new", LEASE, 5));
        assertThat(taken.address()).isEqualTo(address(1));
        assertThat(taken.lease()).extracting(Lease::owner, Lease::attempt).containsExactly("new", 2L);
        assertCounts(0, 2, 0, 0);
    }

    @Test
    void claimNextNeverTakesDoneOrFailedExecutions() {
        settle(done(claimed(request(1), "w"), address(1), inlineResult(1)), "w");
        settle(new Settlement.Failed(address(2), claimed(request(2), "w"), record(Attempt.Outcome.FAILED)),
                "w");
        clock.advanceMillis(10 * LEASE);
        assertThat(index.claimNext("w", LEASE, 10)).isEmpty();
    }

    @Test
    void claimNextClaimsEachTaskOnce() {
        index.request(IntStream.range(0, 50).mapToObj(ExecutionIndexContract::request).toList());
        List<ExecutionAddress> claimed = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            index.claimNext("w" + round, LEASE, 20).forEach(task -> claimed.add(task.address()));
        }
        assertThat(claimed).hasSize(50).doesNotHaveDuplicates();
        assertThat(index.claimNext("w", LEASE, 20)).isEmpty();
    }

    @Test
    void concurrentClaimNextCallersEachGetDistinctTasks() throws Exception {
        int tasks = 400;
        index.request(IntStream.range(0, tasks).mapToObj(ExecutionIndexContract::request).toList());
        List<List<Task>> perThread = concurrently(4, worker -> {
            List<Task> mine = new ArrayList<>();
            for (List<Task> batch = index.claimNext("w" + worker, LEASE, 7); !batch.isEmpty();
                    batch = index.claimNext("w" + worker, LEASE, 7)) {
                mine.addAll(batch);
            }
            return mine;
        });
        List<ExecutionAddress> all = perThread.stream().flatMap(List::stream).map(Task::address).toList();
        assertThat(all).hasSize(tasks).doesNotHaveDuplicates();
        assertCounts(0, tasks, 0, 0);
    }

    // ---- claimStale (a sweep's pick) ------------------------------------------------------------------------------

    /** How long a runnable execution is left to its task record in these tests. */
    private static final long STALE = 5_000;

    @Test
    void claimStaleLeavesAFreshPendingExecutionToItsRecord() {
        index.request(List.of(request(1)));
        assertThat(index.claimStale("sweeper", LEASE, 10, STALE)).isEmpty();
        clock.advanceMillis(STALE - 1);
        assertThat(index.claimStale("sweeper", LEASE, 10, STALE)).isEmpty();
        assertThat(status(address(1))).isEqualTo(PENDING);
        assertCounts(1, 0, 0, 0);
    }

    @Test
    void claimStaleTakesAPendingExecutionOnceStaleOldestFirstCountingTheTry() {
        index.request(List.of(request(1)));
        clock.advanceMillis(1);
        index.request(List.of(request(2)));
        clock.advanceMillis(STALE - 1);

        Task task = only(index.claimStale("sweeper", LEASE, 10, STALE));
        assertThat(task.address()).isEqualTo(address(1));
        assertThat(task.function()).isEqualTo(FUNCTION);
        assertThat(task.kwargs().inline()).isEqualTo(kwargs(1));
        assertThat(task.lease()).extracting(Lease::owner, Lease::attempt).containsExactly("sweeper", 1L);
        assertThat(task.tries()).isEqualTo(1);
        assertThat(status(address(1))).isEqualTo(RUNNING);
        assertThat(status(address(2))).isEqualTo(PENDING);
        clock.advanceMillis(1);
        assertThat(only(index.claimStale("sweeper", LEASE, 10, STALE)).address()).isEqualTo(address(2));
        assertCounts(0, 2, 0, 0);
    }

    @Test
    void claimStaleTakesAnExpiredLeaseAsSoonAsItExpiresAndNeverALiveOne() {
        index.request(List.of(request(1)));
        Task dead = taken(only(index.claimTasks(List.of(address(1)), "dead", LEASE)));
        clock.advanceMillis(LEASE - 1);
        assertThat(index.claimStale("sweeper", LEASE, 10, 0)).isEmpty();
        assertThat(status(address(1))).isEqualTo(RUNNING);
        clock.advanceMillis(1);

        // The lease is the staleness of a RUNNING execution: none is added, however long the sweep's staleness.
        Task swept = only(index.claimStale("sweeper", LEASE, 10, 10 * LEASE));
        assertThat(swept.address()).isEqualTo(address(1));
        assertThat(swept.lease()).extracting(Lease::owner, Lease::attempt).containsExactly("sweeper", 2L);
        assertThat(swept.tries()).isEqualTo(2);
        assertThat(index.settle(List.of(done(dead.lease(), address(1), inlineResult(1))), "dead", LEASE, 0)
                .refused()).containsExactly(address(1));
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void claimStaleTakesExpiredLeasesFirstThenStalePendingWithinTheLimit() {
        index.request(List.of(request(1), request(2), request(3), request(4)));
        index.claimTasks(List.of(address(3), address(4)), "dead", LEASE);
        clock.advanceMillis(LEASE);

        // Which are taken within the limit is the promise, not their order in the answer.
        assertThat(index.claimStale("sweeper", LEASE, 3, STALE)).extracting(Task::address)
                .containsExactlyInAnyOrder(address(3), address(4), address(1));
        assertThat(only(index.claimStale("sweeper", LEASE, 3, STALE)).address()).isEqualTo(address(2));
        assertThat(index.claimStale("sweeper", LEASE, 3, STALE)).isEmpty();
        assertCounts(0, 4, 0, 0);
    }

    @Test
    void aRetryIsStaleCountedFromTheEndOfItsBackoff() {
        index.request(List.of(request(1)));
        Task first = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.Retry(address(1), first.lease(), record(Attempt.Outcome.FAILED),
                clock.millis() + 1_000), "w");

        clock.advanceMillis(1_000 + STALE - 1);
        assertThat(index.claimStale("sweeper", LEASE, 10, STALE)).isEmpty();
        clock.advanceMillis(1);
        Task again = only(index.claimStale("sweeper", LEASE, 10, STALE));
        assertThat(again.lease().attempt()).isEqualTo(2);
        assertThat(again.tries()).isEqualTo(2);
    }

    @Test
    void aRetryWhoseBackoffHadPassedWhenSettledIsStaleCountedFromTheSettle() {
        index.request(List.of(request(1)));
        Task first = only(index.claimNext("w", LEASE, 1));
        clock.advanceMillis(LEASE / 2);
        settle(new Settlement.Retry(address(1), first.lease(), record(Attempt.Outcome.FAILED),
                clock.millis() - STALE), "w");

        // Runnable at once (claimNext takes it), but its new record has had no time yet.
        assertThat(index.claimStale("sweeper", LEASE, 10, STALE)).isEmpty();
        clock.advanceMillis(STALE);
        assertThat(only(index.claimStale("sweeper", LEASE, 10, STALE)).tries()).isEqualTo(2);
    }

    @Test
    void aHandedBackExecutionIsStaleCountedFromItsNotBeforeAndItsTryIsNotCounted() {
        index.request(List.of(request(1)));
        Task declined = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.HandBack(address(1), declined.lease(), record(Attempt.Outcome.NOT_RUN),
                clock.millis() + 500), "w");

        clock.advanceMillis(500 + STALE - 1);
        assertThat(index.claimStale("sweeper", LEASE, 10, STALE)).isEmpty();
        clock.advanceMillis(1);
        Task task = only(index.claimStale("sweeper", LEASE, 10, STALE));
        assertThat(task.lease().attempt()).isEqualTo(2);
        assertThat(task.tries()).isEqualTo(1);
    }

    @Test
    void aFailedExecutionRequestedAgainIsFreshAgain() {
        settle(new Settlement.Failed(address(1), claimed(request(1), "w"), record(Attempt.Outcome.FAILED)), "w");
        clock.advanceMillis(10 * STALE);
        index.request(List.of(request(1)));

        assertThat(index.claimStale("sweeper", LEASE, 10, STALE)).isEmpty();
        clock.advanceMillis(STALE);
        Task task = only(index.claimStale("sweeper", LEASE, 10, STALE));
        assertThat(task.lease().attempt()).isEqualTo(2);
        assertThat(task.tries()).isEqualTo(1);
    }

    @Test
    void claimStaleNeverTakesDoneOrFailedExecutions() {
        settle(done(claimed(request(1), "w"), address(1), inlineResult(1)), "w");
        settle(new Settlement.Failed(address(2), claimed(request(2), "w"), record(Attempt.Outcome.FAILED)),
                "w");
        clock.advanceMillis(10 * LEASE);
        assertThat(index.claimStale("sweeper", LEASE, 10, 0)).isEmpty();
        assertThat(index.claimStale("sweeper", LEASE, 10, STALE)).isEmpty();
        assertCounts(0, 0, 1, 1);
    }

    @Test
    void claimStaleWithNoStalenessTakesWhatClaimNextWould() {
        index.request(List.of(request(1), request(2)));
        assertThat(index.claimStale("sweeper", LEASE, 10, 0)).extracting(Task::address)
                .containsExactly(address(1), address(2));
    }

    @Test
    void aNegativeStalenessIsRefused() {
        index.request(List.of(request(1)));
        assertThatThrownBy(() -> index.claimStale("sweeper", LEASE, 10, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(status(address(1))).isEqualTo(PENDING);
    }

    // ---- claimTasks -----------------------------------------------------------------------------------------------

    @Test
    void claimTasksTakesAPendingExecutionWithWhatClaimNextWouldAnswer() {
        ValueAddress stored = ValueAddress.of(Map.of("big", "kwargs"));
        index.request(List.of(request(1), new Request(address(2), FUNCTION, Arguments.stored(stored))));

        List<TaskClaim> claims = index.claimTasks(List.of(address(1), address(2)), "w", LEASE);
        Task task = taken(claims.get(0));
        assertThat(task.address()).isEqualTo(address(1));
        assertThat(task.function()).isEqualTo(FUNCTION);
        assertThat(task.kwargs().inline()).isEqualTo(kwargs(1));
        assertThat(task.lease()).extracting(Lease::owner, Lease::attempt).containsExactly("w", 1L);
        assertThat(task.tries()).isEqualTo(1);
        Task withStoredKwargs = taken(claims.get(1));
        assertThat(withStoredKwargs.kwargs().inline()).isNull();
        assertThat(withStoredKwargs.kwargs().value()).isEqualTo(stored);
        assertThat(List.of(status(address(1)), status(address(2)))).containsExactly(RUNNING, RUNNING);
        assertThat(index.entry(address(1)).orElseThrow().attempts()).isEqualTo(1);
        assertThat(index.claimNext("other", LEASE, 10)).isEmpty();
        assertCounts(0, 2, 0, 0);
    }

    @Test
    void claimTasksTakesAPendingExecutionWhoseBackoffHasNotPassed() {
        index.request(List.of(request(1)));
        Task first = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.Retry(address(1), first.lease(), record(Attempt.Outcome.FAILED),
                clock.millis() + LEASE / 2), "w");

        Task task = taken(only(index.claimTasks(List.of(address(1)), "w", LEASE)));
        assertThat(task.lease().attempt()).isEqualTo(2);
        assertThat(task.tries()).isEqualTo(2);
        assertThat(status(address(1))).isEqualTo(RUNNING);
        assertCounts(0, 1, 0, 0);
        // It left the PENDING queue: its old backoff passing, within the new lease, brings nothing to claimNext.
        clock.advanceMillis(LEASE / 2);
        assertThat(index.claimNext("other", LEASE, 10)).isEmpty();
    }

    @Test
    void aLeaseTakenByClaimTasksExpiresLikeAnyOtherAndIsSwept() {
        index.request(List.of(request(1)));
        Task task = taken(only(index.claimTasks(List.of(address(1)), "dead", LEASE)));
        clock.advanceMillis(LEASE - 1);
        assertThat(index.claimNext("sweeper", LEASE, 10)).isEmpty();
        clock.advanceMillis(1);

        Task swept = only(index.claimNext("sweeper", LEASE, 10));
        assertThat(swept.lease()).extracting(Lease::owner, Lease::attempt).containsExactly("sweeper", 2L);
        assertThat(swept.tries()).isEqualTo(2);
        assertThat(index.settle(List.of(done(task.lease(), address(1), inlineResult(1))), "dead", LEASE, 0)
                .refused()).containsExactly(address(1));
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void claimTasksFindsDoneFinishedAndClaimsNothing() {
        settle(done(claimed(request(1), "w"), address(1), inlineResult(1)), "w");
        Snapshot before = snapshot(address(1));

        assertThat(index.claimTasks(List.of(address(1)), "w", LEASE)).containsExactly(new TaskClaim.Finished(DONE));
        assertThat(snapshot(address(1))).isEqualTo(before);
        assertCounts(0, 0, 1, 0);
    }

    @Test
    void claimTasksFindsFailedFinishedAndNeverRevivesIt() {
        settle(new Settlement.Failed(address(1), claimed(request(1), "w"), record(Attempt.Outcome.FAILED)), "w");
        Snapshot before = snapshot(address(1));

        assertThat(index.claimTasks(List.of(address(1)), "w", LEASE)).containsExactly(new TaskClaim.Finished(FAILED));
        assertThat(snapshot(address(1))).isEqualTo(before);
        assertThat(status(address(1))).isEqualTo(FAILED);
        clock.advanceMillis(10 * LEASE);
        assertThat(index.claimNext("w", LEASE, 10)).isEmpty();
        assertCounts(0, 0, 0, 1);
    }

    @Test
    void claimTasksFindsALiveLeaseOfAnotherOwnerBusyWithWhoAndUntilWhen() {
        long until = clock.millis() + LEASE;
        claimed(request(1), "holder");
        clock.advanceMillis(LEASE - 1);
        Snapshot before = snapshot(address(1));

        assertThat(index.claimTasks(List.of(address(1)), "w", LEASE))
                .containsExactly(new TaskClaim.Busy("holder", until));
        assertThat(snapshot(address(1))).isEqualTo(before);
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void claimTasksFindsALiveLeaseOfTheCallerItselfBusy() {
        index.request(List.of(request(1)));
        Task task = only(index.claimNext("w", LEASE, 1));
        long until = clock.millis() + LEASE;
        clock.advanceMillis(1);

        assertThat(index.claimTasks(List.of(address(1)), "w", LEASE)).containsExactly(new TaskClaim.Busy("w", until));
        assertThat(index.entry(address(1)).orElseThrow().attempts()).isEqualTo(1);
        settle(done(task.lease(), address(1), inlineResult(1)), "w");
    }

    @Test
    void claimTasksTakesAnExpiredLeaseWithTheNextAttempt() {
        Lease lost = claimed(request(1), "dead");
        clock.advanceMillis(LEASE);

        Task task = taken(only(index.claimTasks(List.of(address(1)), "alive", LEASE)));
        assertThat(task.lease()).extracting(Lease::owner, Lease::attempt).containsExactly("alive", 2L);
        assertThat(task.tries()).isEqualTo(2);
        assertThat(index.claim(request(1), "third", LEASE)).isEqualTo(
                new Claim.Held("alive", clock.millis() + LEASE));
        assertThat(index.settle(List.of(done(lost, address(1), inlineResult(1))), "dead", LEASE, 0).refused())
                .containsExactly(address(1));
        assertThat(index.claimNext("third", LEASE, 10)).isEmpty();
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void claimTasksFindsAnAddressNeverRequestedUnknownAndCreatesNothing() {
        assertThat(index.claimTasks(List.of(address(1)), "w", LEASE)).containsExactly(new TaskClaim.Unknown());
        assertThat(index.state(address(1))).isEmpty();
        assertThat(index.claimTasks(List.of(), "w", LEASE)).isEmpty();
        assertCounts(0, 0, 0, 0);
    }

    @Test
    void claimTasksAnswersAMixedBatchInTheOrderOfTheAddresses() {
        index.request(List.of(request(1), request(6)));
        settle(done(claimed(request(2), "w"), address(2), inlineResult(2)), "w");
        settle(new Settlement.Failed(address(3), claimed(request(3), "w"), record(Attempt.Outcome.FAILED)), "w");
        claimed(request(5), "dead");
        clock.advanceMillis(LEASE);
        claimed(request(4), "holder");
        long until = clock.millis() + LEASE;

        List<TaskClaim> claims = index.claimTasks(List.of(address(6), address(5), address(4), address(3),
                address(7), address(2), address(1)), "w", LEASE);
        assertThat(claims).hasSize(7);
        assertThat(taken(claims.get(0)).address()).isEqualTo(address(6));
        assertThat(taken(claims.get(1)).address()).isEqualTo(address(5));
        assertThat(claims.subList(2, 6)).containsExactly(new TaskClaim.Busy("holder", until),
                new TaskClaim.Finished(FAILED), new TaskClaim.Unknown(), new TaskClaim.Finished(DONE));
        assertThat(taken(claims.get(6)).address()).isEqualTo(address(1));
        assertThat(claims).filteredOn(TaskClaim.Taken.class::isInstance)
                .allSatisfy(claim -> assertThat(taken(claim).lease().owner()).isEqualTo("w"));
        assertCounts(0, 4, 1, 1);
    }

    @Test
    void anAddressTwiceInOneBatchIsTakenOnceThenBusyForTheCaller() {
        index.request(List.of(request(1)));
        long until = clock.millis() + LEASE;

        List<TaskClaim> claims = index.claimTasks(List.of(address(1), address(1)), "w", LEASE);
        assertThat(taken(claims.get(0)).lease().attempt()).isEqualTo(1);
        assertThat(claims.get(1)).isEqualTo(new TaskClaim.Busy("w", until));
        assertThat(index.entry(address(1)).orElseThrow().attempts()).isEqualTo(1);
        assertCounts(0, 1, 0, 0);
    }

    @Test
    void claimTasksCountsEveryTryAfterRetriesAndAfterARequestStartsThemOver() {
        index.request(List.of(request(1)));
        Task first = taken(only(index.claimTasks(List.of(address(1)), "w", LEASE)));
        assertThat(first.tries()).isEqualTo(1);
        settle(new Settlement.Retry(address(1), first.lease(), record(Attempt.Outcome.FAILED), clock.millis()),
                "w");
        Task second = taken(only(index.claimTasks(List.of(address(1)), "w", LEASE)));
        assertThat(second.lease().attempt()).isEqualTo(2);
        assertThat(second.tries()).isEqualTo(2);
        settle(new Settlement.HandBack(address(1), second.lease(), record(Attempt.Outcome.NOT_RUN),
                clock.millis() + 1_000), "w");
        Task third = taken(only(index.claimTasks(List.of(address(1)), "w", LEASE)));
        assertThat(third.lease().attempt()).isEqualTo(3);
        assertThat(third.tries()).isEqualTo(2);
        settle(new Settlement.Failed(address(1), third.lease(), record(Attempt.Outcome.FAILED)), "w");

        index.request(List.of(request(1)));
        Task fourth = taken(only(index.claimTasks(List.of(address(1)), "w", LEASE)));
        assertThat(fourth.lease().attempt()).isEqualTo(4);
        assertThat(fourth.tries()).isEqualTo(1);
        assertThat(index.attempts(address(1))).extracting(Attempt::number).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aTakenTaskSettlesWithTheLeaseClaimTasksAnswered() {
        index.request(List.of(request(1), request(2)));
        List<TaskClaim> claims = index.claimTasks(List.of(address(1), address(2)), "w", LEASE);
        Task one = taken(claims.get(0));
        Task two = taken(claims.get(1));
        assertThat(index.entry(address(1)).orElseThrow().attempts()).isEqualTo(one.lease().attempt());
        assertThat(index.renew("w", List.of(address(1), address(2)), LEASE)).isEmpty();

        Lease stale = new Lease("w", one.lease().attempt() - 1, one.lease().handle());
        assertThat(index.settle(List.of(done(stale, address(1), inlineResult(1))), "w", LEASE, 0).refused())
                .containsExactly(address(1));
        Attempt record = record(Attempt.Outcome.DONE);
        Settled settled = index.settle(List.of(new Settlement.Done(address(1), one.lease(), record, inlineResult(1)),
                new Settlement.Retry(address(2), two.lease(), record(Attempt.Outcome.FAILED), clock.millis())),
                "w", LEASE, 0);
        assertThat(settled.refused()).isEmpty();
        State state = index.state(address(1)).orElseThrow();
        assertThat(state.status()).isEqualTo(DONE);
        assertResult(state.result(), inlineResult(1));
        assertThat(index.attempts(address(1))).containsExactly(record.numbered(one.lease().attempt()));
        assertThat(index.claimTasks(List.of(address(1)), "w", LEASE)).containsExactly(new TaskClaim.Finished(DONE));
        assertCounts(1, 0, 1, 0);
    }

    @Test
    void twoOwnersRacingClaimTasksOnTheSameAddressesTakeEachExactlyOnce() throws Exception {
        int tasks = 120;
        index.request(IntStream.range(0, tasks).mapToObj(ExecutionIndexContract::request).toList());
        List<ExecutionAddress> addresses = IntStream.range(0, tasks).mapToObj(ExecutionIndexContract::address)
                .toList();
        // In batches, the second owner from the other end, so the two meet somewhere in the middle.
        List<List<Task>> perOwner = concurrently(2, owner -> {
            List<ExecutionAddress> order = owner == 0 ? addresses : addresses.reversed();
            List<Task> mine = new ArrayList<>();
            for (int from = 0; from < tasks; from += 8) {
                List<ExecutionAddress> batch = order.subList(from, Math.min(from + 8, tasks));
                List<TaskClaim> claims = index.claimTasks(batch, "owner-" + owner, LEASE);
                assertThat(claims).hasSize(batch.size());
                for (TaskClaim claim : claims) {
                    switch (claim) {
                        case TaskClaim.Taken t -> mine.add(t.task());
                        case TaskClaim.Busy b -> assertThat(b.owner()).isEqualTo("owner-" + (1 - owner));
                        default -> throw new AssertionError("a requested execution answered " + claim);
                    }
                }
            }
            return mine;
        });
        List<ExecutionAddress> taken = perOwner.stream().flatMap(List::stream).map(Task::address).toList();
        assertThat(taken).hasSize(tasks).doesNotHaveDuplicates();
        assertThat(perOwner.stream().flatMap(List::stream)).allSatisfy(task -> assertThat(task.tries()).isEqualTo(1));
        assertCounts(0, tasks, 0, 0);
    }

    // ---- depth (how deep in calls a request was made) ---------------------------------------------------------------

    @Test
    void theDepthOfARequestComesBackWithClaimNext() {
        index.request(List.of(request(1, 7), request(2), request(3, 20_000)));

        Map<ExecutionAddress, Integer> depths = depths(index.claimNext("w", LEASE, 10));
        assertThat(depths).containsExactlyInAnyOrderEntriesOf(Map.of(address(1), 7, address(2), 0,
                address(3), 20_000));
    }

    @Test
    void theDepthOfARequestComesBackWithTheTasksASettleClaims() {
        index.request(List.of(request(1, 3)));
        Lease lease = ((Claim.Claimed) index.claim(request(9), "w", LEASE)).lease();

        Settled settled = index.settle(List.of(done(lease, address(9), inlineResult(9))), "w", LEASE, 5);

        assertThat(depths(settled.claimed())).containsExactlyEntriesOf(Map.of(address(1), 3));
    }

    @Test
    void theDepthOfARequestComesBackWithClaimStale() {
        index.request(List.of(request(1, 5), request(2)));
        clock.advanceMillis(STALE);

        assertThat(depths(index.claimStale("w", LEASE, 10, STALE)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(address(1), 5, address(2), 0));
    }

    @Test
    void theDepthOfARequestComesBackWithClaimTasks() {
        index.request(List.of(request(1, 12), request(2)));

        List<TaskClaim> claims = index.claimTasks(List.of(address(1), address(2)), "w", LEASE);

        assertThat(taken(claims.get(0)).depth()).isEqualTo(12);
        assertThat(taken(claims.get(1)).depth()).isEqualTo(0);
    }

    @Test
    void theFirstRequestsDepthWinsAsTheRestOfIt() {
        index.request(List.of(request(1, 4)));
        index.request(List.of(request(1, 40), request(1)));

        assertThat(only(index.claimNext("w", LEASE, 1)).depth()).isEqualTo(4);
    }

    @Test
    void theDepthStaysThroughRetriesAndExpiredLeases() {
        index.request(List.of(request(1, 6)));
        Task first = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.Retry(address(1), first.lease(), record(Attempt.Outcome.FAILED), clock.millis()),
                "w");
        Task retried = only(index.claimNext("w", LEASE, 1));
        clock.advanceMillis(LEASE + 1);
        Task takenOver = only(index.claimNext("other", LEASE, 1));

        assertThat(List.of(first.depth(), retried.depth(), takenOver.depth())).containsExactly(6, 6, 6);
    }

    @Test
    void aCallClaimedDirectlyRecordsItsDepthForWhoeverTakesItOver() {
        // The caller's JVM dies mid-call: the worker that takes the execution over runs it as deep as it was called.
        index.claim(request(1, 9), "w", LEASE);
        clock.advanceMillis(LEASE + 1);

        assertThat(only(index.claimNext("other", LEASE, 1)).depth()).isEqualTo(9);
    }

    @Test
    void aFailedExecutionRequestedAgainNestsFromTheRequestThatRestartedIt() {
        index.request(List.of(request(1, 50)));
        settle(new Settlement.Failed(address(1), only(index.claimNext("w", LEASE, 1)).lease(),
                record(Attempt.Outcome.FAILED)), "w");

        index.request(List.of(request(1))); // from outside any execution, this time

        assertThat(only(index.claimNext("w", LEASE, 1)).depth()).isEqualTo(0);
    }

    @Test
    void aNegativeDepthIsRefused() {
        assertThatThrownBy(() -> request(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("depth");
    }

    // ---- a caller's own call (its failure is final, whoever runs it) ------------------------------------------------

    @Test
    void whetherACallerWaitsComesBackWithEveryWayOfClaiming() {
        index.request(List.of(waitedOn(1), request(2), waitedOn(3), request(4), waitedOn(5), request(6)));

        List<TaskClaim> claims = index.claimTasks(List.of(address(1), address(2)), "w", LEASE);
        List<Task> next = index.claimNext("w", LEASE, 2);
        Lease lease = ((Claim.Claimed) index.claim(request(9), "w", LEASE)).lease();
        List<Task> settled = index.settle(List.of(done(lease, address(9), inlineResult(9))), "w", LEASE, 1).claimed();
        clock.advanceMillis(STALE);
        List<Task> stale = index.claimStale("w", LEASE, 1, STALE);

        assertThat(List.of(taken(claims.get(0)).callerWaits(), taken(claims.get(1)).callerWaits()))
                .containsExactly(true, false);
        assertThat(waiting(next)).containsExactlyInAnyOrderEntriesOf(Map.of(address(3), true, address(4), false));
        assertThat(waiting(settled)).containsExactlyEntriesOf(Map.of(address(5), true));
        assertThat(waiting(stale)).containsExactlyEntriesOf(Map.of(address(6), false));
    }

    @Test
    void aCallerWaitsOnATaskThroughHandBacksAndExpiredLeases() {
        index.request(List.of(waitedOn(1)));
        Task first = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.HandBack(address(1), first.lease(), record(Attempt.Outcome.NOT_RUN), clock.millis()),
                "w");
        Task declined = only(index.claimNext("w", LEASE, 1));
        clock.advanceMillis(LEASE + 1);
        Task takenOver = only(index.claimStale("other", LEASE, 1, 0));

        assertThat(List.of(first.callerWaits(), declined.callerWaits(), takenOver.callerWaits()))
                .containsExactly(true, true, true);
    }

    @Test
    void aFailedExecutionRequestedAgainIsWaitedOnAsTheRequestThatRestartedIt() {
        index.request(List.of(waitedOn(1), request(2)));
        for (Task task : index.claimNext("w", LEASE, 2)) {
            settle(new Settlement.Failed(task.address(), task.lease(), record(Attempt.Outcome.FAILED)), "w");
        }

        index.request(List.of(request(1), waitedOn(2))); // swapped: a swarm of 1, a caller's own call of 2

        assertThat(waiting(index.claimNext("w", LEASE, 2)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(address(1), false, address(2), true));
    }

    @Test
    void aCallerWhoFindsATaskPendingDoesNotMakeItTheirOwn() {
        // Swarmed first: its retries were promised to the swarm, whoever calls it later and waits for it.
        index.request(List.of(request(1)));
        index.request(List.of(waitedOn(1)));

        assertThat(only(index.claimNext("w", LEASE, 1)).callerWaits()).isFalse();
    }

    /** Execution {@code n} requested as a caller's own call that a worker runs for it. */
    private static Request waitedOn(int n) {
        return new Request(address(n), FUNCTION, Arguments.inline(kwargs(n)), 0, true);
    }

    private static Map<ExecutionAddress, Boolean> waiting(List<Task> tasks) {
        Map<ExecutionAddress, Boolean> waiting = new java.util.HashMap<>();
        tasks.forEach(task -> waiting.put(task.address(), task.callerWaits()));
        return waiting;
    }

    private static Map<ExecutionAddress, Integer> depths(List<Task> tasks) {
        Map<ExecutionAddress, Integer> depths = new java.util.HashMap<>();
        tasks.forEach(task -> depths.put(task.address(), task.depth()));
        return depths;
    }

    // ---- settle ---------------------------------------------------------------------------------------------------

    @Test
    void settleDoneStoresTheResultAndTheRecord() {
        Lease lease = claimed(request(1), "w");
        Attempt record = record(Attempt.Outcome.DONE);
        Settled settled = index.settle(List.of(new Settlement.Done(address(1), lease, record, inlineResult(1))),
                "w", LEASE, 0);

        assertThat(settled.refused()).isEmpty();
        assertThat(settled.claimed()).isEmpty();
        State state = index.state(address(1)).orElseThrow();
        assertThat(state.status()).isEqualTo(DONE);
        assertResult(state.result(), inlineResult(1));
        assertThat(index.attempts(address(1))).containsExactly(record.numbered(1));
        assertCounts(0, 0, 1, 0);
    }

    @Test
    void settleDoneWithAStoredResultKeepsItsAddressOnly() {
        Result stored = new Result(ValueAddress.of("a large result"), null);
        settle(done(claimed(request(1), "w"), address(1), stored), "w");
        assertResult(index.state(address(1)).orElseThrow().result(), stored);
        assertResult(index.results(List.of(address(1))).get(address(1)), stored);
    }

    @Test
    void settleRetryMakesItPendingAndCountsTheTry() {
        index.request(List.of(request(1)));
        Task task = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.Retry(address(1), task.lease(), record(Attempt.Outcome.FAILED), clock.millis()),
                "w");
        assertThat(status(address(1))).isEqualTo(PENDING);
        assertCounts(1, 0, 0, 0);
        Task again = only(index.claimNext("w", LEASE, 1));
        assertThat(again.tries()).isEqualTo(2);
        assertThat(again.lease().attempt()).isEqualTo(2);
    }

    @Test
    void settleHandBackMakesItPendingWithoutCountingTheTry() {
        index.request(List.of(request(1)));
        Task task = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.HandBack(address(1), task.lease(), record(Attempt.Outcome.NOT_RUN),
                clock.millis() + 10), "w");
        assertThat(status(address(1))).isEqualTo(PENDING);
        assertThat(index.claimNext("other", LEASE, 1)).isEmpty();
        clock.advanceMillis(10);
        Task again = only(index.claimNext("other", LEASE, 1));
        assertThat(again.tries()).isEqualTo(1);
        assertThat(again.lease().attempt()).isEqualTo(2);
        assertThat(index.attempts(address(1))).extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.NOT_RUN);
    }

    @Test
    void settleFailedMakesItFailedAndKeepsItsAttempts() {
        Lease lease = claimed(request(1), "w");
        settle(new Settlement.Failed(address(1), lease, record(Attempt.Outcome.FAILED)), "w");
        assertThat(index.state(address(1))).contains(new State(FAILED, null));
        assertThat(index.attempts(address(1))).extracting(Attempt::number, Attempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, Attempt.Outcome.FAILED));
        assertThat(index.entry(address(1)).orElseThrow().attempts()).isEqualTo(1);
        assertCounts(0, 0, 0, 1);
    }

    @Test
    void aSettleOfALeaseLostToAnotherOwnerIsRefusedAndChangesNothing() {
        Lease lost = claimed(request(1), "slow");
        clock.advanceMillis(LEASE + 1);
        Lease current = claimed(request(1), "fast");
        Snapshot before = snapshot(address(1));

        for (Settlement settlement : allKinds(address(1), lost)) {
            assertThat(index.settle(List.of(settlement), "slow", LEASE, 0).refused())
                    .containsExactly(address(1));
            assertThat(snapshot(address(1))).isEqualTo(before);
        }
        assertThat(index.claim(request(1), "third", LEASE)).isInstanceOf(Claim.Held.class);
        assertThat(index.settle(List.of(done(current, address(1), inlineResult(1))), "fast", LEASE, 0)
                .refused()).isEmpty();
        assertThat(status(address(1))).isEqualTo(DONE);
    }

    @Test
    void aSettleOfAnEarlierAttemptOfTheSameOwnerIsRefused() {
        Lease earlier = claimed(request(1), "w");
        Lease later = claimed(request(1), "w");
        Snapshot before = snapshot(address(1));
        assertThat(index.settle(List.of(done(earlier, address(1), inlineResult(1))), "w", LEASE, 0).refused())
                .containsExactly(address(1));
        assertThat(snapshot(address(1))).isEqualTo(before);
        assertThat(index.settle(List.of(done(later, address(1), inlineResult(1))), "w", LEASE, 0).refused())
                .isEmpty();
    }

    @Test
    void aSettleUnderAnotherOwnersNameIsRefused() {
        Lease lease = claimed(request(1), "holder");
        Snapshot before = snapshot(address(1));
        assertThat(index.settle(List.of(done(lease, address(1), inlineResult(1))), "impostor", LEASE, 0)
                .refused()).containsExactly(address(1));
        assertThat(snapshot(address(1))).isEqualTo(before);
    }

    @Test
    void aLeaseSettlesOnlyOnce() {
        Lease lease = claimed(request(1), "w");
        settle(new Settlement.Failed(address(1), lease, record(Attempt.Outcome.FAILED)), "w");
        Snapshot before = snapshot(address(1));
        assertThat(index.settle(List.of(done(lease, address(1), inlineResult(1))), "w", LEASE, 0).refused())
                .containsExactly(address(1));
        assertThat(snapshot(address(1))).isEqualTo(before);
    }

    @Test
    void aSettleOfAnUnknownExecutionIsRefusedAndCreatesNothing() {
        Settled settled = index.settle(List.of(done(new Lease("w", 1, 0), address(1), inlineResult(1))), "w",
                LEASE, 0);
        assertThat(settled.refused()).containsExactly(address(1));
        assertThat(index.state(address(1))).isEmpty();
        assertCounts(0, 0, 0, 0);
    }

    @Test
    void aBatchAppliesTheSettlementsItMayAndRefusesTheOthers() {
        Lease lost = claimed(request(1), "w");
        clock.advanceMillis(LEASE + 1);
        claimed(request(1), "other");
        Lease kept = claimed(request(2), "w");

        Settled settled = index.settle(List.of(done(lost, address(1), inlineResult(1)),
                done(kept, address(2), inlineResult(2))), "w", LEASE, 0);
        assertThat(settled.refused()).containsExactly(address(1));
        assertThat(List.of(status(address(1)), status(address(2)))).containsExactly(RUNNING, DONE);
        assertCounts(0, 1, 1, 0);
    }

    @Test
    void settlesAndClaimsTheNextInOneCall() {
        index.request(IntStream.range(0, 6).mapToObj(ExecutionIndexContract::request).toList());
        List<Task> first = index.claimNext("w", LEASE, 2);
        List<Settlement> settlements = first.stream()
                .map(task -> (Settlement) done(task.lease(), task.address(), inlineResult(7))).toList();

        Settled settled = index.settle(settlements, "w", LEASE, 3);
        assertThat(settled.refused()).isEmpty();
        assertThat(settled.claimed()).extracting(Task::address)
                .containsExactly(address(2), address(3), address(4));
        assertThat(settled.claimed()).allSatisfy(task -> assertThat(task.lease().owner()).isEqualTo("w"));
        assertThat(first).allSatisfy(task -> assertThat(status(task.address())).isEqualTo(DONE));
        assertCounts(1, 3, 2, 0);
    }

    @Test
    void recordsAreKeptInOrderWithTheLeasesNumbers() {
        index.request(List.of(request(1)));
        List<Attempt> expected = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Task task = only(index.claimNext("w", LEASE, 1));
            Attempt record = record(Attempt.Outcome.FAILED, "boom " + i);
            expected.add(record.numbered(task.lease().attempt()));
            settle(new Settlement.Retry(address(1), task.lease(), record, clock.millis()), "w");
        }
        Task last = only(index.claimNext("w", LEASE, 1));
        Attempt done = record(Attempt.Outcome.DONE, "fine");
        expected.add(done.numbered(3));
        settle(new Settlement.Done(address(1), last.lease(), done, inlineResult(1)), "w");

        assertThat(index.attempts(address(1))).containsExactlyElementsOf(expected);
        assertThat(index.entry(address(1)).orElseThrow().attempts()).isEqualTo(3);
    }

    // ---- renew ----------------------------------------------------------------------------------------------------

    @Test
    void renewExtendsTheLeasesTheOwnerHolds() {
        Lease lease = claimed(request(1), "w");
        clock.advanceMillis(LEASE - 1);
        assertThat(index.renew("w", List.of(address(1)), LEASE)).isEmpty();
        long until = clock.millis() + LEASE;
        clock.advanceMillis(LEASE - 1);

        assertThat(index.claim(request(1), "other", LEASE)).isEqualTo(new Claim.Held("w", until));
        assertThat(index.claimNext("other", LEASE, 5)).isEmpty();
        assertThat(index.settle(List.of(done(lease, address(1), inlineResult(1))), "w", LEASE, 0).refused())
                .isEmpty();
    }

    @Test
    void renewAnswersTheLeasesTheOwnerNoLongerHolds() {
        claimed(request(1), "w");
        claimed(request(2), "w");
        settle(done(claimed(request(3), "w"), address(3), inlineResult(3)), "w");
        clock.advanceMillis(LEASE + 1);
        claimed(request(1), "other");
        long othersUntil = clock.millis() + LEASE;

        assertThat(index.renew("w", List.of(address(1), address(2), address(3), address(4)), LEASE))
                .containsExactlyInAnyOrder(address(1), address(3), address(4));
        clock.advanceMillis(LEASE / 2);
        assertThat(index.claim(request(1), "third", LEASE)).isEqualTo(new Claim.Held("other", othersUntil));
        assertThat(index.claim(request(2), "third", LEASE)).isInstanceOf(Claim.Held.class);
        assertThat(index.state(address(4))).isEmpty();
    }

    // ---- cancel ---------------------------------------------------------------------------------------------------

    @Test
    void cancelMakesAPendingExecutionFailedWithARecordNumberedByTheIndex() {
        index.request(List.of(request(1)));
        assertThat(index.cancel(address(1), record(Attempt.Outcome.CANCELLED).numbered(99))).isTrue();

        assertThat(index.state(address(1))).contains(new State(FAILED, null));
        assertThat(index.attempts(address(1))).extracting(Attempt::number, Attempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, Attempt.Outcome.CANCELLED));
        assertThat(index.claimNext("w", LEASE, 1)).isEmpty();
        assertCounts(0, 0, 0, 1);
    }

    @Test
    void aCancelRecordFollowsTheAttemptsBeforeItAndTheNextAttemptFollowsIt() {
        index.request(List.of(request(1)));
        Task task = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.Retry(address(1), task.lease(), record(Attempt.Outcome.FAILED),
                clock.millis() + 1_000), "w");
        assertThat(index.cancel(address(1), record(Attempt.Outcome.CANCELLED))).isTrue();
        index.request(List.of(request(1)));
        Task after = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.Failed(address(1), after.lease(), record(Attempt.Outcome.FAILED)), "w");

        List<Attempt> records = index.attempts(address(1));
        assertThat(records).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.FAILED,
                Attempt.Outcome.CANCELLED, Attempt.Outcome.FAILED);
        assertThat(records).extracting(Attempt::number).containsExactly(1L, 2L, after.lease().attempt());
        assertThat(after.lease().attempt()).isGreaterThan(2);
    }

    @Test
    void onlyAPendingOrRunningExecutionIsCancelled() {
        settle(done(claimed(request(2), "w"), address(2), inlineResult(2)), "w");
        settle(new Settlement.Failed(address(3), claimed(request(3), "w"), record(Attempt.Outcome.FAILED)), "w");

        for (int n = 2; n <= 4; n++) {
            Snapshot before = snapshot(address(n));
            assertThat(index.cancel(address(n), record(Attempt.Outcome.CANCELLED))).isFalse();
            assertThat(snapshot(address(n))).isEqualTo(before);
        }
        assertCounts(0, 0, 1, 1);
    }

    @Test
    void cancellingARunningExecutionEndsItsLeaseAndRecordsTheRunningAttempt() {
        index.request(List.of(request(1)));
        Task first = only(index.claimNext("w", LEASE, 1));
        settle(new Settlement.Retry(address(1), first.lease(), record(Attempt.Outcome.FAILED), clock.millis()), "w");
        Task running = only(index.claimNext("w", LEASE, 1));

        assertThat(index.cancel(address(1), record(Attempt.Outcome.CANCELLED).numbered(99))).isTrue();

        assertThat(index.state(address(1))).contains(new State(FAILED, null));
        assertThat(index.attempts(address(1))).extracting(Attempt::number, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, Attempt.Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple(running.lease().attempt(), Attempt.Outcome.CANCELLED));
        // The holder learns at its renewal, and whatever it settles afterwards changes nothing.
        assertThat(index.renew("w", List.of(address(1)), LEASE)).containsExactly(address(1));
        assertThat(index.settle(List.of(done(running.lease(), address(1), inlineResult(1))), "w", LEASE, 0)
                .refused()).containsExactly(address(1));
        assertThat(index.state(address(1))).contains(new State(FAILED, null));
        assertThat(index.claimNext("other", LEASE, 5)).isEmpty();
        assertCounts(0, 0, 0, 1);
        // A new request runs it again, numbered after the cancelled attempt.
        index.request(List.of(request(1)));
        assertThat(only(index.claimNext("w", LEASE, 1)).lease().attempt()).isGreaterThan(running.lease().attempt());
    }

    // ---- forgetResult ---------------------------------------------------------------------------------------------

    @Test
    void forgetResultMakesDoneFailedKeepsTheAttemptsAndItIsComputedAgain() {
        settle(done(claimed(request(1), "w"), address(1), inlineResult(1)), "w");
        index.forgetResult(address(1));

        assertThat(index.state(address(1))).contains(new State(FAILED, null));
        assertThat(index.results(List.of(address(1)))).isEmpty();
        assertThat(index.attempts(address(1))).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.DONE);
        assertThat(index.entry(address(1)).orElseThrow().result()).isNull();
        assertCounts(0, 0, 0, 1);
        Lease again = claimed(request(1), "w");
        assertThat(again.attempt()).isEqualTo(2);
        settle(done(again, address(1), inlineResult(1)), "w");
        assertThat(index.attempts(address(1))).extracting(Attempt::number, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, Attempt.Outcome.DONE),
                org.assertj.core.groups.Tuple.tuple(2L, Attempt.Outcome.DONE));
    }

    // ---- lookups --------------------------------------------------------------------------------------------------

    @Test
    void anUnknownExecutionHasNothing() {
        assertThat(index.state(address(1))).isEmpty();
        assertThat(index.entry(address(1))).isEmpty();
        assertThat(index.attempts(address(1))).isEmpty();
        assertThat(index.results(List.of(address(1)))).isEmpty();
    }

    @Test
    void resultsAnswersTheDoneOnesOnly() {
        Result stored = new Result(ValueAddress.of("big"), null);
        settle(done(claimed(request(1), "w"), address(1), inlineResult(1)), "w");
        settle(done(claimed(request(2), "w"), address(2), stored), "w");
        claimed(request(3), "w");
        index.request(List.of(request(4)));

        Map<ExecutionAddress, Result> results = index.results(
                List.of(address(1), address(2), address(3), address(4), address(5)));
        assertThat(results).containsOnlyKeys(address(1), address(2));
        assertResult(results.get(address(1)), inlineResult(1));
        assertResult(results.get(address(2)), stored);
    }

    @Test
    void inlineKwargsAndResultsRoundTripByteExact() {
        byte[] every = new byte[ExecutionIndex.INLINE_LIMIT];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) (i * 31 + 7);
        }
        byte[] edges = {0, -1, '\r', '\n', 0, (byte) 0xC3, (byte) 0x28, 0x7F, (byte) 0x80};
        Request request = new Request(address(1), FUNCTION, Arguments.inline(every));
        Lease lease = ((Claim.Claimed) index.claim(request, "w", LEASE)).lease();
        assertThat(index.entry(address(1)).orElseThrow().kwargs().inline()).isEqualTo(every);

        Result result = new Result(ValueAddress.of("result"), edges);
        settle(done(lease, address(1), result), "w");
        assertResult(index.state(address(1)).orElseThrow().result(), result);
        assertResult(index.results(List.of(address(1))).get(address(1)), result);
        assertThat(index.claim(request, "other", LEASE)).isInstanceOfSatisfying(Claim.Done.class,
                d -> assertResult(d.result(), result));
    }

    @Test
    void storedKwargsKeepTheirAddress() {
        ValueAddress kwargs = ValueAddress.of(Map.of("big", "kwargs"));
        index.request(List.of(new Request(address(1), FUNCTION, Arguments.stored(kwargs))));
        Entry entry = index.entry(address(1)).orElseThrow();
        assertThat(entry.kwargs().inline()).isNull();
        assertThat(entry.kwargs().value()).isEqualTo(kwargs);
        Task task = only(index.claimNext("w", LEASE, 1));
        assertThat(task.kwargs().inline()).isNull();
        assertThat(task.kwargs().value()).isEqualTo(kwargs);
    }

    @Test
    void anEntryHoldsEverythingButTheAttempts() {
        Lease lease = claimed(request(1), "w");
        settle(done(lease, address(1), inlineResult(1)), "w");
        Entry entry = index.entry(address(1)).orElseThrow();
        assertThat(entry.address()).isEqualTo(address(1));
        assertThat(entry.function()).isEqualTo(FUNCTION);
        assertThat(entry.kwargs().inline()).isEqualTo(kwargs(1));
        assertThat(entry.status()).isEqualTo(DONE);
        assertResult(entry.result(), inlineResult(1));
        assertThat(entry.attempts()).isEqualTo(1);
    }

    @Test
    void recordsRoundTripWithEveryField() {
        Lease lease = claimed(request(1), "w");
        Attempt full = new Attempt(1, "worker-7", 10, 20, Attempt.Outcome.FAILED, "out\u00e9", "err\n",
                "java.lang.IllegalStateException", "bad \u2603", "at x\nat y",
                List.of("unusedRam(1.0 GB): ok", "gpu: no"));
        settle(new Settlement.Failed(address(1), lease, full), "w");
        assertThat(index.attempts(address(1))).containsExactly(full);
    }

    // ---- functions, validators, workers, counts --------------------------------------------------------------------

    @Test
    void functionsAreCountedOncePerBundle() {
        assertThat(index.counts(0).functions()).isZero();
        index.registerFunction(FUNCTION, "f");
        index.registerFunction(FUNCTION, "f");
        assertThat(index.counts(0).functions()).isEqualTo(1);
        index.registerFunction(OTHER_FUNCTION, "g");
        assertThat(index.counts(0).functions()).isEqualTo(2);
    }

    @Test
    void validatorsInUseAreListedOnce() {
        index.useValidator("pre unusedRam(1.0 GB)");
        index.useValidator("post notNull");
        index.useValidator("pre unusedRam(1.0 GB)");
        assertThat(index.counts(0).validatorsInUse())
                .containsExactlyInAnyOrder("pre unusedRam(1.0 GB)", "post notNull");
    }

    @Test
    void workersAreAliveWithinTheWindowOfTheirLastHeartbeat() {
        index.heartbeat("jvm-1", "host-a", 11, 4);
        index.heartbeat("jvm-2", "host-b", 22, 2);
        Counts now = index.counts(1_000);
        assertThat(now.workersAlive()).isEqualTo(2);
        assertThat(now.workerThreadsAlive()).isEqualTo(6);

        clock.advanceMillis(1_001);
        index.heartbeat("jvm-2", "host-b", 22, 3);
        Counts later = index.counts(1_000);
        assertThat(later.workersAlive()).isEqualTo(1);
        assertThat(later.workerThreadsAlive()).isEqualTo(3);
        assertThat(index.counts(2_000).workersAlive()).isEqualTo(2);

        index.removeWorker("jvm-2");
        assertThat(index.counts(2_000).workersAlive()).isEqualTo(1);
        assertThat(index.counts(2_000).workerThreadsAlive()).isEqualTo(4);
    }

    @Test
    void countsByStatusFollowEveryMove() {
        assertCounts(0, 0, 0, 0);
        index.request(IntStream.range(0, 4).mapToObj(ExecutionIndexContract::request).toList());
        assertCounts(4, 0, 0, 0);
        List<Task> tasks = index.claimNext("w", LEASE, 3);
        assertCounts(1, 3, 0, 0);
        settle(done(tasks.get(0).lease(), tasks.get(0).address(), inlineResult(0)), "w");
        assertCounts(1, 2, 1, 0);
        settle(new Settlement.Failed(tasks.get(1).address(), tasks.get(1).lease(),
                record(Attempt.Outcome.FAILED)), "w");
        assertCounts(1, 1, 1, 1);
        settle(new Settlement.HandBack(tasks.get(2).address(), tasks.get(2).lease(),
                record(Attempt.Outcome.NOT_RUN), clock.millis()), "w");
        assertCounts(2, 0, 1, 1);
        index.cancel(address(3), record(Attempt.Outcome.CANCELLED));
        assertCounts(1, 0, 1, 2);
        index.request(List.of(request(1)));
        assertCounts(2, 0, 1, 1);
        index.forgetResult(tasks.get(0).address());
        assertCounts(2, 0, 0, 2);
        claimed(request(9), "caller");
        assertCounts(2, 1, 0, 2);
        clock.advanceMillis(LEASE + 1);
        claimed(request(9), "another caller");
        assertCounts(2, 1, 0, 2);
    }

    @Test
    void theQueueDepthIsPendingPlusRunning() {
        index.request(IntStream.range(0, 5).mapToObj(ExecutionIndexContract::request).toList());
        assertThat(index.queueDepth()).isEqualTo(5);
        List<Task> tasks = index.claimNext("w", LEASE, 2);
        assertThat(index.queueDepth()).isEqualTo(5);
        settle(done(tasks.get(0).lease(), tasks.get(0).address(), inlineResult(0)), "w");
        assertThat(index.queueDepth()).isEqualTo(4);
    }

    // ---- the transition table, exhaustively --------------------------------------------------------------------------

    /** Every transition with every status (null: an execution the index does not know), applicable or not. */
    static Stream<org.junit.jupiter.params.provider.Arguments> everyTransitionFromEveryStatus() {
        List<ExecutionStatus> statuses = new ArrayList<>(Arrays.asList(ExecutionStatus.values()));
        statuses.addFirst(null);
        return Arrays.stream(Transition.values()).flatMap(transition -> statuses.stream()
                .map(status -> org.junit.jupiter.params.provider.Arguments.of(transition, status)));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("everyTransitionFromEveryStatus")
    void theTransitionTableHoldsForEveryStatus(Transition transition, ExecutionStatus from) {
        Lease holders = driveInto(from);
        Snapshot before = snapshot(address(1));
        boolean applies = transition.appliesTo(from);
        if (transition == Transition.CLAIM && from == RUNNING) {
            clock.advanceMillis(LEASE + 1); // a running execution is claimed again once its lease expired
        }

        boolean moved = apply(transition, holders);

        if (applies) {
            assertThat(moved).as("%s from %s was refused", transition, from).isTrue();
            assertThat(status(address(1))).isEqualTo(transition.to());
            assertCountsOfOne(transition.to());
        } else {
            assertThat(moved).as("%s from %s was applied", transition, from).isFalse();
            assertThat(snapshot(address(1))).isEqualTo(before);
            assertCountsOfOne(from);
        }
        // The row of the table agrees with itself: where it applies, it is the way from `from` to its target.
        assertThat(Transition.allowed(from, transition.to()) || !applies).isTrue();
    }

    @Test
    void aRunningExecutionWhoseLeaseIsLiveIsNotClaimedByAnother() {
        driveInto(RUNNING);
        Snapshot before = snapshot(address(1));
        assertThat(index.claim(request(1), "other", LEASE)).isInstanceOf(Claim.Held.class);
        assertThat(index.claimNext("other", LEASE, 5)).isEmpty();
        assertThat(index.claimStale("other", LEASE, 5, 0)).isEmpty();
        assertThat(snapshot(address(1))).isEqualTo(before);
    }

    /** Brings execution 1 into {@code status} by the operations alone; answers the lease its holder had, if any. */
    private Lease driveInto(ExecutionStatus status) {
        if (status == null) {
            return new Lease("holder", 1, 0);
        }
        if (status == PENDING) {
            index.request(List.of(request(1)));
            return new Lease("holder", 1, 0);
        }
        Lease lease = claimed(request(1), "holder");
        switch (status) {
            case DONE -> settle(done(lease, address(1), inlineResult(1)), "holder");
            case FAILED -> settle(new Settlement.Failed(address(1), lease, record(Attempt.Outcome.FAILED)), "holder");
            default -> {
            }
        }
        assertThat(status(address(1))).isEqualTo(status);
        return lease;
    }

    /** Applies the operation that causes {@code transition} to execution 1; answers whether the index took it. */
    private boolean apply(Transition transition, Lease holders) {
        Attempt failed = record(Attempt.Outcome.FAILED);
        return switch (transition) {
            case REQUEST -> index.request(List.of(request(1))).getFirst().first();
            case CLAIM -> index.claim(request(1), "claimer", LEASE) instanceof Claim.Claimed;
            case SUCCEED -> accepted(done(holders, address(1), inlineResult(1)));
            case RETRY -> accepted(new Settlement.Retry(address(1), holders, failed, clock.millis()));
            case HAND_BACK -> accepted(new Settlement.HandBack(address(1), holders, record(Attempt.Outcome.NOT_RUN),
                    clock.millis()));
            case FAIL -> accepted(new Settlement.Failed(address(1), holders, failed));
            case CANCEL -> index.cancel(address(1), record(Attempt.Outcome.CANCELLED));
            case FORGET_RESULT -> {
                ExecutionStatus was = index.state(address(1)).map(State::status).orElse(null);
                index.forgetResult(address(1));
                yield was != status(address(1));
            }
        };
    }

    private boolean accepted(Settlement settlement) {
        return index.settle(List.of(settlement), settlement.lease().owner(), LEASE, 0).refused().isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Execution {@code n}: a call of the test's function with kwargs {@code {n: n}}. */
    protected static ExecutionAddress address(int n) {
        return ExecutionAddress.of("f", FUNCTION, Map.of("n", ValueAddress.of(n)));
    }

    protected static Request request(int n) {
        return new Request(address(n), FUNCTION, Arguments.inline(kwargs(n)));
    }

    /** Execution {@code n} requested from inside an execution {@code depth} calls deep. */
    protected static Request request(int n, int depth) {
        return new Request(address(n), FUNCTION, Arguments.inline(kwargs(n)), depth);
    }

    /** The storage-codec bytes of execution {@code n}'s kwargs, as a portal would keep them inline. */
    protected static byte[] kwargs(int n) {
        return CODEC.encode(Map.of("n", n));
    }

    protected static Result inlineResult(int n) {
        return new Result(ValueAddress.of(n * 10), CODEC.encode(n * 10));
    }

    protected Attempt record(Attempt.Outcome outcome) {
        return record(outcome, null);
    }

    protected Attempt record(Attempt.Outcome outcome, String message) {
        return new Attempt(0, "worker", clock.millis(), clock.millis(), outcome, "", "", null, message, null,
                List.of());
    }

    protected static Settlement done(Lease lease, ExecutionAddress address, Result result) {
        return new Settlement.Done(address, lease, new Attempt(lease.attempt(), lease.owner(), 0, 0,
                Attempt.Outcome.DONE, "", "", null, null, null, List.of()), result);
    }

    private List<Settlement> allKinds(ExecutionAddress address, Lease lease) {
        return List.of(done(lease, address, inlineResult(1)),
                new Settlement.Retry(address, lease, record(Attempt.Outcome.FAILED), clock.millis()),
                new Settlement.HandBack(address, lease, record(Attempt.Outcome.NOT_RUN), clock.millis()),
                new Settlement.Failed(address, lease, record(Attempt.Outcome.FAILED)));
    }

    /** Claims {@code request} for {@code owner}, which must succeed; answers the lease. */
    protected Lease claimed(Request request, String owner) {
        Claim claim = index.claim(request, owner, LEASE);
        assertThat(claim).isInstanceOf(Claim.Claimed.class);
        return ((Claim.Claimed) claim).lease();
    }

    /** Settles, which must be accepted. */
    protected void settle(Settlement settlement, String owner) {
        assertThat(index.settle(List.of(settlement), owner, LEASE, 0).refused()).isEmpty();
    }

    protected ExecutionStatus status(ExecutionAddress address) {
        return index.state(address).map(State::status).orElse(null);
    }

    /** The task of a claim that must be Taken. */
    protected static Task taken(TaskClaim claim) {
        assertThat(claim).isInstanceOf(TaskClaim.Taken.class);
        return ((TaskClaim.Taken) claim).task();
    }

    protected static <T> T only(List<T> list) {
        assertThat(list).hasSize(1);
        return list.getFirst();
    }

    protected void assertCounts(long pending, long running, long done, long failed) {
        Map<ExecutionStatus, Long> expected = new EnumMap<>(ExecutionStatus.class);
        expected.put(PENDING, pending);
        expected.put(RUNNING, running);
        expected.put(DONE, done);
        expected.put(FAILED, failed);
        Map<ExecutionStatus, Long> actual = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            actual.put(status, index.counts(0).byStatus().getOrDefault(status, 0L));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(index.queueDepth()).isEqualTo(pending + running);
    }

    private void assertCountsOfOne(ExecutionStatus status) {
        assertCounts(status == PENDING ? 1 : 0, status == RUNNING ? 1 : 0, status == DONE ? 1 : 0,
                status == FAILED ? 1 : 0);
    }

    private static void assertResult(Result actual, Result expected) {
        assertThat(actual).isNotNull();
        assertThat(actual.address()).isEqualTo(expected.address());
        assertThat(actual.inline()).isEqualTo(expected.inline());
    }

    /** What the index shows of an execution, compared whole (byte arrays by content). */
    private record Snapshot(ExecutionStatus status, ValueAddress result, List<Byte> inline, Long attempts,
            List<Attempt> records) {
    }

    private Snapshot snapshot(ExecutionAddress address) {
        Entry entry = index.entry(address).orElse(null);
        State state = index.state(address).orElse(null);
        Result result = state == null ? null : state.result();
        List<Byte> inline = result == null || result.inline() == null ? null
                : IntStream.range(0, result.inline().length).mapToObj(i -> result.inline()[i]).toList();
        return new Snapshot(state == null ? null : state.status(), result == null ? null : result.address(), inline,
                entry == null ? null : entry.attempts(), index.attempts(address));
    }

    /** Runs {@code work} on {@code threads} threads released at once; answers what each returned, in order. */
    protected static <T> List<T> concurrently(int threads, java.util.function.IntFunction<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                Callable<T> task = () -> {
                    start.await();
                    return work.apply(n);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
