package dev.samos.portal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.codec.WireCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Arguments;
import dev.samos.index.ExecutionIndex.Claim;
import dev.samos.index.ExecutionIndex.Lease;
import dev.samos.index.ExecutionIndex.Result;
import dev.samos.index.ExecutionIndex.Settlement;
import dev.samos.index.ExecutionIndex.TaskClaim;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The wire codec ships every call and answer of the index protocol: records (nested, sealed, holding byte arrays,
 * enums and collections) are found from the protocol's roots and registered by number, so portal-service needs no
 * second mapping of them.
 */
class IndexCallCodecTest {

    private final WireCodec codec = ServiceProtocol.WIRE;
    private final ValueAddress function = ValueAddress.of("function");
    private final ExecutionAddress address = ExecutionAddress.of("square", function, Map.of("x", ValueAddress.of(3L)));
    private final Lease lease = new Lease("host/1/abc", 2, 17);
    private final Attempt attempt = new Attempt(2, "host/1/abc", 10, 20, Attempt.Outcome.FAILED, "out", "err",
            "java.lang.ArithmeticException", "/ by zero", "at Square.call", List.of("pre unusedRam(1 GB): ok"));
    private final Result inline = new Result(ValueAddress.of(9L), new StorageCodec().encode(9L));
    private final ExecutionIndex.Request request = new ExecutionIndex.Request(address, function,
            Arguments.inline(new byte[] {1, 2, 3}));

    private Object roundTrip(Object value) {
        Object back = codec.decode(codec.encode(value));
        assertThat(back).usingRecursiveComparison().isEqualTo(value);
        return back;
    }

    @Test
    void everyCallRoundTrips() {
        List<IndexCall> calls = List.of(
                new IndexCall.Request(List.of(request, new ExecutionIndex.Request(address, function,
                        Arguments.stored(ValueAddress.of(Map.of("x", 3L))), 17))),
                new IndexCall.Claim(request, "owner", 10_000),
                new IndexCall.ClaimNext("owner", 10_000, 8),
                new IndexCall.ClaimStale("owner", 10_000, 8, 5_000),
                new IndexCall.ClaimTasks(List.of(address, address), "owner", 10_000),
                new IndexCall.Settle(List.of(
                        new Settlement.Done(address, lease, attempt, inline),
                        new Settlement.Retry(address, lease, attempt, 1234),
                        new Settlement.HandBack(address, lease, attempt, 5678),
                        new Settlement.Failed(address, lease, attempt)), "owner", 10_000, 4),
                new IndexCall.Renew("owner", List.of(address), 10_000),
                new IndexCall.Cancel(address, attempt),
                new IndexCall.ForgetResult(address),
                new IndexCall.State(address),
                new IndexCall.Results(List.of(address)),
                new IndexCall.Entry(address),
                new IndexCall.Attempts(address),
                new IndexCall.RegisterFunction(function, "square"),
                new IndexCall.UseValidator("pre unusedRam(1 GB)"),
                new IndexCall.Heartbeat("worker", "host", 42, 3),
                new IndexCall.RemoveWorker("worker"),
                new IndexCall.Counts(60_000),
                new IndexCall.LiveWorkers(60_000));
        assertThat(calls.stream().map(IndexCall::operation))
                .containsExactlyInAnyOrderElementsOf(IndexCall.OPERATIONS.keySet());
        calls.forEach(this::roundTrip);
    }

    @Test
    void everyAnswerRoundTrips() {
        Map<ExecutionStatus, Long> byStatus = new LinkedHashMap<>();
        byStatus.put(ExecutionStatus.DONE, 3L);
        byStatus.put(ExecutionStatus.PENDING, 1L);
        Stream.of(
                List.of(new ExecutionIndex.Requested(ExecutionStatus.PENDING, true)),
                new Claim.Claimed(lease), new Claim.Done(inline), new Claim.Held("other", 99),
                new Claim.Done(new Result(ValueAddress.of("big"), null)),
                List.of(new ExecutionIndex.Task(address, function, Arguments.inline(new byte[] {4}), lease, 2,
                        19_999)),
                List.of(new TaskClaim.Taken(new ExecutionIndex.Task(address, function,
                                Arguments.stored(ValueAddress.of(Map.of("x", 3L))), lease, 1)),
                        new TaskClaim.Finished(ExecutionStatus.FAILED), new TaskClaim.Busy("other", 99),
                        new TaskClaim.Unknown()),
                new ExecutionIndex.Settled(Set.of(address), List.of()),
                Set.of(address),
                new ExecutionIndex.State(ExecutionStatus.DONE, inline),
                Map.of(address, inline),
                new ExecutionIndex.Entry(address, function, Arguments.inline(new byte[] {5}), ExecutionStatus.RUNNING,
                        null, 2),
                List.of(attempt, attempt.numbered(3)),
                new ExecutionIndex.Counts(2, byStatus, 1, 4, List.of("pre unusedRam(1 GB)")),
                7L, true)
                .forEach(this::roundTrip);
    }

    @Test
    void theDepthsOfRequestsAndTasksCrossTheWire() {
        var requested = (IndexCall.Request) roundTrip(new IndexCall.Request(List.of(new ExecutionIndex.Request(
                address, function, Arguments.inline(new byte[] {1}), 42))));
        assertThat(requested.requests().getFirst().depth()).isEqualTo(42);
        var task = (ExecutionIndex.Task) roundTrip(new ExecutionIndex.Task(address, function,
                Arguments.inline(new byte[] {1}), lease, 1, 43));
        assertThat(task.depth()).isEqualTo(43);
    }

    @Test
    void aDecodedClaimIsStillASealedCase() {
        Object back = roundTrip(new Claim.Held("other", 99));
        assertThat(back).isInstanceOf(Claim.class);
        String owner = switch ((Claim) back) {
            case Claim.Claimed claimed -> claimed.lease().owner();
            case Claim.Done done -> "done";
            case Claim.Held held -> held.owner();
        };
        assertThat(owner).isEqualTo("other");
    }

    @Test
    void aDecodedTaskClaimIsStillASealedCase() {
        Object back = roundTrip(List.of(new TaskClaim.Unknown(), new TaskClaim.Busy("other", 99)));
        List<String> cases = ((List<?>) back).stream().map(claim -> switch ((TaskClaim) claim) {
            case TaskClaim.Taken taken -> "taken";
            case TaskClaim.Finished finished -> "finished";
            case TaskClaim.Busy busy -> busy.owner();
            case TaskClaim.Unknown unknown -> "unknown";
        }).toList();
        assertThat(cases).containsExactly("unknown", "other");
    }

    @Test
    void everyRecordOfTheProtocolIsRegisteredByNumber() {
        assertThat(codec.types()).contains(IndexCall.Settle.class, Settlement.Done.class, Attempt.class,
                Attempt.Outcome.class, ExecutionStatus.class, ExecutionAddress.class, ValueAddress.class,
                TaskClaim.Unknown.class, ExecutionIndex.Counts.class, dev.samos.store.ValueStore.StoreSize.class);
    }

    @Test
    void operationNamesAreKebabCase() {
        assertThat(new IndexCall.ClaimNext("o", 1, 1).operation()).isEqualTo("claim-next");
        assertThat(new IndexCall.ForgetResult(address).operation()).isEqualTo("forget-result");
        assertThat(new IndexCall.ClaimTasks(List.of(), "o", 1).operation()).isEqualTo("claim-tasks");
        assertThat(new IndexCall.ClaimStale("o", 1, 1, 0).operation()).isEqualTo("claim-stale");
        assertThat(IndexCall.OPERATIONS).hasSize(19);
    }
}
