package dev.samos.gateway.api;

import dev.samos.api.BatchRequest;
import dev.samos.api.CallRequest;
import dev.samos.api.ExecutionList;
import dev.samos.api.ExecutionView;
import dev.samos.api.FunctionRegistration;
import dev.samos.api.FunctionView;
import dev.samos.api.KwargsRequest;
import dev.samos.api.SwarmRequest;
import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.bundle.FunctionBundle;
import dev.samos.bundle.SourceCompiler;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.gateway.config.ExecutionProperties;
import dev.samos.gateway.config.GatewayProperties;
import dev.samos.gateway.problem.BadRequestException;
import dev.samos.portal.Portal;
import dev.samos.validator.TimeLimit;
import dev.samos.value.ValueJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Functions: register from source or bundle, read, fix kwargs; call, swarm and batch-swarm them. Bodies are read as
 * text and turned into their {@code dev.samos.api} records by {@link JsonBodies} (strict, every error naming its
 * field); the OpenAPI annotations describe them by those records.
 */
@RestController
@RequestMapping(path = "/api/v1/functions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "functions", description = "Register pure functions; call, swarm and batch-swarm them")
public class FunctionController {

    private final Portal portal;
    private final FunctionCatalog catalog;
    private final GatewayProperties properties;
    /** The most a request may ask as a time limit ({@code samos.gateway.execution.max-time-limit}; 0: no maximum). */
    private final long maxTimeLimitMillis;

    FunctionController(Portal portal, FunctionCatalog catalog, GatewayProperties properties,
            ExecutionProperties execution) {
        this.portal = portal;
        this.catalog = catalog;
        this.properties = properties;
        this.maxTimeLimitMillis = execution.maxTimeLimit().toMillis();
        JsonBodies.maxDepth = properties.maxValueDepth();
    }

    /** {@code function} held to a request's {@code timeLimitMillis}, or as it is when the request gives none. */
    private static Pure limited(Pure function, Long timeLimitMillis) {
        return timeLimitMillis == null ? function : new TimeLimit(timeLimitMillis).on(function);
    }

    /**
     * Registers a pure function: {@code {"source": "<Java source>"}} (compiled, normalized and autonomy-checked
     * here) or {@code {"bundle": <bundle value>}} (what the Java client ships); optionally {@code "impure":
     * "<reason>"} for the impure-but-memoizable tier, or {@code "allow": ["org.example.lib."]}, and
     * {@code "timeLimitMillis": 60000} to hold each attempt of its calls to a minute (within the operator's maximum).
     */
    @Operation(operationId = "registerFunction", summary = "Register a pure function from Java source or a bundle")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = FunctionRegistration.class),
            examples = @ExampleObject(value = "{\"source\": \"public final class Square implements dev.samos.function.PureFunction { public Object call(dev.samos.function.Kwargs kwargs) { long x = kwargs.getLong(\\\"x\\\"); return x * x; } }\"}")))
    @ApiResponse(responseCode = "201", description = "Registered (or known already): the function",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FunctionView.class)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<FunctionView> register(@RequestBody(required = false) String body) throws Exception {
        FunctionRegistration request = JsonBodies.registration(body, maxTimeLimitMillis);
        TimeLimit timeLimit = request.timeLimitMillis() == null ? null : new TimeLimit(request.timeLimitMillis());
        AutonomyPolicy policy = request.impure() == null ? AutonomyPolicy.strict()
                : AutonomyPolicy.impure(request.impure());
        if (request.allow() != null) {
            policy = policy.allowing(request.allow().toArray(String[]::new));
        }
        FunctionView view;
        if (request.source() != null) {
            if (request.source().length() > properties.maxSourceBytes()) {
                throw new BadRequestException("source", "longer than " + properties.maxSourceBytes()
                        + " characters (samos.gateway.max-source-bytes)");
            }
            view = catalog.register(compile(request.source()), policy, request.source(), timeLimit);
        } else if (request.bundle() != null) {
            view = catalog.register(FunctionBundle.fromValue(ValueJson.fromJson(request.bundle(), "bundle")),
                    policy, null, timeLimit);
        } else {
            throw new BadRequestException("source", "give the function as \"source\" (Java) or \"bundle\"");
        }
        return ResponseEntity.created(URI.create("/api/v1/functions/" + view.address())).body(view);
    }

    /**
     * Compiles within {@code samos.gateway.compile-timeout}. javac cannot be interrupted, so a compilation past the
     * limit is abandoned (its thread finishes on its own) and the request gets its answer at once.
     */
    private FunctionBundle compile(String source) throws Exception {
        CompletableFuture<FunctionBundle> compiled = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("samos-compile").start(() -> {
            try {
                compiled.complete(SourceCompiler.compile(source));
            } catch (Throwable e) {
                compiled.completeExceptionally(e);
            }
        });
        try {
            return compiled.get(properties.compileTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException tooLong) {
            throw new BadRequestException("source", "took longer than " + properties.compileTimeout()
                    + " to compile (samos.gateway.compile-timeout)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Refuses new swarmed calls while the queue holds {@code samos.gateway.max-pending} already. */
    private void roomFor(int calls) {
        long pending = portal.describe().executions().getOrDefault("PENDING", 0L);
        if (pending + calls > properties.maxPending()) {
            throw new dev.samos.gateway.problem.QueueFullException(pending, calls, properties.maxPending());
        }
    }

    @Operation(operationId = "getFunction", summary = "A function: name, bundle, fixed kwargs, parameters, "
            + "validators, autonomy verdict, source")
    @GetMapping("/{function}")
    public FunctionView read(@PathVariable String function) {
        return catalog.describe(function);
    }

    /** Fixes kwargs: {@code {"kwargs": {...}}}; answers the new function. */
    @Operation(operationId = "fixKwargs", summary = "Fix kwargs (partial application): a new function")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = KwargsRequest.class),
            examples = @ExampleObject(value = "{\"kwargs\": {\"transformer\": {\"$record\": {\"type\": \"dev.samos.function.Pure\", \"fields\": {\"name\": \"Square\", \"bundle\": \"map_3:…\", \"fixed\": {}, \"preValidators\": [], \"postValidators\": []}}}}}")))
    @ApiResponse(responseCode = "201", description = "The new function",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FunctionView.class)))
    @PostMapping(path = "/{function}/fixed", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<FunctionView> fix(@PathVariable String function, @RequestBody(required = false) String body) {
        KwargsRequest request = JsonBodies.kwargsRequest(body);
        Pure fixed = catalog.function(function).fixKwargs(JsonBodies.kwargs(request.kwargs(), "kwargs"));
        FunctionView view = catalog.derived(fixed, catalog.describe(function));
        return ResponseEntity.created(URI.create("/api/v1/functions/" + view.address())).body(view);
    }

    /**
     * Calls synchronously: {@code {"kwargs": {...}, "timeoutMillis": 5000}}. Answers 200 with the result, or 202 with
     * the execution's address (and Location) if it is still running at the timeout — the call goes on. An optional
     * {@code "timeLimitMillis"} limits each attempt of this call (the timeout only limits the wait).
     */
    @Operation(operationId = "callFunction",
            summary = "Call synchronously (200 with the result, or 202 at the time limit)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = CallRequest.class),
            examples = @ExampleObject(value = "{\"kwargs\": {\"x\": 12}, \"timeoutMillis\": 5000, "
                    + "\"timeLimitMillis\": 60000}")))
    @ApiResponse(responseCode = "200", description = "Done: the execution with its result",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExecutionView.class)))
    @ApiResponse(responseCode = "202", description = "Still running at the time limit: the execution (and Location)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExecutionView.class)))
    @PostMapping(path = "/{function}/calls", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ExecutionView> call(@PathVariable String function,
            @RequestBody(required = false) String body) throws Exception {
        CallRequest request = JsonBodies.callRequest(body, properties.callTimeout().toMillis(), maxTimeLimitMillis);
        Pure pure = limited(catalog.function(function), request.timeLimitMillis());
        Kwargs kwargs = JsonBodies.kwargs(request.kwargs(), "kwargs");
        long limit = Math.min(properties.callTimeout().toMillis(), request.timeoutMillis());
        ExecutionAddress address = portal.executionAddress(pure, kwargs);
        if (portal.ready(address)) { // a stored result answers at once: no thread, no wait
            return ResponseEntity.ok(new ExecutionView(address.toString(), ExecutionStatus.DONE,
                    ValueJson.toJson(portal.get(address, Duration.ZERO)), null));
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread.ofVirtual().name("samos-call").start(() -> {
            try {
                result.complete(portal.call(pure, kwargs));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            Object value = result.get(limit, TimeUnit.MILLISECONDS);
            return ResponseEntity.ok(new ExecutionView(address.toString(), ExecutionStatus.DONE,
                    ValueJson.toJson(value), null));
        } catch (TimeoutException stillRunning) {
            return accepted(address);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Swarms one call: {@code {"kwargs": {...}}}, optionally {@code "timeLimitMillis"}; answers 202 with the
     * execution's address.
     */
    @Operation(operationId = "swarmCall", summary = "Swarm one call (202 + Location of the execution)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = SwarmRequest.class),
            examples = @ExampleObject(value = "{\"kwargs\": {\"x\": 7}}")))
    @ApiResponse(responseCode = "202", description = "Swarmed: the execution (and Location)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExecutionView.class)))
    @PostMapping(path = "/{function}/swarm", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ExecutionView> swarm(@PathVariable String function,
            @RequestBody(required = false) String body) {
        SwarmRequest request = JsonBodies.swarmRequest(body, maxTimeLimitMillis);
        Pure pure = limited(catalog.function(function), request.timeLimitMillis());
        Kwargs kwargs = JsonBodies.kwargs(request.kwargs(), "kwargs");
        roomFor(1);
        return accepted(portal.swarm(pure, kwargs));
    }

    /**
     * Swarms many calls (the cluster's map): {@code {"calls": [{...kwargs}, ...]}}, optionally
     * {@code "timeLimitMillis"} for each; their addresses in order.
     */
    @Operation(operationId = "swarmBatch",
            summary = "Swarm many calls (the cluster map): their execution addresses in order")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = BatchRequest.class),
            examples = @ExampleObject(value = "{\"calls\": [{\"x\": 1}, {\"x\": 2}, {\"x\": 3}]}")))
    @ApiResponse(responseCode = "202", description = "Swarmed: the execution addresses, in order",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExecutionList.class)))
    @PostMapping(path = "/{function}/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ExecutionList> batch(@PathVariable String function,
            @RequestBody(required = false) String body) {
        BatchRequest request = JsonBodies.batchRequest(body, properties.maxBatch(), maxTimeLimitMillis);
        List<Kwargs> kwargs = new ArrayList<>(request.calls().size());
        for (int i = 0; i < request.calls().size(); i++) {
            kwargs.add(JsonBodies.kwargs(request.calls().get(i), "calls[" + i + "]"));
        }
        Pure pure = limited(catalog.function(function), request.timeLimitMillis());
        roomFor(kwargs.size());
        List<String> addresses = portal.swarmAll(pure, kwargs).stream()
                .map(ExecutionAddress::toString).toList();
        return ResponseEntity.accepted().body(new ExecutionList(addresses));
    }

    private ResponseEntity<ExecutionView> accepted(ExecutionAddress address) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/executions/" + address))
                .body(new ExecutionView(address.toString(), statusOf(address), null, null));
    }

    private ExecutionStatus statusOf(ExecutionAddress address) {
        return portal.record(address).map(r -> r.status()).orElse(ExecutionStatus.PENDING);
    }

}
