package dev.samos.gateway.api;

import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.gateway.problem.NotReadyException;
import dev.samos.portal.Portal;
import dev.samos.portal.UnknownAddressException;
import dev.samos.value.ValueJson;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Executions by address: status, result, record, a stream of status changes, and cancelling a pending one. */
@RestController
@RequestMapping("/api/v1/executions")
public class ExecutionController {

    private final Portal portal;
    private final StorageCodec codec = new StorageCodec();

    ExecutionController(Portal portal) {
        this.portal = portal;
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

    /** Everything recorded: status, function, kwargs, result address, every attempt. */
    @GetMapping(path = "/{execution}/record", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> fullRecord(@PathVariable String execution) {
        ExecutionRecord record = record(execution);
        return Map.of("execution", execution, "status", record.status().name(), "function", record.function(),
                "kwargs", record.kwargs(), "result", record.result() == null ? "" : record.result(),
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
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    /** Cancels a pending execution; 409 if a worker started it already or it is finished. */
    @DeleteMapping(path = "/{execution}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ExecutionView cancel(@PathVariable String execution) {
        ExecutionRecord record = record(execution);
        if (!portal.cancel(record.address())) {
            throw new NotReadyException(execution, record(execution).status().name() + " (only PENDING can be cancelled)");
        }
        ExecutionRecord after = record(execution);
        return new ExecutionView(execution, after.status().name(), null, after.attempts().size());
    }

}
