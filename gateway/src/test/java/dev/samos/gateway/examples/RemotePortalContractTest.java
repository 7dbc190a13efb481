package dev.samos.gateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samos.address.ValueAddress;
import dev.samos.examples.MySquare;
import dev.samos.function.ArgumentException;
import dev.samos.portal.Portal;
import dev.samos.portal.PortalContract;
import dev.samos.portal.UnknownAddressException;
import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The portal contract through the Java client against a real standalone gateway on a random port. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RemotePortalContractTest extends PortalContract {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        String folder = Files.createTempDirectory("samos-remote-contract").toString();
        registry.add("samos.gateway.portal", () -> folder);
        registry.add("samos.gateway.tokens", () -> "client-token");
        registry.add("samos.gateway.max-batch", () -> "10000"); // the client's own batch: see the test below
    }

    @LocalServerPort
    int port;

    @Override
    protected Portal open() {
        return Portal.remote(URI.create("http://localhost:" + port), "client-token");
    }

    /** A swarm larger than the gateway takes in one request goes in several: every call swarmed, in order. */
    @Test
    void aSwarmLargerThanOneRequestIsSplitInOrder() {
        try (Portal portal = open()) {
            Pure square = portal.pure(MySquare.class);
            List<Kwargs> calls = IntStream.range(0, 10_050).mapToObj(x -> Kwargs.of("x", 7_000_000 + x)).toList();

            List<ExecutionAddress> swarmed = portal.swarmAll(square, calls);

            assertThat(swarmed).hasSize(calls.size()).doesNotHaveDuplicates();
            assertThat(swarmed.getLast()).isEqualTo(portal.executionAddress(square, calls.getLast()));
            List<Object> results = portal.getAll(swarmed, Duration.ofMinutes(2));
            assertThat(((Number) results.get(10_000)).longValue()).isEqualTo(7_010_000L * 7_010_000L);
            assertThat(((Number) results.getLast()).longValue()).isEqualTo(7_010_049L * 7_010_049L);
        }
    }

    /**
     * Problems become typed exceptions from their members, not their text: the unknown address is the problem's
     * {@code address} (it used to be the problem's {@code field}, the word "address").
     */
    @Test
    void anUnknownValueIsAnUnknownAddressExceptionNamingTheAddress() throws Exception {
        ValueAddress missing = ValueAddress.of("stored nowhere");
        try (Portal portal = open()) {
            assertThatThrownBy(() -> portal.getValue(missing)).isInstanceOf(UnknownAddressException.class)
                    .satisfies(e -> assertThat(((UnknownAddressException) e).address()).isEqualTo(missing.toString()));
            Throwable bad = catchThrowable(() -> portal.pure(MySquare.class).call("y", 1));
            assertThat(bad).isInstanceOf(ArgumentException.class);
            assertThat(((ArgumentException) bad).argument()).isEqualTo("x");
            assertThat(((ArgumentException) bad).problem()).isNotBlank().doesNotContain("argument 'x'");
        }
    }
}
