package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.examples.Factorial;
import dev.samos.examples.Fails;
import dev.samos.examples.IsEven;
import dev.samos.examples.IsOdd;
import dev.samos.examples.Midpoint;
import dev.samos.examples.MyLongRunningFunction;
import dev.samos.examples.MyMap;
import dev.samos.examples.MySquare;
import dev.samos.examples.NeedsArgument;
import dev.samos.examples.Range;
import dev.samos.examples.SortsInPlace;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.ArgumentException;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.validator.Validators;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every portal promises, whatever holds its state: the same suite runs against the local portal, the portal
 * engine over portal-service, and the Java client of the gateway (as JobRunr runs one storage test against every
 * database). A subclass only says how a fresh portal is opened.
 */
public abstract class PortalContract {

    protected Portal portal;

    /** A portal on fresh, empty state. */
    protected abstract Portal open() throws Exception;

    @BeforeEach
    void openPortal() throws Exception {
        portal = open();
    }

    @AfterEach
    void closePortal() {
        portal.close();
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<Attempt> attempts(Pure function, Kwargs kwargs) {
        return portal.record(portal.executionAddress(function, kwargs)).orElseThrow().attempts();
    }

    @Test
    void aCallIsComputedOnceAndAnsweredFromStoreAfterwards() {
        Pure square = portal.pure(MySquare.class);
        assertThat(square.call("x", 12)).isEqualTo(144L);
        assertThat(portal.call(square, Kwargs.of("x", 12))).isEqualTo(144L);
        assertThat(attempts(square, Kwargs.of("x", 12))).hasSize(1)
                .allMatch(attempt -> attempt.outcome() == Attempt.Outcome.DONE);
        assertThat(portal.ready(portal.executionAddress(square, Kwargs.of("x", 12)))).isTrue();
    }

    @Test
    void identicalConcurrentCallsComputeOnce() {
        Pure slow = portal.pure(MyLongRunningFunction.class);
        Kwargs kwargs = Kwargs.of("a", 3.0, "b", 4.0, "sleepMillis", 300);
        List<CompletableFuture<Object>> calls = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> portal.call(slow, kwargs))).toList();
        assertThat(calls).allSatisfy(call -> assertThat(call.join()).isEqualTo(43.0));
        assertThat(attempts(slow, kwargs)).hasSize(1);
    }

    @Test
    void swarmedCallsAreCollectedInOrder() {
        Pure square = portal.pure(MySquare.class);
        List<Kwargs> calls = IntStream.range(0, 60).mapToObj(i -> Kwargs.of("x", i)).toList();
        List<ExecutionAddress> addresses = portal.swarmAll(square, calls);
        assertThat(addresses).hasSize(60).doesNotHaveDuplicates();
        List<Object> results = portal.getAll(addresses, Duration.ofSeconds(60));
        assertThat(results).containsExactlyElementsOf(IntStream.range(0, 60).mapToObj(i -> (Object) ((long) i * i))
                .toList());
        assertThat(addresses).allMatch(portal::ready);
        assertThat(portal.get(portal.swarm(square, Kwargs.of("x", 7)), Duration.ofSeconds(30))).isEqualTo(49L);
        assertThat(portal.future(addresses.get(9)).join()).isEqualTo(81L);
    }

    @Test
    void nestedListsAndMapsOfAddressesAreReadyTogetherAndResolvedInTheirShape() {
        Pure square = portal.pure(MySquare.class);
        ExecutionAddress a = portal.swarm(square, Kwargs.of("x", 2));
        ExecutionAddress b = portal.swarm(square, Kwargs.of("x", 3));
        ExecutionAddress c = portal.swarm(square, Kwargs.of("x", 4));
        ExecutionAddress d = portal.swarm(square, Kwargs.of("x", 5));
        List<Object> nested = List.of(a, List.of(b, c), Map.of("k", d), "not an address");
        assertThat(portal.get(nested, Duration.ofSeconds(60)))
                .isEqualTo(List.of(4L, List.of(9L, 16L), Map.of("k", 25L), "not an address"));
        assertThat(portal.ready(nested)).isTrue();
        assertThat(portal.get(Map.of("all", List.of(a, b)), Duration.ofSeconds(30)))
                .isEqualTo(Map.of("all", List.of(4L, 9L)));
        assertThat(portal.ready(Map.of("k", List.of(a, d)))).isTrue();
        ExecutionAddress neverRequested = portal.executionAddress(square, Kwargs.of("x", 1_000_003));
        assertThat(portal.ready(List.of(a, Map.of("k", List.of(b, neverRequested))))).isFalse();
        assertThat(portal.ready(Map.of("k", neverRequested))).isFalse();
    }

    @Test
    void cancellingADoneExecutionChangesNothing() {
        Pure square = portal.pure(MySquare.class);
        assertThat(square.call("x", 5)).isEqualTo(25L);
        ExecutionAddress done = portal.executionAddress(square, Kwargs.of("x", 5));
        assertThat(portal.cancel(done)).isFalse();
        assertThat(portal.get(done, Duration.ofSeconds(5))).isEqualTo(25L);
    }

    @Test
    void aPendingExecutionCanBeCancelledAndIsNeverDropped() {
        // No worker has the class this validator asks for: the task is handed back again and again, never run,
        // never dropped, until it is cancelled.
        Pure unrunnable = portal.pure(MySquare.class).withPreValidators(
                Validators.installedClasses("no.such.Library"));
        // An argument no other test uses: a subclass may run every test on one shared state.
        ExecutionAddress address = portal.swarm(unrunnable, Kwargs.of("x", 1_000_004));
        assertThatThrownBy(() -> portal.get(address, Duration.ofMillis(300)))
                .isInstanceOf(ExecutionTimeoutException.class);
        assertThat(portal.ready(address)).isFalse();
        boolean cancelled = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cancelled && System.nanoTime() < deadline) { // a worker may be holding it for a moment: try again
            cancelled = portal.cancel(address);
            if (!cancelled) {
                sleepMillis(20);
            }
        }
        assertThat(cancelled).as("cancelled within 20 s; the execution: %s", portal.record(address)).isTrue();
        assertThatThrownBy(() -> portal.get(address, Duration.ofSeconds(5)))
                .isInstanceOf(FunctionFailedException.class).hasMessageContaining("CANCELLED");
        ExecutionRecord record = portal.record(address).orElseThrow();
        assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(record.attempts().getLast().outcome()).isEqualTo(Attempt.Outcome.CANCELLED);
        assertThat(record.attempts()).filteredOn(attempt -> attempt.outcome() == Attempt.Outcome.NOT_RUN)
                .allSatisfy(attempt -> assertThat(attempt.validatorOutcomes()).isNotEmpty());
    }

    @Test
    void aSwarmedFailureIsRetriedThenFailedWithEveryRecord() {
        Pure fails = portal.pure(Fails.class);
        ExecutionAddress address = portal.swarm(fails, Kwargs.of("fail", true, "case", "swarmed"));
        assertThatThrownBy(() -> portal.get(address, Duration.ofSeconds(60)))
                .isInstanceOf(FunctionFailedException.class).hasMessageContaining("asked to fail");
        ExecutionRecord record = portal.record(address).orElseThrow();
        assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(record.attempts()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(attempt -> assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.FAILED));
    }

    @Test
    void failuresAreRecordedAndNeverMemoized() {
        Pure fails = portal.pure(Fails.class);
        // "case" only makes this call's address its own: a subclass may run every test on one shared state.
        assertThatThrownBy(() -> fails.call("fail", true, "case", "memo")).isInstanceOf(FunctionFailedException.class)
                .hasMessageContaining("asked to fail");
        assertThatThrownBy(() -> fails.call("fail", true, "case", "memo")).isInstanceOf(FunctionFailedException.class);
        ExecutionRecord record = portal.record(portal.executionAddress(fails, Kwargs.of("fail", true, "case", "memo")))
                .orElseThrow();
        assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(record.attempts()).hasSize(2).allSatisfy(attempt -> {
            assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.FAILED);
            assertThat(attempt.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(attempt.stderr()).contains("about to fail");
        });
        assertThat(fails.call("fail", false)).isEqualTo("fine");
    }

    @Test
    void aRecordNamesItsFunctionArgumentsAndResultByAddress() {
        Pure square = portal.pure(MySquare.class);
        square.call("x", 9);
        ExecutionRecord record = portal.record(portal.executionAddress(square, Kwargs.of("x", 9))).orElseThrow();
        assertThat(record.status()).isEqualTo(ExecutionStatus.DONE);
        assertThat(ValueAddress.of(portal.getValue(record.kwargs()))).isEqualTo(ValueAddress.of(Map.of("x", 9)));
        assertThat(portal.getValue(record.result())).isEqualTo(81L);
        assertThat(portal.getValue(record.function())).isEqualTo(square);
        assertThat(portal.record(portal.executionAddress(square, Kwargs.of("x", -1)))).isEmpty();
    }

    @Test
    void describeCountsWhatIsStored() {
        Pure square = portal.pure(MySquare.class);
        square.call("x", 2);
        square.call("x", 3);
        PortalDescription description = portal.describe();
        assertThat(description.functions()).isGreaterThanOrEqualTo(1);
        assertThat(description.executions().get("DONE")).isGreaterThanOrEqualTo(2L);
        assertThat(description.values()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aCallerCannotChangeAStoredResultForLaterCallers() {
        Pure range = portal.pure(Range.class);
        Map<?, ?> first = (Map<?, ?>) range.call("n", 4);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) first.get("list");
        byte[] bytes = (byte[]) first.get("bytes");
        try {
            list.add(99L);
        } catch (UnsupportedOperationException frozen) {
            // a portal may hand out unmodifiable values: then nothing changed either
        }
        bytes[0] = 99;
        Map<?, ?> again = (Map<?, ?>) range.call("n", 4);
        assertThat(again.get("list")).isEqualTo(List.of(0L, 1L, 2L, 3L));
        assertThat((byte[]) again.get("bytes")).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aFunctionCannotChangeItsCallersArguments() {
        Pure sorts = portal.pure(SortsInPlace.class);
        List<Object> values = new ArrayList<>(List.of(3L, 1L, 2L));
        try {
            sorts.call("values", values);
        } catch (FunctionFailedException refused) {
            // sorting an unmodifiable argument fails: the function learns it may not change its arguments
        }
        assertThat(values).containsExactly(3L, 1L, 2L);
    }

    @Test
    void validatorsAreNotPartOfAnyAddress() {
        Pure myMap = portal.pure(MyMap.class);
        Pure square = portal.pure(MySquare.class);
        Pure guarded = square.withPreValidators(Validators.unusedRam(0.001));
        assertThat(portal.executionAddress(guarded, Kwargs.of("x", 3)))
                .isEqualTo(portal.executionAddress(square, Kwargs.of("x", 3)));
        Kwargs plain = Kwargs.of("transformer", square, "inputList", List.of(1, 2));
        Kwargs withValidators = Kwargs.of("transformer", guarded, "inputList", List.of(1, 2));
        assertThat(portal.executionAddress(myMap, withValidators)).isEqualTo(portal.executionAddress(myMap, plain));
        // Stored, the two are two values: a swarmed call finds the validators its function was swarmed with.
        assertThat(portal.putValue(guarded)).isNotEqualTo(portal.putValue(square));
        assertThat(portal.getValue(portal.putValue(guarded))).isEqualTo(guarded);
    }

    @Test
    void aFunctionThatCannotBeInstantiatedIsRefusedWhenRegistered() {
        assertThatThrownBy(() -> portal.pure(NeedsArgument.class)).isInstanceOf(RuntimeException.class)
                .hasMessageContaining("no-argument constructor");
    }

    // ---- the README's examples (the Pythagoras model in Java), on every portal ----------------------------------

    @Test
    void recursionThroughThePortal() {
        BigInteger expected = BigInteger.ONE;
        for (int i = 2; i <= 30; i++) {
            expected = expected.multiply(BigInteger.valueOf(i));
        }
        assertThat(portal.pure(Factorial.class).call("n", 30)).isEqualTo(expected);
    }

    @Test
    void partialApplicationAndFunctionsAsValues() {
        Pure myMap = portal.pure(MyMap.class);
        Pure square = portal.pure(MySquare.class);
        assertThat(myMap.call("inputList", List.of(1, 2, 3), "transformer", square)).isEqualTo(List.of(1L, 4L, 9L));
        Pure squares = myMap.fixKwargs("transformer", square);
        assertThat(squares.call("inputList", List.of(4, 5))).isEqualTo(List.of(16L, 25L));
    }

    @Test
    void mutualRecursion() {
        Pure isEven = portal.pure(IsEven.class);
        Pure isOdd = portal.pure(IsOdd.class);
        Pure even = isEven.fixKwargs("isOdd", isOdd, "isEven", isEven);
        Pure odd = isOdd.fixKwargs("isOdd", isOdd, "isEven", isEven);
        assertThat(even.call("n", 10)).isEqualTo(true);
        assertThat(odd.call("n", 11)).isEqualTo(true);
    }

    @Test
    void recordsComeBackAsTheirOwnClass() {
        Object mid = portal.pure(Midpoint.class).call("x1", 0.0, "y1", 0.0, "x2", 2.0, "y2", 4.0);
        assertThat(mid).isEqualTo(new Midpoint.Point(1.0, 2.0));
    }

    @Test
    void badArgumentsAreAnArgumentExceptionNamingTheArgument() {
        assertThatThrownBy(() -> portal.pure(MySquare.class).call("y", 1))
                .isInstanceOf(ArgumentException.class)
                .satisfies(e -> assertThat(((ArgumentException) e).argument()).isEqualTo("x"));
        assertThatThrownBy(() -> portal.pure(Fails.class).call("fail", true, "case", "typed"))
                .isInstanceOf(FunctionFailedException.class)
                .satisfies(e -> assertThat(((FunctionFailedException) e).exceptionClass())
                        .isEqualTo("java.lang.IllegalStateException"));
    }

    @Test
    void valuesByAddress() {
        var address = portal.putValue(List.of("a", 1L, 2.5));
        assertThat(portal.getValue(address)).isEqualTo(List.of("a", 1L, 2.5));
        assertThat(portal.hasValue(address)).isTrue();
        assertThat(portal.describe().values()).isPositive();
    }
}
