package dev.samos.gateway.api;

import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.address.MalformedAddressException;
import dev.samos.gateway.config.GatewayProperties;
import dev.samos.gateway.problem.BadRequestException;
import dev.samos.gateway.problem.NotReadyException;
import dev.samos.portal.ExecutionTimeoutException;
import dev.samos.portal.NoWorkerAliveException;
import dev.samos.portal.Portal;
import dev.samos.portal.UnknownAddressException;
import dev.samos.value.ValueJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/** Executions by address: status, result, record, a stream of status changes, and cancelling a pending one. */
@RestController
@RequestMapping("/api/v1/executions")
public class ExecutionController {

    private final Portal portal;
    private final GatewayProperties properties;
    private final StorageCodec codec = new StorageCodec();

    ExecutionController(Portal portal, GatewayProperties properties) {
        this.portal = portal;
        this.properties = properties;
    }

    private ExecutionRecord record(String execution) {
        ExecutionAddress address = ExecutionAddress.parse(execution);
        return portal.record(address).orElseThrow(() -> new UnknownAddressException(execution,
                "this gateway's portal (no call with this address was made or swarmed)"));
    }

    /** Status, and the result when it is DONE. */
    @GetMapping(path = "/{execution}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ExecutionView status(@PathVariable String execution) {
        ExecutionRecord record = record(execution);
        return new ExecutionView(execution, record.status().name(),
                record.status() == ExecutionStatus.DONE ? ValueJson.toJson(result(record)) : null,
                record.attempts().size());
    }

    private Object result(ExecutionRecord record) {
        return portal.get(record.address(), Duration.ZERO);
    }

