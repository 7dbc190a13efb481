package dev.samos.gateway.api;

import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.bundle.FunctionBundle;
import dev.samos.bundle.SourceCompiler;
import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.gateway.config.GatewayProperties;
import dev.samos.gateway.problem.BadRequestException;
import dev.samos.portal.Portal;
import dev.samos.value.ValueJson;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.JsonNode;

/** Functions: register from source or bundle, read, fix kwargs; call, swarm and batch-swarm them. */
@RestController
@RequestMapping(path = "/api/v1/functions", produces = MediaType.APPLICATION_JSON_VALUE)
public class FunctionController {

    private final Portal portal;
    private final FunctionCatalog catalog;
    private final GatewayProperties properties;

    FunctionController(Portal portal, FunctionCatalog catalog, GatewayProperties properties) {
        this.portal = portal;
        this.catalog = catalog;
        this.properties = properties;
        JsonBodies.maxDepth = properties.maxValueDepth();
    }

    /**
     * Registers a pure function: {@code {"source": "<Java source>"}} (compiled, normalized and autonomy-checked
     * here) or {@code {"bundle": <bundle value>}} (what the Java client ships); optionally {@code "impure":
     * "<reason>"} for the impure-but-memoizable tier, or {@code "allow": ["org.example.lib."]}.
     */
    @io.swagger.v3.oas.annotations.Operation(summary = "Register a pure function from Java source or a bundle")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/json", examples = @io.swagger.v3.oas.annotations.media.ExampleObject(
                    value = "{\"source\": \"public final class Square implements dev.samos.function.PureFunction { public Object call(dev.samos.function.Kwargs kwargs) { long x = kwargs.getLong(\\\"x\\\"); return x * x; } }\"}")))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<FunctionView> register(@RequestBody(required = false) String body) throws Exception {
        JsonNode request = JsonBodies.object(body);
        JsonBodies.onlyFields(request, "source", "bundle", "impure", "allow");
        AutonomyPolicy policy = policy(request);
        FunctionView view;
        if (request.has("source")) {
            String source = JsonBodies.requiredString(request, "source");
            if (source.length() > properties.maxSourceBytes()) {
                throw new BadRequestException("source", "longer than " + properties.maxSourceBytes()
                        + " characters (samos.gateway.max-source-bytes)");
            }
            view = catalog.register(compile(source), policy, source);
        } else if (request.has("bundle")) {
            view = catalog.register(FunctionBundle.fromValue(ValueJson.fromJson(request.get("bundle"), "bundle")),
                    policy, null);
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

    private static AutonomyPolicy policy(JsonNode request) {
        AutonomyPolicy policy = request.has("impure")
                ? AutonomyPolicy.impure(JsonBodies.requiredString(request, "impure")) : AutonomyPolicy.strict();
        JsonNode allow = request.get("allow");
        if (allow != null) {
            if (!allow.isArray()) {
                throw new BadRequestException("allow", "must be an array of class-name prefixes");
            }
            List<String> prefixes = new ArrayList<>();
            for (JsonNode prefix : allow) {
                if (!prefix.isString() || prefix.stringValue().isBlank()) {
                    throw new BadRequestException("allow", "must hold non-empty strings");
                }
                prefixes.add(prefix.stringValue());
            }
            policy = policy.allowing(prefixes.toArray(String[]::new));
        }
        return policy;
    }

    @GetMapping("/{function}")
    public FunctionView read(@PathVariable String function) {
        return catalog.describe(function);
    }

    /** Fixes kwargs: {@code {"kwargs": {...}}}; answers the new function. */
    @io.swagger.v3.oas.annotations.Operation(summary = "Fix kwargs (partial application): a new function")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/json", examples = @io.swagger.v3.oas.annotations.media.ExampleObject(
                    value = "{\"kwargs\": {\"transformer\": {\"$record\": {\"type\": \"dev.samos.function.Pure\", \"fields\": {\"name\": \"Square\", \"bundle\": \"map_3:…\", \"fixed\": {}, \"preValidators\": [], \"postValidators\": []}}}}}")))
    @PostMapping(path = "/{function}/fixed", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<FunctionView> fix(@PathVariable String function, @RequestBody(required = false) String body) {
        JsonNode request = JsonBodies.object(body);
        JsonBodies.onlyFields(request, "kwargs");
        Pure fixed = catalog.function(function).fixKwargs(JsonBodies.kwargs(request, "kwargs"));
        FunctionView view = catalog.derived(fixed, catalog.describe(function));
        return ResponseEntity.created(URI.create("/api/v1/functions/" + view.address())).body(view);
    }

    /**
     * Calls synchronously: {@code {"kwargs": {...}, "timeoutMillis": 5000}}. Answers 200 with the result, or 202 with
     * the execution's address (and Location) if it is still running at the time limit — the call goes on.
     */
    @io.swagger.v3.oas.annotations.Operation(summary = "Call synchronously (200 with the result, or 202 at the time limit)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/json", examples = @io.swagger.v3.oas.annotations.media.ExampleObject(
                    value = "{\"kwargs\": {\"x\": 12}, \"timeoutMillis\": 5000}")))
    @PostMapping(path = "/{function}/calls", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ExecutionView> call(@PathVariable String function,
            @RequestBody(required = false) String body) throws Exception {
        JsonNode request = JsonBodies.object(body);
        JsonBodies.onlyFields(request, "kwargs", "timeoutMillis");
        Pure pure = catalog.function(function);
        Kwargs kwargs = JsonBodies.kwargs(request, "kwargs");
        long limit = Math.min(properties.callTimeout().toMillis(),
                JsonBodies.optionalLong(request, "timeoutMillis", properties.callTimeout().toMillis()));
        ExecutionAddress address = portal.executionAddress(pure, kwargs);
        if (portal.ready(address)) { // a stored result answers at once: no thread, no wait
            return ResponseEntity.ok(new ExecutionView(address.toString(), "DONE",
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
            return ResponseEntity.ok(new ExecutionView(address.toString(), "DONE", ValueJson.toJson(value), null));
        } catch (TimeoutException stillRunning) {
            return accepted(address);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Swarms one call: {@code {"kwargs": {...}}}; answers 202 with the execution's address. */
    @io.swagger.v3.oas.annotations.Operation(summary = "Swarm one call (202 + Location of the execution)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/json", examples = @io.swagger.v3.oas.annotations.media.ExampleObject(
                    value = "{\"kwargs\": {\"x\": 7}}")))
    @PostMapping(path = "/{function}/swarm", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ExecutionView> swarm(@PathVariable String function,
            @RequestBody(required = false) String body) {
        JsonNode request = JsonBodies.object(body);
        JsonBodies.onlyFields(request, "kwargs");
        Pure pure = catalog.function(function);
        Kwargs kwargs = JsonBodies.kwargs(request, "kwargs");
        roomFor(1);
        return accepted(portal.swarm(pure, kwargs));
    }

    /** Swarms many calls (the cluster's map): {@code {"calls": [{...kwargs}, ...]}}; their addresses in order. */
    @io.swagger.v3.oas.annotations.Operation(summary = "Swarm many calls (the cluster map): their execution addresses in order")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/json", examples = @io.swagger.v3.oas.annotations.media.ExampleObject(
                    value = "{\"calls\": [{\"x\": 1}, {\"x\": 2}, {\"x\": 3}]}")))
    @PostMapping(path = "/{function}/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, List<String>>> batch(@PathVariable String function,
            @RequestBody(required = false) String body) {
        JsonNode request = JsonBodies.object(body);
        JsonBodies.onlyFields(request, "calls");
        JsonNode calls = request.get("calls");
        if (calls == null || !calls.isArray()) {
            throw new BadRequestException("calls", "must be an array of kwargs objects");
        }
        if (calls.size() > properties.maxBatch()) {
            throw new BadRequestException("calls", calls.size() + " calls; at most " + properties.maxBatch()
                    + " per request (samos.gateway.max-batch)");
        }
        List<Kwargs> kwargs = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            kwargs.add(JsonBodies.kwargs(calls, i, "calls[" + i + "]"));
        }
        Pure pure = catalog.function(function);
        roomFor(kwargs.size());
        List<String> addresses = portal.swarmAll(pure, kwargs).stream()
                .map(ExecutionAddress::toString).toList();
        return ResponseEntity.accepted().body(Map.of("executions", addresses));
    }

    private ResponseEntity<ExecutionView> accepted(ExecutionAddress address) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/executions/" + address))
                .body(new ExecutionView(address.toString(), statusOf(address), null, null));
    }

    private String statusOf(ExecutionAddress address) {
        return portal.record(address).map(r -> r.status().name()).orElse("PENDING");
    }

}
