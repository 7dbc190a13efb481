package dev.samos.gateway.problem;

import dev.samos.address.MalformedAddressException;
import dev.samos.autonomy.NotAutonomousException;
import dev.samos.bundle.BundleException;
import dev.samos.bundle.CompilationException;
import dev.samos.cluster.tasks.TaskPublishException;
import dev.samos.codec.CorruptValueException;
import dev.samos.function.ArgumentException;
import dev.samos.function.FunctionFailedException;
import dev.samos.portal.ExecutionTimeoutException;
import dev.samos.portal.NoWorkerAliveException;
import dev.samos.portal.PortalStorageException;
import dev.samos.portal.UnknownAddressException;
import dev.samos.validator.ValidationFailedException;
import dev.samos.value.NotAValueException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json} (RFC 9457): a type, a title, the detail, and — where there is
 * one — the {@code field} at fault. Bad input is a 4xx naming the problem; a 500 is only ever a bug, and is logged.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final String TYPES = "https://samos.dev/problems/";

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ProblemDetail> badRequest(BadRequestException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage());
        p.setProperty("field", e.field());
        return respond(p);
    }

    @ExceptionHandler(NotAValueException.class)
    ResponseEntity<ProblemDetail> notAValue(NotAValueException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "not-a-value", "Not a value", e.getMessage());
        p.setProperty("field", e.path());
        return respond(p);
    }

    @ExceptionHandler(MalformedAddressException.class)
    ResponseEntity<ProblemDetail> malformedAddress(MalformedAddressException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "malformed-address", "Malformed address", e.getMessage());
        p.setProperty("field", "address");
        return respond(p);
    }

    @ExceptionHandler(ArgumentException.class)
    ResponseEntity<ProblemDetail> argument(ArgumentException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "bad-argument", "Bad argument", e.getMessage());
        p.setProperty("field", "kwargs." + e.argument());
        return respond(p);
    }

    @ExceptionHandler(UnknownAddressException.class)
    ResponseEntity<ProblemDetail> unknown(UnknownAddressException e) {
        ProblemDetail p = problem(HttpStatus.NOT_FOUND, "unknown-address", "Unknown address", e.getMessage());
        p.setProperty("field", "address");
        return respond(p);
    }

    @ExceptionHandler(CompilationException.class)
    ResponseEntity<ProblemDetail> compilation(CompilationException e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "compilation-failed", "Source does not compile",
                e.getMessage());
        p.setProperty("field", "source");
        p.setProperty("errors", e.errors().stream()
                .map(error -> Map.of("line", error.line(), "column", error.column(), "message", error.message()))
                .toList());
        return respond(p);
    }

    @ExceptionHandler(NotAutonomousException.class)
    ResponseEntity<ProblemDetail> notAutonomous(NotAutonomousException e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "not-autonomous",
                "Function is not autonomous", e.getMessage());
        p.setProperty("field", "source");
        p.setProperty("violations", e.violations().stream().map(Object::toString).toList());
        return respond(p);
    }

    @ExceptionHandler(BundleException.class)
    ResponseEntity<ProblemDetail> bundle(BundleException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "bad-bundle", "Bad function bundle", e.getMessage());
        p.setProperty("field", "bundle");
        return respond(p);
    }

    @ExceptionHandler(FunctionFailedException.class)
    ResponseEntity<ProblemDetail> failed(FunctionFailedException e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "function-failed", "The function failed",
                e.getMessage());
        p.setProperty("execution", e.execution());
        p.setProperty("exceptionClass", e.exceptionClass());
        p.setProperty("exceptionMessage", e.exceptionMessage());
        p.setProperty("stackTrace", e.functionStackTrace());
        return respond(p);
    }

    @ExceptionHandler(ValidationFailedException.class)
    ResponseEntity<ProblemDetail> validation(ValidationFailedException e) {
        return respond(problem(HttpStatus.CONFLICT, "validation-failed", "A validator said no", e.getMessage()));
    }

    @ExceptionHandler(NotReadyException.class)
    ResponseEntity<ProblemDetail> notReady(NotReadyException e) {
        return respond(problem(HttpStatus.CONFLICT, "not-ready", "Execution not in that state", e.getMessage()));
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        ProblemDetail p = problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                e.getMessage());
        p.setProperty("field", "body");
        return respond(p);
    }

    @ExceptionHandler(QueueFullException.class)
    ResponseEntity<ProblemDetail> queueFull(QueueFullException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "queue-full", "Swarm queue full", e.getMessage()));
    }

    @ExceptionHandler({NoWorkerAliveException.class, ExecutionTimeoutException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "not-available", "Not available now", e.getMessage()));
    }

    /** The cluster's shared state or its task topic cannot be reached now: the client may try again. */
    @ExceptionHandler({PortalStorageException.class, TaskPublishException.class})
    ResponseEntity<ProblemDetail> backendDown(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "backend-unavailable",
                        "Storage or task queue unavailable", e.getMessage()));
    }

    @ExceptionHandler(CorruptValueException.class)
    ResponseEntity<ProblemDetail> corrupt(CorruptValueException e) {
        return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "damaged-value",
                "A stored value was damaged; it is removed and will be recomputed", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return respond(problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage()));
    }

    private final MemoryPressure memoryPressure = new MemoryPressure();

    /** Spring hands an Error from a handler over wrapped ("Handler dispatch failed"); a bare one ends here too. */
    @ExceptionHandler(OutOfMemoryError.class)
    ResponseEntity<ProblemDetail> outOfMemory(OutOfMemoryError e) {
        memoryPressure.noted(e);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "insufficient-memory", "Insufficient memory",
                        "the server ran out of memory for this request; try again later, or with a smaller value"));
    }

    /** Anything else is a bug in Samos, not in the request: logged with its stack trace. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        OutOfMemoryError oom = MemoryPressure.cause(e);
        if (oom != null) {
            return outOfMemory(oom);
        }
        log.error("unexpected error", e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

}
