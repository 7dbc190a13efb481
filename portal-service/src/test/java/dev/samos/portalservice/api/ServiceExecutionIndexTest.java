package dev.samos.portalservice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Arguments;
import dev.samos.index.ExecutionIndex.Claim;
import dev.samos.index.ExecutionIndex.Request;
import dev.samos.index.ExecutionIndex.Result;
import dev.samos.index.ExecutionIndex.Settlement;
import dev.samos.index.ExecutionIndex.Task;
import dev.samos.portal.service.ServiceExecutionIndex;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portalservice.RunningService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every ExecutionIndex operation through the HTTP client against the running service: the answers are the folder
 * backend's, shipped back and forth in storage-codec bytes. Each test works on a function of its own, and claims
 * with a lease long enough that no other test's claimNext can take its executions.
 */
class ServiceExecutionIndexTest extends RunningService {

    private static final long LEASE = 60_000;
    private final StorageCodec codec = new StorageCodec();
    private ExecutionIndex index;
    private ValueAddress function;

    @BeforeEach
    void open() {
        index = new ServiceExecutionIndex(serviceUri(), ServiceOptions.defaults());
        function = ValueAddress.of("function " + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        index.close();
    }

    private Request request(int n) {
        ValueAddress x = ValueAddress.of((long) n);
        return new Request(ExecutionAddress.of("square", function, Map.of("x", x)), function,
                Arguments.inline(codec.encode(Map.of("x", (long) n))));
    }

    private static Attempt attempt(long number, Attempt.Outcome outcome) {
        return new Attempt(number, "worker-1", 1_000, 2_000, outcome, "out", "", null, null, null,
                List.of("pre unusedRam(1.0 GB): ok"));
    }

    private Result result(long value) {
        return new Result(ValueAddress.of(value), codec.encode(value));
    }

    @Test
    void aRequestIsFirstOnceAndPendingAfter() {
        Request r = request(1);
        assertThat(index.request(List.of(r, request(2))))
                .extracting(ExecutionIndex.Requested::first).containsExactly(true, true);
        assertThat(index.request(List.of(r))).containsExactly(new ExecutionIndex.Requested(ExecutionStatus.PENDING, false));
        assertThat(index.state(r.address()).orElseThrow().status()).isEqualTo(ExecutionStatus.PENDING);
        ExecutionIndex.Entry entry = index.entry(r.address()).orElseThrow();
        assertThat(entry.function()).isEqualTo(function);
        assertThat(codec.decode(entry.kwargs().inline())).isEqualTo(Map.of("x", 1L));
        // Leave nothing runnable behind for the other tests sharing this server.
        assertThat(index.cancel(r.address(), attempt(0, Attempt.Outcome.CANCELLED))).isTrue();
        assertThat(index.cancel(request(2).address(), attempt(0, Attempt.Outcome.CANCELLED))).isTrue();
    }

    @Test
    void aClaimIsHeldAgainstOthersAndSettledDone() {
        Request r = request(3);
        Claim claim = index.claim(r, "owner-a", LEASE);
        assertThat(claim).isInstanceOf(Claim.Claimed.class);
        ExecutionIndex.Lease lease = ((Claim.Claimed) claim).lease();
        assertThat(lease.owner()).isEqualTo("owner-a");
        assertThat(index.claim(r, "owner-b", LEASE)).isInstanceOfSatisfying(Claim.Held.class,
                held -> assertThat(held.owner()).isEqualTo("owner-a"));
        assertThat(index.renew("owner-a", List.of(r.address()), LEASE)).isEmpty();
        assertThat(index.renew("owner-b", List.of(r.address()), LEASE)).containsExactly(r.address());

        ExecutionIndex.Settled settled = index.settle(List.of(new Settlement.Done(r.address(), lease,
                attempt(lease.attempt(), Attempt.Outcome.DONE), result(9))), "owner-a", LEASE, 0);
        assertThat(settled.refused()).isEmpty();
        assertThat(settled.claimed()).isEmpty();

        ExecutionIndex.State state = index.state(r.address()).orElseThrow();
        assertThat(state.status()).isEqualTo(ExecutionStatus.DONE);
        assertThat(state.result().address()).isEqualTo(ValueAddress.of(9L));
        assertThat(codec.decode(state.result().inline())).isEqualTo(9L);
        assertThat(index.results(List.of(r.address(), request(4).address()))).containsOnlyKeys(r.address());
        assertThat(index.claim(r, "owner-b", LEASE)).isInstanceOf(Claim.Done.class);
        List<Attempt> attempts = index.attempts(r.address());
        assertThat(attempts).hasSize(1);
        assertThat(attempts.getFirst().outcome()).isEqualTo(Attempt.Outcome.DONE);
        assertThat(attempts.getFirst().validatorOutcomes()).containsExactly("pre unusedRam(1.0 GB): ok");

        index.forgetResult(r.address());
        assertThat(index.state(r.address()).orElseThrow().status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void aSettleByAnOwnerThatLostTheLeaseIsRefused() {
        Request r = request(5);
        ExecutionIndex.Lease lease = ((Claim.Claimed) index.claim(r, "owner-a", LEASE)).lease();
        ExecutionIndex.Lease stolen = new ExecutionIndex.Lease("owner-b", lease.attempt(), lease.handle());
        ExecutionIndex.Settled settled = index.settle(List.of(new Settlement.Failed(r.address(), stolen,
                attempt(lease.attempt(), Attempt.Outcome.FAILED))), "owner-b", LEASE, 0);
        assertThat(settled.refused()).containsExactly(r.address());
        assertThat(index.state(r.address()).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(index.settle(List.of(new Settlement.Failed(r.address(), lease,
                attempt(lease.attempt(), Attempt.Outcome.FAILED))), "owner-a", LEASE, 0).refused()).isEmpty();
        assertThat(index.state(r.address()).orElseThrow().status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void claimNextTakesPendingWorkAndSettleRetriesAndHandsBack() {
        Request a = request(6);
        Request b = request(7);
        index.request(List.of(a, b));
        // Other tests' pending executions may come first: claim until both of ours are held.
        String owner = "owner-" + UUID.randomUUID();
        List<Task> mine = new java.util.ArrayList<>();
        for (int round = 0; round < 50 && mine.size() < 2; round++) {
            for (Task task : index.claimNext(owner, LEASE, 10)) {
                if (task.function().equals(function)) {
                    mine.add(task);
                }
            }
        }
        assertThat(mine).extracting(Task::address).containsExactlyInAnyOrder(a.address(), b.address());
        Task first = mine.getFirst();
        Task second = mine.get(1);
        assertThat(first.tries()).isEqualTo(1);
        ExecutionIndex.Settled settled = index.settle(List.of(
                new Settlement.Retry(first.address(), first.lease(), attempt(first.lease().attempt(),
                        Attempt.Outcome.FAILED), Long.MAX_VALUE / 2),
                new Settlement.HandBack(second.address(), second.lease(), attempt(second.lease().attempt(),
                        Attempt.Outcome.NOT_RUN), Long.MAX_VALUE / 2)), owner, LEASE, 0);
        assertThat(settled.refused()).isEmpty();
        assertThat(index.state(first.address()).orElseThrow().status()).isEqualTo(ExecutionStatus.PENDING);
        assertThat(index.state(second.address()).orElseThrow().status()).isEqualTo(ExecutionStatus.PENDING);
    }

    @Test
    void aPendingExecutionCanBeCancelled() {
        Request r = request(8);
        index.request(List.of(r));
        assertThat(index.cancel(r.address(), attempt(0, Attempt.Outcome.CANCELLED))).isTrue();
        assertThat(index.state(r.address()).orElseThrow().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(index.attempts(r.address()).getLast().outcome()).isEqualTo(Attempt.Outcome.CANCELLED);
        assertThat(index.cancel(r.address(), attempt(0, Attempt.Outcome.CANCELLED))).isFalse();
    }

    @Test
    void unknownExecutionsHaveNoStateEntryOrAttempts() {
        ExecutionAddress unknown = request(9).address();
        assertThat(index.state(unknown)).isEmpty();
        assertThat(index.entry(unknown)).isEmpty();
        assertThat(index.attempts(unknown)).isEmpty();
        assertThat(index.results(List.of(unknown))).isEmpty();
    }

    @Test
    void functionsValidatorsAndWorkersAreCounted() {
        long functions = index.counts(0).functions();
        index.registerFunction(function, "square");
        index.useValidator("pre unusedRam(" + function.hash().substring(0, 8) + ")");
        String worker = "worker-" + UUID.randomUUID();
        index.heartbeat(worker, "host-1", 42, 3);
        ExecutionIndex.Counts counts = index.counts(60_000);
        assertThat(counts.functions()).isEqualTo(functions + 1);
        assertThat(counts.validatorsInUse()).contains("pre unusedRam(" + function.hash().substring(0, 8) + ")");
        assertThat(counts.workersAlive()).isPositive();
        assertThat(counts.workerThreadsAlive()).isGreaterThanOrEqualTo(3);
        long alive = index.liveWorkers(60_000);
        assertThat(alive).isEqualTo(counts.workersAlive());
        index.removeWorker(worker);
        assertThat(index.liveWorkers(60_000)).isEqualTo(alive - 1);
        assertThat(index.queueDepth()).isGreaterThanOrEqualTo(0);
    }
}
