package dev.samos.api;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of error the gateway answers, as the {@code type} of its {@code application/problem+json} body
 * ({@code https://samos.dev/problems/<slug>}), with its HTTP status and title. The Java client turns a problem back
 * into a typed exception by this type and the problem's fields, never by its message text.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", 400, "Bad request"),
    NOT_A_VALUE("not-a-value", 400, "Not a value"),
    MALFORMED_ADDRESS("malformed-address", 400, "Malformed address"),
    BAD_ARGUMENT("bad-argument", 400, "Bad argument"),
    BAD_BUNDLE("bad-bundle", 400, "Bad function bundle"),
    REJECTED_PATH("rejected-path", 400, "Rejected path"),
    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
    NOT_FOUND("not-found", 404, "Not found"),
    UNKNOWN_ADDRESS("unknown-address", 404, "Unknown address"),
    VALIDATION_FAILED("validation-failed", 409, "A validator said no"),
    NOT_READY("not-ready", 409, "Execution not in that state"),
    BODY_TOO_LARGE("body-too-large", 413, "Request body too large"),
    COMPILATION_FAILED("compilation-failed", 422, "Source does not compile"),
    NOT_AUTONOMOUS("not-autonomous", 422, "Function is not autonomous"),
    FUNCTION_FAILED("function-failed", 422, "The function failed"),
    INTERNAL("internal", 500, "Internal error"),
    NOT_AVAILABLE("not-available", 503, "Not available now"),
    QUEUE_FULL("queue-full", 503, "Swarm queue full"),
    INSUFFICIENT_MEMORY("insufficient-memory", 503, "Insufficient memory"),
    BACKEND_UNAVAILABLE("backend-unavailable", 503, "Storage or task queue unavailable"),
    DAMAGED_VALUE("damaged-value", 503, "A stored value was damaged; it is removed and will be recomputed");

    /** Where problem types live; a type's URI is this plus its slug. */
    public static final String BASE = "https://samos.dev/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    /** The type a problem's {@code type} names; empty for types not Samos's own (e.g. {@code about:blank}). */
    public static Optional<ProblemType> of(String type) {
        return Arrays.stream(values()).filter(t -> (BASE + t.slug).equals(type)).findFirst();
    }

    /** A problem of this type. */
    public Problem problem(String detail) {
        return new Problem(uri().toString(), title, status, detail, null, null, null, null, null, null, null, null,
                null, null);
    }
}
