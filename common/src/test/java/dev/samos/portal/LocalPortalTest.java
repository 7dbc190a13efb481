package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.examples.Countdown;
import dev.samos.examples.Factorial;
import dev.samos.examples.Fails;
import dev.samos.examples.IsEven;
import dev.samos.examples.IsOdd;
import dev.samos.examples.MyLongRunningFunction;
import dev.samos.examples.MyMap;
import dev.samos.examples.MySquare;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.ArgumentException;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pythagoras README examples, in Java, on a real portal folder. */
class LocalPortalTest {

    @TempDir
    Path folder;

    private static int attempts(Portal portal, ExecutionAddress address) {
        return portal.record(address).orElseThrow().attempts().size();
    }

    @Test
    void aCallIsComputedOnceAndFoundAgainAfterARestart() {
        ExecutionAddress address;
        try (Portal portal = Portal.local(folder)) {
            Pure slow = portal.pure(MyLongRunningFunction.class);
            Kwargs kwargs = Kwargs.of("a", 1.0, "b", 2.0, "sleepMillis", 50);
            assertThat(slow.call(kwargs)).isEqualTo(21.0);
            assertThat(slow.call("b", 2.0, "a", 1.0, "sleepMillis", 50)).isEqualTo(21.0);
            address = portal.executionAddress(slow, kwargs);
            ExecutionRecord record = portal.record(address).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.DONE);
            assertThat(record.attempts()).hasSize(1);
            assertThat(record.attempts().getFirst().stdout()).contains("computing 1.0 + 10 * 2.0");
            assertThat(portal.describe().executions()).containsEntry("DONE", 1L);
        }
        try (Portal portal = Portal.local(folder)) {
            Pure slow = portal.pure(MyLongRunningFunction.class);
            assertThat(slow.call("a", 1.0, "b", 2.0, "sleepMillis", 50)).isEqualTo(21.0);
            assertThat(attempts(portal, address)).isEqualTo(1);
            assertThat(portal.describe().toString()).contains("done 1").contains("functions:   1");
        }
    }

    @Test
    void integerAndFloatArgumentsAreDifferentCalls() {
        try (Portal portal = Portal.local(folder)) {
            Pure slow = portal.pure(MyLongRunningFunction.class);
            ExecutionAddress asInt = portal.executionAddress(slow, Kwargs.of("a", 1, "b", 2));
            ExecutionAddress asLong = portal.executionAddress(slow, Kwargs.of("a", 1L, "b", 2L));
            ExecutionAddress asFloat = portal.executionAddress(slow, Kwargs.of("a", 1.0, "b", 2.0));
            assertThat(asInt).isEqualTo(asLong).isNotEqualTo(asFloat);
            assertThat(asInt.descriptor()).isEqualTo("call_MyLongRunningFunction");
            assertThat(ExecutionAddress.parse(asInt.toString())).isEqualTo(asInt);
        }
    }

    @Test
    void factorialRecursesThroughThePortalAndEveryInnerCallIsMemoized() {
        try (Portal portal = Portal.local(folder)) {
            Pure factorial = portal.pure(Factorial.class);
            BigInteger expected = IntStream.rangeClosed(1, 200).mapToObj(BigInteger::valueOf)
                    .reduce(BigInteger.ONE, BigInteger::multiply);
            assertThat(factorial.call("n", 200)).isEqualTo(expected);
            assertThat(portal.describe().executions()).containsEntry("DONE", 200L);
            assertThat(attempts(portal, portal.executionAddress(factorial, Kwargs.of("n", 150)))).isEqualTo(1);
            assertThat(factorial.call("n", 201)).isEqualTo(expected.multiply(BigInteger.valueOf(201)));
            assertThat(portal.describe().executions()).containsEntry("DONE", 201L);
        }
        try (Portal portal = Portal.local(folder)) {
            assertThat(portal.pure(Factorial.class).call(BigInteger.class, "n", 5)).isEqualTo(BigInteger.valueOf(120));
            assertThat(portal.describe().executions()).containsEntry("DONE", 201L);
        }
    }

    @Test
    void deepRecursionDoesNotOverflowTheStack() {
        try (Portal portal = Portal.local(folder)) {
            assertThat(portal.pure(Countdown.class).call("n", 10_000)).isEqualTo(10_000L);
        }
    }

    @Test
    void partialApplicationAndFunctionsAsArguments() {
        try (Portal portal = Portal.local(folder)) {
            Pure myMap = portal.pure(MyMap.class);
            Pure mySquare = portal.pure(MySquare.class);
            assertThat(myMap.call("inputList", List.of(1, 2, 3, 4, 5), "transformer", mySquare))
                    .isEqualTo(List.of(1L, 4L, 9L, 16L, 25L));
            Pure mySquareMap = myMap.fixKwargs("transformer", mySquare);
            assertThat(mySquareMap.address()).isNotEqualTo(myMap.address());
            assertThat(mySquareMap.call("inputList", List.of(1, 2, 3, 4, 5))).isEqualTo(List.of(1L, 4L, 9L, 16L, 25L));
            // The partial call is the full call: same execution address, computed once.
            assertThat(portal.executionAddress(mySquareMap, Kwargs.of("inputList", List.of(1, 2, 3, 4, 5))))
                    .isEqualTo(portal.executionAddress(myMap,
                            Kwargs.of("inputList", List.of(1, 2, 3, 4, 5), "transformer", mySquare)));
            assertThatThrownBy(() -> mySquareMap.call("inputList", List.of(1), "transformer", mySquare))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("'transformer'");
        }
    }

    @Test
    void mutualRecursionWithFunctionsFixedIn() {
        try (Portal portal = Portal.local(folder)) {
            Pure rawEven = portal.pure(IsEven.class);
            Pure rawOdd = portal.pure(IsOdd.class);
            Pure isEven = rawEven.fixKwargs("isOdd", rawOdd, "isEven", rawEven);
            Pure isOdd = rawOdd.fixKwargs("isOdd", rawOdd, "isEven", rawEven);
            assertThat(isEven.call("n", 10)).isEqualTo(true);
            assertThat(isOdd.call("n", 11)).isEqualTo(true);
            assertThat(isEven.call("n", 11)).isEqualTo(false);
        }
    }

    @Test
    void aFailureReachesTheCallerTypedIsRecordedAndIsNotMemoized() {
        try (Portal portal = Portal.local(folder)) {
            Pure fails = portal.pure(Fails.class);
            assertThatThrownBy(() -> fails.call("fail", true))
                    .isInstanceOf(FunctionFailedException.class)
                    .hasMessageContaining("IllegalStateException: asked to fail")
                    .satisfies(e -> {
                        FunctionFailedException f = (FunctionFailedException) e;
                        assertThat(f.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
                        assertThat(f.exceptionMessage()).isEqualTo("asked to fail");
                        assertThat(f.functionStackTrace()).contains("Fails.call");
                        assertThat(f.getCause()).isInstanceOf(IllegalStateException.class);
                    });
            ExecutionAddress address = portal.executionAddress(fails, Kwargs.of("fail", true));
            ExecutionRecord record = portal.record(address).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(record.attempts().getFirst().stderr()).contains("about to fail");
            assertThatThrownBy(() -> fails.call("fail", true)).isInstanceOf(FunctionFailedException.class);
            assertThat(attempts(portal, address)).isEqualTo(2); // retried, not memoized
            assertThat(fails.call("fail", false)).isEqualTo("fine");
        }
    }

    @Test
    void badArgumentsAreNamed() {
        try (Portal portal = Portal.local(folder)) {
            Pure square = portal.pure(MySquare.class);
            assertThatThrownBy(() -> square.call("y", 3))
                    .isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("argument 'x': missing");
            assertThatThrownBy(() -> square.call("x", "three"))
                    .isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("argument 'x': expected an integer");
            assertThatThrownBy(() -> square.call("x", new Thread()))
                    .hasMessage("kwargs.x: java.lang.Thread is not a value");
        }
    }

    @Test
    void identicalConcurrentCallsComputeOnce() {
        try (Portal portal = Portal.local(folder)) {
            Pure slow = portal.pure(MyLongRunningFunction.class);
            List<CompletableFuture<Object>> calls = IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> slow.call("a", 3.0, "b", 4.0)))
                    .toList();
            for (CompletableFuture<Object> call : calls) {
                assertThat(call.join()).isEqualTo(43.0);
            }
            assertThat(attempts(portal, portal.executionAddress(slow, Kwargs.of("a", 3.0, "b", 4.0)))).isEqualTo(1);
        }
    }

    @Test
    void valuesByAddress() {
        try (Portal portal = Portal.local(folder)) {
            ValueAddress address = portal.putValue(List.of("a", 1));
            assertThat(portal.getValue(address)).isEqualTo(List.of("a", 1));
            ValueAddress nothing = ValueAddress.of("nothing here");
            assertThatThrownBy(() -> portal.getValue(nothing))
                    .isInstanceOf(UnknownAddressException.class).hasMessageContaining(nothing.toString());
            ValueAddress nullValue = portal.putValue(null);
            assertThat(portal.getValue(nullValue)).isNull();
        }
    }
}
