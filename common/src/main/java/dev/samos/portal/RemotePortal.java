package dev.samos.portal;

import dev.samos.SamosException;
import dev.samos.address.MalformedAddressException;
import dev.samos.address.ValueAddress;
import dev.samos.api.AttemptView;
import dev.samos.api.BatchRequest;
import dev.samos.api.CallRequest;
import dev.samos.api.ExecutionList;
import dev.samos.api.ExecutionRecordView;
import dev.samos.api.ExecutionView;
import dev.samos.api.FunctionRegistration;
import dev.samos.api.FunctionView;
import dev.samos.api.Problem;
import dev.samos.api.ProblemType;
import dev.samos.api.ResultsRequest;
import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.bundle.CompilationException;
import dev.samos.bundle.FunctionBundle;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.ArgumentException;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import dev.samos.validator.ValidationFailedException;
import dev.samos.value.EnumValue;
import dev.samos.value.NotAValueException;
import dev.samos.value.RecordValue;
import dev.samos.value.ValueJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A portal that is the REST API of a Samos gateway: the same API and the same addresses as a local portal, so code
 * runs unchanged against a cluster by changing only how the portal is opened ({@link Portal#remote}).
 *
 * <p>Functions travel as bundles (normalized bytecode), never source, and only when the gateway does not know them
 * yet. Execution and value addresses are computed here exactly as the gateway computes them, so a stored result is
 * fetched with one request. Values go as their JSON form; results come back in the storage codec's binary form when
 * they hold records or enums, so they arrive as the caller's own classes. Errors are the same typed exceptions as
 * embedded, made from each problem's type and fields. Idempotent requests (reads) are retried on connection
 * failures. Bodies are the gateway's own request and response records ({@code dev.samos.api}).
 */
public final class RemotePortal implements Portal {

    private static final int RETRIES = 3;

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final StorageCodec codec = new StorageCodec();
    private final Set<String> knownFunctions = ConcurrentHashMap.newKeySet();
    private final Map<Class<?>, Pure> pures = new ConcurrentHashMap<>();

    private RemotePortal(URI base, String token, Duration requestTimeout) {
        this.base = base;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A portal on the gateway at {@code base} (e.g. {@code http://127.0.0.1:8080}); {@code token} may be null. */
    public static RemotePortal open(URI base, String token) {
        RemotePortal portal = new RemotePortal(base, token, Duration.ofMinutes(10));
        PortalContext.opened(portal);
        return portal;
    }

    // ---- functions -----------------------------------------------------------------------------------------------

    @Override
    public Pure pure(Class<? extends PureFunction> type) {
        return pures.computeIfAbsent(type, t -> pure(FunctionBundle.of(t), AutonomyPolicy.strict()));
    }

    @Override
    public Pure pure(FunctionBundle bundle, AutonomyPolicy policy) {
        String main = bundle.mainClass();
        Pure pure = new Pure(dev.samos.value.Values.simpleName(main), bundle.address().toString(), Map.of());
        String address = ValueAddress.of(pure).toString();
        if (knownFunctions.contains(address) || send("GET", "/api/v1/functions/" + address, null, true).status == 200) {
            knownFunctions.add(address);
            return pure;
        }
        FunctionRegistration registration = new FunctionRegistration(null, ValueJson.toJson(bundle.toValue()),
                policy.impureReason().orElse(null), policy.allowList().isEmpty() ? null : List.copyOf(policy.allowList()), null);
        Reply created = expect(send("POST", "/api/v1/functions", json(registration), false), 201);
        knownFunctions.add(created.read(FunctionView.class).address());
        return pure;
    }

    /**
     * The gateway stores the function value (fixed kwargs, validators) once; its address is the same here. Its
     * bundle was registered when the function was made through a portal ({@code pure(Class)}).
     */
    private String ensureFunction(Pure function) {
        String address = ValueAddress.of(function).toString();
        if (!knownFunctions.contains(address)) {
            expect(send("POST", "/api/v1/values", ValueJson.write(function), false), 201);
            knownFunctions.add(address);
        }
        return address;
    }

    // ---- calls ---------------------------------------------------------------------------------------------------

    @Override
    public ExecutionAddress executionAddress(Pure function, Kwargs kwargs) {
        Kwargs all = function.fixedKwargs().merge(kwargs);
        Map<String, ValueAddress> arguments = new java.util.TreeMap<>();
        all.asMap().forEach((name, value) -> arguments.put(name, ValueAddress.ofArgument(value, "kwargs." + name)));
        return ExecutionAddress.of(function.name(), function.bundleAddress(), arguments);
    }

    @Override
    public Object call(Pure function, Kwargs kwargs) {
        ExecutionAddress address = executionAddress(function, kwargs);
        Reply stored = send("GET", "/api/v1/executions/" + address + "/result", null, true, "application/octet-stream");
        if (stored.status == 200) {
            return codec.decode(stored.bytes);
        }
        String fn = ensureFunction(function);
        Reply reply = send("POST", "/api/v1/functions/" + fn + "/calls", json(new CallRequest(kwargsJson(kwargs),
                null, null)), false);
        if (reply.status == 202) {
            return get(address, requestTimeout);
        }
        JsonNode result = expect(reply, 200).read(ExecutionView.class).result();
        Object value = ValueJson.fromJson(result, "result");
        return needsBinary(value) ? getValue(address) : value;
    }

    private static Map<String, JsonNode> kwargsJson(Kwargs kwargs) {
        Map<String, JsonNode> json = new LinkedHashMap<>();
        kwargs.asMap().forEach((name, value) -> json.put(name, ValueJson.toJson(value)));
        return json;
    }

    /** Records and enums in JSON come back generic; the binary form brings the caller's own classes. */
    private static boolean needsBinary(Object value) {
        return switch (value) {
            case RecordValue r -> true;
            case EnumValue e -> true;
            case Map<?, ?> m -> m.keySet().stream().anyMatch(RemotePortal::needsBinary)
                    || m.values().stream().anyMatch(RemotePortal::needsBinary);
            case Collection<?> c -> c.stream().anyMatch(RemotePortal::needsBinary);
            case null, default -> false;
        };
    }

    /** The result of a DONE execution, in its exact Java types (the storage codec's form). */
    private Object getValue(ExecutionAddress address) {
        return codec.decode(expect(send("GET", "/api/v1/executions/" + address + "/result", null, true,
                "application/octet-stream"), 200).bytes);
    }

    @Override
    public ExecutionAddress swarm(Pure function, Kwargs kwargs) {
        return swarmAll(function, List.of(kwargs)).getFirst();
    }

    /**
     * Calls swarmed per request by {@link #swarmAll}: well under the gateway's default limit per request
     * ({@code samos.gateway.max-batch}, 100,000) and its body limit, and small enough that the gateway publishes the
     * first tasks while later ones are still on their way.
     */
    private static final int SWARM_BATCH = 10_000;

    /** In requests of {@value #SWARM_BATCH} calls; a failed request leaves the earlier ones swarmed (idempotent). */
    @Override
    public List<ExecutionAddress> swarmAll(Pure function, List<Kwargs> calls) {
        String fn = ensureFunction(function);
        List<ExecutionAddress> swarmed = new ArrayList<>(calls.size());
        for (int from = 0; from < calls.size() || from == 0; from += SWARM_BATCH) { // no calls: asked once, as ever
            BatchRequest batch = new BatchRequest(calls.subList(from, Math.min(calls.size(), from + SWARM_BATCH))
                    .stream().map(RemotePortal::kwargsJson).toList(), null);
            expect(send("POST", "/api/v1/functions/" + fn + "/batch", json(batch), false), 202)
                    .read(ExecutionList.class).executions().stream().map(ExecutionAddress::parse)
                    .forEach(swarmed::add);
        }
        return swarmed;
    }

    @Override
    public boolean cancel(ExecutionAddress address) {
        Reply reply = send("DELETE", "/api/v1/executions/" + address, null, false);
        if (reply.status == 409) {
            return false;
        }
        expect(reply, 200);
        return true;
    }

    @Override
    public boolean ready(ExecutionAddress address) {
        Reply reply = send("GET", "/api/v1/executions/" + address, null, true);
        return reply.status == 200 && reply.read(ExecutionView.class).status() == ExecutionStatus.DONE;
    }

    /** Waits for the execution by polling its status (backing off to 100 ms), then fetches the result. */
    @Override
    public Object get(ExecutionAddress address, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (true) {
            ExecutionStatus status = expect(send("GET", "/api/v1/executions/" + address, null, true), 200)
                    .read(ExecutionView.class).status();
            if (status.isFinal()) {
                return getValue(address); // a FAILED one answers its failure, mapped to its exception
            }
            if (System.nanoTime() > deadline) {
                throw new ExecutionTimeoutException(address + " is still " + status + " after " + timeout);
            }
            sleep(pause);
            pause = Math.min(pause * 2, 100);
        }
    }

    /** Executions collected per request by {@link #getAll}, and the longest one request waits at the gateway. */
    private static final int GET_ALL_BATCH = 1_000;
    private static final long GET_ALL_WAIT_MILLIS = 10_000;

    /**
     * Many results in one request per {@value #GET_ALL_BATCH} executions, each waiting at the gateway while they
     * finish (and asked again, until the timeout, while some are pending), rather than one poll per execution.
     */
    @Override
    public List<Object> getAll(List<ExecutionAddress> addresses, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Object> results = new ArrayList<>(addresses.size());
        for (int from = 0; from < addresses.size(); from += GET_ALL_BATCH) {
            List<String> executions = addresses.subList(from, Math.min(addresses.size(), from + GET_ALL_BATCH))
                    .stream().map(ExecutionAddress::toString).toList();
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                ResultsRequest request = new ResultsRequest(executions, Math.clamp(left, 0, GET_ALL_WAIT_MILLIS));
                Reply reply = send("POST", "/api/v1/executions/results", json(request), true,
                        "application/octet-stream");
                if (reply.status == 200) {
                    results.addAll((List<?>) codec.decode(reply.bytes));
                    break;
                }
                List<?> pending = (List<?>) codec.decode(expect(reply, 202).bytes);
                if (left <= 0) {
                    throw new ExecutionTimeoutException(pending.getFirst() + (pending.size() > 1
                            ? " and " + (pending.size() - 1) + " more are" : " is") + " still not done after "
                            + timeout);
                }
            }
        }
        return results;
    }

    @Override
    public CompletableFuture<Object> future(ExecutionAddress address) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        Thread.ofVirtual().name("samos-remote-future").start(() -> {
            try {
                future.complete(get(address, Duration.ofDays(365)));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    // ---- values, records, description ----------------------------------------------------------------------------

    @Override
    public ValueAddress putValue(Object value) {
        ValueAddress address = ValueAddress.of(value);
        expect(send("POST", "/api/v1/values", ValueJson.write(value), false), 201);
        return address;
    }

    @Override
    public Object getValue(ValueAddress address) {
        return codec.decode(expect(send("GET", "/api/v1/values/" + address, null, true, "application/octet-stream"),
                200).bytes);
    }

    @Override
    public boolean hasValue(ValueAddress address) {
        return send("GET", "/api/v1/values/" + address, null, true).status == 200;
    }

    @Override
    public Optional<ExecutionRecord> record(ExecutionAddress address) {
        Reply reply = send("GET", "/api/v1/executions/" + address + "/record", null, true);
        if (reply.status == 404) {
            return Optional.empty();
        }
        ExecutionRecordView record = expect(reply, 200).read(ExecutionRecordView.class);
        String result = record.result();
        return Optional.of(new ExecutionRecord(address, ValueAddress.parse(record.function()),
                ValueAddress.parse(record.kwargs()), record.status(),
                result == null || result.isEmpty() ? null : ValueAddress.parse(result),
                record.attempts().stream().map(AttemptView::toAttempt).toList()));
    }

    @Override
    public PortalDescription describe() {
        return ValueJson.mapper().readValue(expect(send("GET", "/api/v1/portal", null, true), 200).body(),
                PortalDescription.class);
    }

    @Override
    public void close() {
        PortalContext.closed(this);
        http.close();
    }

    @Override
    public String toString() {
        return "RemotePortal[" + base + "]";
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------------

    private record Reply(int status, byte[] bytes) {
        String body() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        <T> T read(Class<T> type) {
            return ValueJson.mapper().readValue(bytes, type);
        }
    }

    private static String json(Record body) {
        return ValueJson.mapper().writeValueAsString(body);
    }

    private Reply send(String method, String path, String json, boolean idempotent) {
        return send(method, path, json, idempotent, "application/json");
    }

    private Reply send(String method, String path, String json, boolean idempotent, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout)
                .header("Accept", accept + ", application/problem+json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Reply(response.statusCode(), response.body());
            } catch (IOException e) {
                if (!idempotent || attempt >= RETRIES) {
                    throw new PortalStorageException("cannot reach the Samos gateway at " + base + ": " + e, e);
                }
                sleep(100L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PortalStorageException("interrupted talking to " + base, e);
            }
        }
    }

    /** The reply if it has the expected status; otherwise its problem, as the typed exception embedded code sees. */
    private static Reply expect(Reply reply, int status) {
        if (reply.status == status) {
            return reply;
        }
        throw problem(reply);
    }

    private static RuntimeException problem(Reply reply) {
        Problem problem;
        try {
            problem = reply.read(Problem.class);
        } catch (RuntimeException notAProblem) {
            return new SamosException("gateway answered " + reply.status + ": " + reply.body());
        }
        String detail = problem.detail();
        return switch (ProblemType.of(problem.type()).orElse(ProblemType.INTERNAL)) {
            case NOT_A_VALUE -> new NotAValueException(problem.field(), problem.reason());
            case BAD_ARGUMENT -> new ArgumentException(problem.field().substring("kwargs.".length()),
                    problem.reason());
            case UNKNOWN_ADDRESS -> new UnknownAddressException(problem.address(), "the gateway's portal");
            case MALFORMED_ADDRESS -> new MalformedAddressException(problem.address(), problem.reason());
            case COMPILATION_FAILED -> new CompilationException(problem.errors());
            case FUNCTION_FAILED -> new FunctionFailedException(problem.execution(), problem.exceptionClass(),
                    problem.exceptionMessage(), problem.stackTrace(), null);
            case VALIDATION_FAILED -> new ValidationFailedException(detail);
            case NOT_AVAILABLE -> new ExecutionTimeoutException(detail);
            case BACKEND_UNAVAILABLE -> new PortalStorageException(detail, null);
            default -> new SamosException("gateway answered " + reply.status + " " + problem.title() + ": " + detail);
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortalStorageException("interrupted", e);
        }
    }
}