    /** The result in the JSON form of values; 409 while pending or running; the failure when FAILED. */
    @GetMapping(path = "/{execution}/result", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> result(@PathVariable String execution) {
        return ResponseEntity.ok(ValueJson.toJson(doneResult(execution)));
    }

    /** The result in the compact binary form (the storage codec: Kryo + LZ4, docs in common/README.md). */
    @GetMapping(path = "/{execution}/result", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public ResponseEntity<byte[]> binaryResult(@PathVariable String execution) {
        return ResponseEntity.ok(codec.encode(doneResult(execution)));
    }

    private Object doneResult(String execution) {
        ExecutionRecord record = record(execution);
        if (record.status() == ExecutionStatus.PENDING || record.status() == ExecutionStatus.RUNNING) {
            throw new NotReadyException(execution, record.status().name());
        }
        return result(record); // FAILED throws the function's failure
    }

    /** What a collection of many results came to: all of them, or the executions still not done. */
    private record Collected(List<Object> results, List<String> pending) {
    }

    /**
     * Waits up to {@code waitMillis} (at most {@code samos.gateway.call-timeout}) for every execution named, in one
     * look at the folder per few hundred of them ({@link Portal#getAll}).
     */
    private Collected collect(String body) {
        JsonNode request = JsonBodies.object(body);
        JsonBodies.onlyFields(request, "executions", "waitMillis");
        JsonNode executions = request.get("executions");
        if (executions == null || !executions.isArray()) {
            throw new BadRequestException("executions", "must be an array of execution addresses");
        }
        if (executions.size() > properties.maxBatch()) {
            throw new BadRequestException("executions", executions.size() + " executions; at most "
                    + properties.maxBatch() + " per request (samos.gateway.max-batch)");
        }
        List<ExecutionAddress> addresses = new ArrayList<>(executions.size());
        for (int i = 0; i < executions.size(); i++) {
            JsonNode address = executions.get(i);
            if (!address.isString()) {
                throw new BadRequestException("executions[" + i + "]", "must be an execution address string");
            }
            try {
                addresses.add(ExecutionAddress.parse(address.stringValue()));
            } catch (MalformedAddressException e) {
                throw new BadRequestException("executions[" + i + "]", e.getMessage());
            }
        }
        long wait = Math.clamp(JsonBodies.optionalLong(request, "waitMillis", 0), 0,
                properties.callTimeout().toMillis());
        try {
            return new Collected(portal.getAll(addresses, Duration.ofMillis(wait)), List.of());
        } catch (ExecutionTimeoutException | NoWorkerAliveException notAllDone) {
            return new Collected(null, addresses.stream().filter(a -> !portal.ready(a))
                    .map(ExecutionAddress::toString).toList());
        }
    }

    /**
     * The results of many executions in their order (collecting a swarm): {@code {"executions": [...],
     * "waitMillis": 10000}}. 200 with {@code {"results": [...]}} once all are DONE; 202 with the ones still pending
     * after the wait (ask again); a FAILED one answers its failure, an unknown one 404, naming it.
     */
    @io.swagger.v3.oas.annotations.Operation(summary = "The results of many executions (collect a swarm)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/json", examples = @io.swagger.v3.oas.annotations.media.ExampleObject(
                    value = "{\"executions\": [\"call_Square:…\"], \"waitMillis\": 10000}")))
    @PostMapping(path = "/results", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> results(@RequestBody(required = false) String body) {
        Collected collected = collect(body);
        if (collected.results() == null) {
            return ResponseEntity.accepted().body(Map.of("pending", collected.pending()));
        }
        return ResponseEntity.ok(Map.of("results", collected.results().stream().map(ValueJson::toJson).toList()));
    }

    /** The same in the compact binary form: the storage codec's bytes of the list (of the pending addresses: 202). */
    @PostMapping(path = "/results", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public ResponseEntity<byte[]> binaryResults(@RequestBody(required = false) String body) {
        Collected collected = collect(body);
        if (collected.results() == null) {
            return ResponseEntity.accepted().body(codec.encode(collected.pending()));
        }
        return ResponseEntity.ok(codec.encode(collected.results()));
    }

    /** Everything recorded: status, function, kwargs, result address, every attempt. */
    @GetMapping(path = "/{execution}/record", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> fullRecord(@PathVariable String execution) {
        ExecutionRecord record = record(execution);
        return Map.of("execution", execution, "status", record.status().name(),
                "function", record.function().toString(), "kwargs", record.kwargs().toString(),
                "result", record.result() == null ? "" : record.result().toString(),
                "attempts", record.attempts().stream().map(ExecutionController::attempt).toList());
    }

    private static Map<String, Object> attempt(Attempt a) {
        var view = new java.util.LinkedHashMap<String, Object>();
        view.put("number", a.number());
        view.put("worker", a.worker());
        view.put("start", java.time.Instant.ofEpochMilli(a.startMillis()).toString());
        view.put("end", java.time.Instant.ofEpochMilli(a.endMillis()).toString());
        view.put("outcome", a.outcome());
        view.put("stdout", a.stdout());
        view.put("stderr", a.stderr());
        view.put("exceptionClass", a.exceptionClass());
        view.put("exceptionMessage", a.exceptionMessage());
        view.put("stackTrace", a.stackTrace());
        view.put("validatorOutcomes", a.validatorOutcomes());
        return view;
    }

    /** Server-Sent Events: one {@code status} event per change, until DONE or FAILED. */
    @GetMapping(path = "/{execution}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable String execution) {
        record(execution); // 404 before the stream starts, not inside it
        SseEmitter emitter = new SseEmitter(Duration.ofHours(1).toMillis());
        Thread.ofVirtual().name("samos-sse").start(() -> {
            String last = null;
            try {
                while (true) {
                    ExecutionRecord record = record(execution);
                    String status = record.status().name();
                    if (!status.equals(last)) {
                        emitter.send(SseEmitter.event().name("status")
                                .data(Map.of("execution", execution, "status", status), MediaType.APPLICATION_JSON));
                        last = status;
                    }
                    if (record.status().isFinal()) {
                        emitter.complete();
                        return;
                    }
                    awaitChange(record);
                }
            } catch (IOException | RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    /**
     * Waits until the execution settles — woken by the settle itself (in this JVM, or portal-service's news on the
     * cluster), not by looking every few milliseconds — or for a moment, after which the stream looks whether it
     * started running.
     */
    private void awaitChange(ExecutionRecord record) {
        try {
            portal.get(record.address(), Duration.ofMillis(record.status() == ExecutionStatus.PENDING ? 250 : 2_000));
        } catch (RuntimeException stillRunningOrFailed) {
            // Timed out, or FAILED: the next look at the record says which.
        }
    }

    /**
     * Cancels a pending or running execution (a running attempt is stopped by its worker within a third of a lease;
     * one that ignores the interrupt costs its worker JVM); 409 if it is finished.
     */
    @DeleteMapping(path = "/{execution}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ExecutionView cancel(@PathVariable String execution) {
        ExecutionRecord record = record(execution);
        if (!portal.cancel(record.address())) {
            throw new NotReadyException(execution, record(execution).status().name() + " (only PENDING or RUNNING can be cancelled)");
        }
        ExecutionRecord after = record(execution);
        return new ExecutionView(execution, after.status().name(), null, after.attempts().size());
    }

}
