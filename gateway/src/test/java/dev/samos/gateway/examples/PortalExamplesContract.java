package dev.samos.gateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.execution.ExecutionAddress;
import dev.samos.function.ArgumentException;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.Portal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's examples as one suite, run against every kind of portal: the same code, only the way the portal is
 * opened differs.
 */
public abstract class PortalExamplesContract {

    protected Portal portal;

    protected abstract Portal open() throws Exception;

    @BeforeEach
    void openPortal() throws Exception {
        portal = open();
    }

    @AfterEach
    void closePortal() {
        portal.close();
    }

    @Test
    void aCallIsComputedOnce() {
        Pure square = portal.pure(Square.class);
        assertThat(square.call("x", 12)).isEqualTo(144L);
        assertThat(portal.call(square, Kwargs.of("x", 12))).isEqualTo(144L);
        assertThat(portal.record(portal.executionAddress(square, Kwargs.of("x", 12))).orElseThrow().attempts())
                .hasSize(1);
    }

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
        Pure square = portal.pure(Square.class);
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
    void swarmReadyGetAndFuture() throws Exception {
        Pure square = portal.pure(Square.class);
        ExecutionAddress address = square.swarm("x", 21);
        assertThat(portal.get(address, Duration.ofSeconds(30))).isEqualTo(441L);
        assertThat(portal.ready(address)).isTrue();
        assertThat(portal.future(address).get()).isEqualTo(441L);
        List<ExecutionAddress> many = portal.swarmAll(square, List.of(Kwargs.of("x", 2), Kwargs.of("x", 3)));
        assertThat(portal.get(many.get(1), Duration.ofSeconds(30))).isEqualTo(9L);
        assertThat(portal.getAll(many, Duration.ofSeconds(30))).containsExactly(4L, 9L);
    }

    @Test
    void recordsComeBackAsTheirOwnClass() {
        Object mid = portal.pure(Midpoint.class).call("x1", 0.0, "y1", 0.0, "x2", 2.0, "y2", 4.0);
        assertThat(mid).isEqualTo(new Midpoint.Point(1.0, 2.0));
    }

    @Test
    void failuresAndBadArgumentsAreTheSameTypedExceptions() {
        assertThatThrownBy(() -> portal.pure(Fails.class).call("x", 1))
                .isInstanceOf(FunctionFailedException.class)
                .satisfies(e -> assertThat(((FunctionFailedException) e).exceptionClass())
                        .isEqualTo("java.lang.IllegalStateException"));
        assertThatThrownBy(() -> portal.pure(Square.class).call("y", 1))
                .isInstanceOf(ArgumentException.class)
                .satisfies(e -> assertThat(((ArgumentException) e).argument()).isEqualTo("x"));
    }

    @Test
    void valuesByAddress() {
        var address = portal.putValue(List.of("a", 1L, 2.5));
        assertThat(portal.getValue(address)).isEqualTo(List.of("a", 1L, 2.5));
        assertThat(portal.hasValue(address)).isTrue();
        assertThat(portal.describe().values()).isPositive();
    }
}
