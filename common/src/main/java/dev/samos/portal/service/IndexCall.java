package dev.samos.portal.service;

import dev.samos.address.ValueAddress;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One {@link ExecutionIndex} operation with its arguments, as sent to {@code POST /internal/index/{operation}}:
 * a record the storage codec ships by name. The route repeats the operation so a body of the wrong kind is refused
 * before anything runs, and so logs and metrics name the operation without decoding.
 *
 * <p>Each record checks its arguments when it is built, and the codec builds records through their canonical
 * constructor: a hostile body with a null where the index expects a value is refused while decoding (a 400), not
 * deep inside the backend.
 */
public sealed interface IndexCall {

    /** The route name, e.g. {@code claim-next}. */
    default String operation() {
        return operationOf(getClass());
    }

    /** Runs this call on {@code index}; null for operations without an answer. */
    Object applyTo(ExecutionIndex index);

    record Request(List<ExecutionIndex.Request> requests) implements IndexCall {
        public Request {
            requests = noNulls(requests, "requests");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.request(requests);
        }
    }

    record Claim(ExecutionIndex.Request request, String owner, long leaseMillis) implements IndexCall {
        public Claim {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.claim(request, owner, leaseMillis);
        }
    }

    record ClaimNext(String owner, long leaseMillis, int limit) implements IndexCall {
        public ClaimNext {
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.claimNext(owner, leaseMillis, limit);
        }
    }

    /** A negative staleness is refused while decoding (a 400), as the index would refuse it. */
    record ClaimStale(String owner, long leaseMillis, int limit, long staleAfterMillis) implements IndexCall {
        public ClaimStale {
            Objects.requireNonNull(owner, "owner");
            if (staleAfterMillis < 0) {
                throw new IllegalArgumentException("staleAfterMillis must be ≥ 0, was " + staleAfterMillis);
            }
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.claimStale(owner, leaseMillis, limit, staleAfterMillis);
        }
    }

    record ClaimTasks(List<ExecutionAddress> addresses, String owner, long leaseMillis) implements IndexCall {
        public ClaimTasks {
            addresses = noNulls(addresses, "addresses");
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.claimTasks(addresses, owner, leaseMillis);
        }
    }

    record Settle(List<ExecutionIndex.Settlement> settlements, String owner, long leaseMillis, int claimNext)
            implements IndexCall {
        public Settle {
            settlements = noNulls(settlements, "settlements");
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.settle(settlements, owner, leaseMillis, claimNext);
        }
    }

    record Renew(String owner, List<ExecutionAddress> addresses, long leaseMillis) implements IndexCall {
        public Renew {
            Objects.requireNonNull(owner, "owner");
            addresses = noNulls(addresses, "addresses");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.renew(owner, addresses, leaseMillis);
        }
    }

    record Cancel(ExecutionAddress address, Attempt record) implements IndexCall {
        public Cancel {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(record, "record");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.cancel(address, record);
        }
    }

    record ForgetResult(ExecutionAddress address) implements IndexCall {
        public ForgetResult {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            index.forgetResult(address);
            return null;
        }
    }

    /** Answers the State, or null when the index has none (an empty Optional). */
    record State(ExecutionAddress address) implements IndexCall {
        public State {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.state(address).orElse(null);
        }
    }

    record Results(List<ExecutionAddress> addresses) implements IndexCall {
        public Results {
            addresses = noNulls(addresses, "addresses");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.results(addresses);
        }
    }

    /** Answers the Entry, or null when the index has none. */
    record Entry(ExecutionAddress address) implements IndexCall {
        public Entry {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.entry(address).orElse(null);
        }
    }

    record Attempts(ExecutionAddress address) implements IndexCall {
        public Attempts {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.attempts(address);
        }
    }

    record RegisterFunction(ValueAddress bundle, String name) implements IndexCall {
        public RegisterFunction {
            Objects.requireNonNull(bundle, "bundle");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            index.registerFunction(bundle, name);
            return null;
        }
    }

    record UseValidator(String description) implements IndexCall {
        public UseValidator {
            Objects.requireNonNull(description, "description");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            index.useValidator(description);
            return null;
        }
    }

    record Heartbeat(String worker, String host, long pid, int threads) implements IndexCall {
        public Heartbeat {
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(host, "host");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            index.heartbeat(worker, host, pid, threads);
            return null;
        }
    }

    record RemoveWorker(String worker) implements IndexCall {
        public RemoveWorker {
            Objects.requireNonNull(worker, "worker");
        }

        @Override
        public Object applyTo(ExecutionIndex index) {
            index.removeWorker(worker);
            return null;
        }
    }

    record Counts(long liveWindowMillis) implements IndexCall {
        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.counts(liveWindowMillis);
        }
    }

    record LiveWorkers(long windowMillis) implements IndexCall {
        @Override
        public Object applyTo(ExecutionIndex index) {
            return index.liveWorkers(windowMillis);
        }
    }

    /** Every operation by its route name. */
    Map<String, Class<? extends IndexCall>> OPERATIONS = Stream.of(IndexCall.class.getPermittedSubclasses())
            .map(type -> type.asSubclass(IndexCall.class))
            .collect(Collectors.toUnmodifiableMap(IndexCall::operationOf, Function.identity()));

    /** {@code ClaimNext} → {@code claim-next}. */
    static String operationOf(Class<? extends IndexCall> type) {
        String simple = type.getSimpleName();
        StringBuilder name = new StringBuilder(simple.length() + 4);
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                name.append('-');
            }
            name.append(Character.toLowerCase(c));
        }
        return name.toString();
    }

    private static <T> List<T> noNulls(List<T> list, String name) {
        Objects.requireNonNull(list, name);
        for (T item : list) {
            Objects.requireNonNull(item, () -> name + " holds a null");
        }
        return list;
    }
}
