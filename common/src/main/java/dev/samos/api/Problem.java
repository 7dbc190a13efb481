package dev.samos.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.samos.bundle.SourceError;
import java.util.List;

/**
 * An error as the gateway answers it: an RFC 9457 {@code application/problem+json} body whose {@code type} is one
 * of {@link ProblemType}, plus the fields that say what exactly was wrong. Unknown members are ignored (RFC 9457
 * lets a server add some).
 *
 * @param type {@code https://samos.dev/problems/<slug>} ({@link ProblemType}), or {@code about:blank}
 * @param title the type's title
 * @param status the HTTP status
 * @param detail what went wrong, for people
 * @param instance the request path, where given
 * @param field the request field at fault, as a path ({@code kwargs.x}, {@code calls[2].y.$bytes}, {@code source},
 *     {@code Authorization}, {@code path})
 * @param reason what is wrong with that field, without the field's name (not-a-value, bad-argument,
 *     malformed-address, rejected-path)
 * @param address the address that was not found (unknown-address) or is malformed (malformed-address), or the
 *     rejected path (rejected-path)
 * @param errors compile errors with line and column (compilation-failed)
 * @param violations what the autonomy check found (not-autonomous)
 * @param execution the failed execution's address (function-failed)
 * @param exceptionClass the class of what the function threw (function-failed)
 * @param exceptionMessage its message (function-failed)
 * @param stackTrace its stack trace (function-failed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(String type, String title, Integer status, String detail, String instance, String field,
        String reason, String address, List<SourceError> errors, List<String> violations, String execution,
        String exceptionClass, String exceptionMessage, String stackTrace) {

    /** This problem, naming the request field at fault. */
    public Problem withField(String field) {
        return new Problem(type, title, status, detail, instance, field, reason, address, errors, violations,
                execution, exceptionClass, exceptionMessage, stackTrace);
    }

    /** This problem, saying what is wrong with its field (without naming it). */
    public Problem withReason(String reason) {
        return new Problem(type, title, status, detail, instance, field, reason, address, errors, violations,
                execution, exceptionClass, exceptionMessage, stackTrace);
    }

    /** This problem, naming the address (or path) at fault. */
    public Problem withAddress(String address) {
        return new Problem(type, title, status, detail, instance, field, reason, address, errors, violations,
                execution, exceptionClass, exceptionMessage, stackTrace);
    }

    /** This problem, with the compiler's errors. */
    public Problem withErrors(List<SourceError> errors) {
        return new Problem(type, title, status, detail, instance, field, reason, address, errors, violations,
                execution, exceptionClass, exceptionMessage, stackTrace);
    }

    /** This problem, with the autonomy check's violations. */
    public Problem withViolations(List<String> violations) {
        return new Problem(type, title, status, detail, instance, field, reason, address, errors, violations,
                execution, exceptionClass, exceptionMessage, stackTrace);
    }

    /** This problem, with what a function threw. */
    public Problem withFailure(String execution, String exceptionClass, String exceptionMessage, String stackTrace) {
        return new Problem(type, title, status, detail, instance, field, reason, address, errors, violations,
                execution, exceptionClass, exceptionMessage, stackTrace);
    }
}
