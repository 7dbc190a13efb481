package dev.samos.portalservice.api;

import dev.samos.address.MalformedAddressException;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.NotStorableException;
import dev.samos.portal.PortalStorageException;
import dev.samos.portal.service.ServiceProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every refusal of the internal API as problem+json with a {@code type} from {@link ServiceProtocol}, so a client
 * can raise the matching exception: the caller's mistakes are 4xx, a failing backend is 503 (retry later), and only
 * a bug here is a 500. Spring MVC's own refusals (unknown route 404, wrong method 405, wrong content type 415) come
 * from {@link ResponseEntityExceptionHandler} in the same form.
 */
@RestControllerAdvice
final class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(ApiException e) {
        return problem(e.status(), e.type(), e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> corrupt(CorruptValueException e) {
        return problem(HttpStatus.BAD_REQUEST, ServiceProtocol.PROBLEM_CORRUPT_VALUE,
                "the body is not a valid stored value: " + e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> malformed(MalformedAddressException e) {
        return problem(HttpStatus.BAD_REQUEST, ServiceProtocol.PROBLEM_MALFORMED_ADDRESS, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notStorable(NotStorableException e) {
        return problem(HttpStatus.BAD_REQUEST, ServiceProtocol.PROBLEM_INVALID_REQUEST, e.getMessage());
    }

    @ExceptionHandler({PortalStorageException.class, UncheckedIOException.class})
    ResponseEntity<ProblemDetail> backendDown(RuntimeException e) {
        log.warn("portal backend failed: {}", e.toString());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, ServiceProtocol.PROBLEM_BACKEND_UNAVAILABLE,
                "the portal's storage failed, nothing was changed; retry later: " + e.getMessage());
    }

    /** A backend's own exception types are not known here; one caused by I/O is a connection failure all the same. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return backendDown(e);
            }
        }
        log.error("internal API failed", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "about:blank", "internal error: " + e);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(problem);
    }
}
