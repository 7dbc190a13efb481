package dev.samos.portalservice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.examples.MyLongRunningFunction;
import dev.samos.examples.MySquare;
import dev.samos.examples.SwarmsOnward;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.CallLimits;
import dev.samos.portal.NestedCallLimitException;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.service.ServicePortal;
import dev.samos.portalservice.RunningService;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A whole portal whose state lives in portal-service: the portal engine over the HTTP clients. What one portal
 * computed, another one opened on the same service finds.
 */
class ServicePortalTest extends RunningService {

    @Test
    void aCallIsComputedOnceAndFoundByAnotherPortalOnTheService() {
        double a = Math.random();
        Kwargs kwargs = Kwargs.of("a", a, "b", 2.0, "sleepMillis", 10);
        ExecutionAddress address;
        try (PortalEngine portal = ServicePortal.open(serviceUri(), PortalOptions.defaults().withWorkers(0))) {
            Pure slow = portal.pure(MyLongRunningFunction.class);
            assertThat(slow.call(kwargs)).isEqualTo(a + 20.0);
            assertThat(slow.call(kwargs)).isEqualTo(a + 20.0);
            address = portal.executionAddress(slow, kwargs);
            ExecutionRecord record = portal.record(address).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.DONE);
            assertThat(record.attempts()).hasSize(1);
            assertThat(record.attempts().getFirst().stdout()).contains("computing");
            assertThat(portal.describe().toString()).contains("cluster");
            assertThat(portal.describe().executions().get("DONE")).isPositive();
        }
        try (PortalEngine portal = ServicePortal.open(serviceUri(), PortalOptions.defaults().withWorkers(0))) {
            Pure slow = portal.pure(MyLongRunningFunction.class);
            assertThat(slow.call(kwargs)).isEqualTo(a + 20.0);
            assertThat(portal.record(address).orElseThrow().attempts()).hasSize(1);
        }
    }

    @Test
    void swarmedCallsRunOnWorkerThreadsAndAreFetchedTogether() {
        long offset = (long) (Math.random() * 1_000_000_000L);
        try (PortalEngine portal = ServicePortal.open(serviceUri(), PortalOptions.defaults().withWorkers(2))) {
            Pure square = portal.pure(MySquare.class);
            List<Kwargs> calls = IntStream.range(0, 40).mapToObj(i -> Kwargs.of("x", offset + i)).toList();
            List<ExecutionAddress> addresses = portal.swarmAll(square, calls);
            assertThat(addresses).hasSize(40).doesNotHaveDuplicates();
            List<Object> results = portal.getAll(addresses, Duration.ofSeconds(60));
            assertThat(results).containsExactlyElementsOf(
                    IntStream.range(0, 40).mapToObj(i -> (offset + i) * (offset + i)).map(Object.class::cast).toList());
            assertThat(portal.ready(addresses.getFirst())).isTrue();
            ExecutionRecord record = portal.record(addresses.get(7)).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.DONE);
            assertThat(record.attempts()).hasSize(1);
            assertThat(record.attempts().getFirst().worker()).isNotBlank();
            // Memoized: asking again finds the stored result.
            assertThat(square.call("x", offset + 7)).isEqualTo((offset + 7) * (offset + 7));
            assertThat(portal.record(addresses.get(7)).orElseThrow().attempts()).hasSize(1);
        }
    }

    @Test
    void theDepthOfSwarmedCallsTravelsThroughTheServiceSoASelfSwarmingFunctionEnds() throws Exception {
        long first = (long) (Math.random() * 1_000_000_000L);
        try (PortalEngine portal = ServicePortal.open(serviceUri(), PortalOptions.defaults().withWorkers(2)
                .withRetries(3, 10).withCallLimits(new CallLimits(20, 1_000_000)))) {
            Pure onward = portal.pure(SwarmsOnward.class, AutonomyPolicy.impure("swarms from inside its call"));
            assertThat(onward.call("n", first)).isEqualTo(first); // depth 1; each task it starts one deeper
            ExecutionAddress last = portal.executionAddress(onward, Kwargs.of("n", first + 19)); // 20 calls deep
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (portal.record(last).map(r -> r.status() != ExecutionStatus.FAILED).orElse(true)) {
                assertThat(System.nanoTime()).as("waiting for the 20th link to fail").isLessThan(deadline);
                Thread.sleep(20);
            }

            assertThatThrownBy(() -> portal.get(last, Duration.ofSeconds(60)))
                    .isInstanceOf(FunctionFailedException.class)
                    .hasMessageContaining(NestedCallLimitException.class.getName())
                    .hasMessageContaining("past the limit of 20 (samos.maxCallDepth)");
            assertThat(portal.record(last).orElseThrow().attempts()).hasSize(1);
            assertThat(portal.record(portal.executionAddress(onward, Kwargs.of("n", first + 20)))).isEmpty();
        }
    }

    @Test
    void valuesPutThroughThePortalAreInTheService() {
        try (PortalEngine portal = ServicePortal.open(serviceUri(), PortalOptions.defaults().withWorkers(0))) {
            Object value = List.of("a value", Math.random());
            var address = portal.putValue(value);
            assertThat(portal.hasValue(address)).isTrue();
            assertThat(portal.getValue(address)).isEqualTo(value);
        }
    }
}
