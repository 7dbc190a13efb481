package dev.samos.gateway.problem;

import dev.samos.address.MalformedAddressException;
import dev.samos.api.Problem;
import dev.samos.api.ProblemType;
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
import dev.samos.value.ValueJson;
import java.net.URI;
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
 * Every error as {@code application/problem+json} (RFC 9457): one of the {@link ProblemType}s the Java client
 * knows too, the detail, and — where there is one — the {@code field} at fault, with the members of {@link Problem}
 * that say exactly what was wrong. Bad input is a 4xx naming the problem; a 500 is only ever a bug, and is logged.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /**
     * The problem as Spring's {@link ProblemDetail}, its extension members those of the {@link Problem} record
     * (so MVC still answers problem+json whatever the request's Accept header asked for).
     */
    static ProblemDetail detail(Problem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(problem.status()), problem.detail());
        detail.setType(URI.create(problem.type()));
        detail.setTitle(problem.title());
        Map<?, ?> members = ValueJson.mapper().convertValue(problem, Map.class);
        members.forEach((name, value) -> {
            if (!STANDARD_MEMBERS.contains(name)) {
                detail.setProperty((String) name, value);
            }
        });
        return detail;
    }

    private static final java.util.Set<String> STANDARD_MEMBERS = java.util.Set.of("type", "title", "status",
            "detail", "instance");

    private static ResponseEntity<ProblemDetail> respond(Problem problem) {
        return ResponseEntity.status(problem.status()).body(detail(problem));
    }

    private static ResponseEntity<ProblemDetail> retryLater(Problem problem) {
        return ResponseEntity.status(problem.status()).header("Retry-After", "1").body(detail(problem));
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ProblemDetail> badRequest(BadRequestException e) {
        return respond(ProblemType.BAD_REQUEST.problem(e.getMessage()).withField(e.field()));
    }

    @ExceptionHandler(NotAValueException.class)
    ResponseEntity<ProblemDetail> notAValue(NotAValueException e) {
        return respond(ProblemType.NOT_A_VALUE.problem(e.getMessage()).withField(e.path()).withReason(e.problem()));
    }

    @ExceptionHandler(MalformedAddressException.class)
    ResponseEntity<ProblemDetail> malformedAddress(MalformedAddressException e) {
        return respond(ProblemType.MALFORMED_ADDRESS.problem(e.getMessage()).withField("address")
                .withAddress(e.text()).withReason(e.problem()));
    }

    @ExceptionHandler(ArgumentException.class)
    ResponseEntity<ProblemDetail> argument(ArgumentException e) {
        return respond(ProblemType.BAD_ARGUMENT.problem(e.getMessage()).withField("kwargs." + e.argument())
                .withReason(e.problem()));
    }

    @ExceptionHandler(UnknownAddressException.class)
    ResponseEntity<ProblemDetail> unknown(UnknownAddressException e) {
        return respond(ProblemType.UNKNOWN_ADDRESS.problem(e.getMessage()).withField("address")
                .withAddress(e.address()));
    }

    @ExceptionHandler(CompilationException.class)
    ResponseEntity<ProblemDetail> compilation(CompilationException e) {
        return respond(ProblemType.COMPILATION_FAILED.problem(e.getMessage()).withField("source")
                .withErrors(e.errors()));
    }

    @ExceptionHandler(NotAutonomousException.class)
    ResponseEntity<ProblemDetail> notAutonomous(NotAutonomousException e) {
        return respond(ProblemType.NOT_AUTONOMOUS.problem(e.getMessage()).withField("source")
                .withViolations(e.violations().stream().map(Object::toString).toList()));
    }

    @ExceptionHandler(BundleException.class)
    ResponseEntity<ProblemDetail> bundle(BundleException e) {
        return respond(ProblemType.BAD_BUNDLE.problem(e.getMessage()).withField("bundle"));
    }

    @ExceptionHandler(FunctionFailedException.class)
    ResponseEntity<ProblemDetail> failed(FunctionFailedException e) {
        return respond(ProblemType.FUNCTION_FAILED.problem(e.getMessage()).withFailure(e.execution(),
                e.exceptionClass(), e.exceptionMessage(), e.functionStackTrace()));
    }

    @ExceptionHandler(ValidationFailedException.class)
    ResponseEntity<ProblemDetail> validation(ValidationFailedException e) {
        return respond(ProblemType.VALIDATION_FAILED.problem(e.getMessage()));
    }

    @ExceptionHandler(NotReadyException.class)
    ResponseEntity<ProblemDetail> notReady(NotReadyException e) {
        return respond(ProblemType.NOT_READY.problem(e.getMessage()));
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        return respond(ProblemType.BODY_TOO_LARGE.problem(e.getMessage()).withField("body"));
    }

    @ExceptionHandler(QueueFullException.class)
    ResponseEntity<ProblemDetail> queueFull(QueueFullException e) {
        return retryLater(ProblemType.QUEUE_FULL.problem(e.getMessage()));
    }

    @ExceptionHandler({NoWorkerAliveException.class, ExecutionTimeoutException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        return respond(ProblemType.NOT_AVAILABLE.problem(e.getMessage()));
    }

    /** The cluster's shared state or its task topic cannot be reached now: the client may try again. */
    @ExceptionHandler({PortalStorageException.class, TaskPublishException.class})
    ResponseEntity<ProblemDetail> backendDown(RuntimeException e) {
        return retryLater(ProblemType.BACKEND_UNAVAILABLE.problem(e.getMessage()));
    }

    @ExceptionHandler(CorruptValueException.class)
    ResponseEntity<ProblemDetail> corrupt(CorruptValueException e) {
        return respond(ProblemType.DAMAGED_VALUE.problem(e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return respond(ProblemType.BAD_REQUEST.problem(e.getMessage()));
    }

    private final MemoryPressure memoryPressure = new MemoryPressure();

    /** Spring hands an Error from a handler over wrapped ("Handler dispatch failed"); a bare one ends here too. */
    @ExceptionHandler(OutOfMemoryError.class)
    ResponseEntity<ProblemDetail> outOfMemory(OutOfMemoryError e) {
        memoryPressure.noted(e);
        Problem problem = ProblemType.INSUFFICIENT_MEMORY.problem(
                "the server ran out of memory for this request; try again later, or with a smaller value");
        return ResponseEntity.status(problem.status()).header("Retry-After", "5").body(detail(problem));
    }

    /** Anything else is a bug in Samos, not in the request: logged with its stack trace. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        OutOfMemoryError oom = MemoryPressure.cause(e);
        if (oom != null) {
            return outOfMemory(oom);
        }
        log.error("unexpected error", e);
        return respond(ProblemType.INTERNAL.problem(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

}
