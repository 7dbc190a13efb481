package dev.samos.portal.service;

import dev.samos.address.ValueAddress;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The execution index of a portal kept by portal-service, over its internal HTTP API: each operation is one
 * {@link IndexCall} posted to {@code /internal/index/{operation}}, answered in storage-codec bytes. Nothing is cached:
 * the index is the shared, changing state every gateway and executor coordinates through, and the service applies
 * each call atomically in its backend.
 */
public final class ServiceExecutionIndex implements ExecutionIndex {

    private final ServiceConnection service;
    private final boolean ownsConnection;
    private final SettledFeed news;

    public ServiceExecutionIndex(URI portalService, ServiceOptions options) {
        this(new ServiceConnection(portalService, options), true);
    }

    ServiceExecutionIndex(ServiceConnection service, boolean ownsConnection) {
        this.service = service;
        this.ownsConnection = ownsConnection;
        this.news = new SettledFeed(service);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Requested> request(List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        return call(new IndexCall.Request(List.copyOf(requests)), List.class);
    }

    @Override
    public Claim claim(Request request, String owner, long leaseMillis) {
        return call(new IndexCall.Claim(request, owner, leaseMillis), Claim.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Task> claimNext(String owner, long leaseMillis, int limit) {
        return call(new IndexCall.ClaimNext(owner, leaseMillis, limit), List.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Task> claimStale(String owner, long leaseMillis, int limit, long staleAfterMillis) {
        return call(new IndexCall.ClaimStale(owner, leaseMillis, limit, staleAfterMillis), List.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<TaskClaim> claimTasks(List<ExecutionAddress> addresses, String owner, long leaseMillis) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        return call(new IndexCall.ClaimTasks(List.copyOf(addresses), owner, leaseMillis), List.class);
    }

    @Override
    public Settled settle(List<Settlement> settlements, String owner, long leaseMillis, int claimNext) {
        return call(new IndexCall.Settle(List.copyOf(settlements), owner, leaseMillis, claimNext), Settled.class);
    }

    @Override
    public Set<ExecutionAddress> renew(String owner, Collection<ExecutionAddress> addresses, long leaseMillis) {
        if (addresses.isEmpty()) {
            return Set.of();
        }
        Collection<?> lost = call(new IndexCall.Renew(owner, new ArrayList<>(addresses), leaseMillis),
                Collection.class);
        Set<ExecutionAddress> answer = new LinkedHashSet<>();
        lost.forEach(address -> answer.add((ExecutionAddress) address));
        return answer;
    }

    @Override
    public boolean cancel(ExecutionAddress address, Attempt record) {
        return call(new IndexCall.Cancel(address, record), Boolean.class);
    }

    @Override
    public void forgetResult(ExecutionAddress address) {
        call(new IndexCall.ForgetResult(address), Void.class);
    }

    @Override
    public Optional<State> state(ExecutionAddress address) {
        return Optional.ofNullable(call(new IndexCall.State(address), State.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<ExecutionAddress, Result> results(List<ExecutionAddress> addresses) {
        if (addresses.isEmpty()) {
            return Map.of();
        }
        return call(new IndexCall.Results(List.copyOf(addresses)), Map.class);
    }

    @Override
    public Optional<Entry> entry(ExecutionAddress address) {
        return Optional.ofNullable(call(new IndexCall.Entry(address), Entry.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Attempt> attempts(ExecutionAddress address) {
        return call(new IndexCall.Attempts(address), List.class);
    }

    @Override
    public void registerFunction(ValueAddress bundle, String name) {
        call(new IndexCall.RegisterFunction(bundle, name), Void.class);
    }

    @Override
    public void useValidator(String description) {
        call(new IndexCall.UseValidator(description), Void.class);
    }

    @Override
    public void heartbeat(String worker, String host, long pid, int threads) {
        call(new IndexCall.Heartbeat(worker, host, pid, threads), Void.class);
    }

    @Override
    public void removeWorker(String worker) {
        call(new IndexCall.RemoveWorker(worker), Void.class);
    }

    @Override
    public long liveWorkers(long windowMillis) {
        return call(new IndexCall.LiveWorkers(windowMillis), Long.class);
    }

    @Override
    public Counts counts(long liveWindowMillis) {
        return call(new IndexCall.Counts(liveWindowMillis), Counts.class);
    }

    /**
     * The service's news of settled executions ({@code GET /internal/index/settled}): one event stream, opened on
     * the first subscription, shared by every listener of this index, opened again with backoff when it breaks
     * (news missed meanwhile is lost, as news may be), and closed with the last subscription or the index.
     * Listeners run on the HTTP client's threads: they must be quick.
     */
    @Override
    public Subscription onSettled(java.util.function.Consumer<ExecutionAddress> listener) {
        return news.subscribe(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public boolean announcesSettles() {
        return true;
    }

    @Override
    public void close() {
        news.close();
        if (ownsConnection) {
            service.close();
        }
    }

    /** Where the index lives, for messages. */
    public String location() {
        return service.base().toString();
    }

    private <T> T call(IndexCall call, Class<T> answer) {
        String operation = call.operation();
        HttpResponse<byte[]> response = service.send(service.request(ServiceProtocol.INDEX + "/" + operation)
                .POST(service.encoded(call)).build(), "index " + operation);
        if (answer == Void.class || response.statusCode() == 204) {
            return null;
        }
        return service.decode(response, answer, "index " + operation);
    }
}
