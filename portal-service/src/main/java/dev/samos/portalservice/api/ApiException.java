package dev.samos.portalservice.api;

import dev.samos.portal.service.ServiceProtocol;
import org.springframework.http.HttpStatus;

/** A request the API refuses, with the status and problem type it answers with. */
abstract sealed class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;

    private ApiException(HttpStatus status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    HttpStatus status() {
        return status;
    }

    String type() {
        return type;
    }

    /** A body of the wrong type for its route, or arguments the operation refuses. */
    static final class InvalidRequest extends ApiException {
        InvalidRequest(String message) {
            super(HttpStatus.BAD_REQUEST, ServiceProtocol.PROBLEM_INVALID_REQUEST, message);
        }
    }

    /** A value sent under an address it does not hash to. */
    static final class AddressMismatch extends ApiException {
        AddressMismatch(String message) {
            super(HttpStatus.BAD_REQUEST, ServiceProtocol.PROBLEM_CORRUPT_VALUE, message);
        }
    }

    /**
     * A stored value the backend found damaged on read (it forgot it, per the ValueStore contract): 502, the service's
     * storage gave bad data, not the caller; the type is corrupt-value so the client raises CorruptValueException.
     */
    static final class StoredValueDamaged extends ApiException {
        StoredValueDamaged(String message) {
            super(HttpStatus.BAD_GATEWAY, ServiceProtocol.PROBLEM_CORRUPT_VALUE, message);
        }
    }

    static final class UnknownOperation extends ApiException {
        UnknownOperation(String message) {
            super(HttpStatus.NOT_FOUND, ServiceProtocol.PROBLEM_UNKNOWN_OPERATION, message);
        }
    }

    static final class UnknownAddress extends ApiException {
        UnknownAddress(String message) {
            super(HttpStatus.NOT_FOUND, ServiceProtocol.PROBLEM_UNKNOWN_ADDRESS, message);
        }
    }

    static final class BodyTooLarge extends ApiException {
        BodyTooLarge(long declared, long limit) {
            super(HttpStatus.CONTENT_TOO_LARGE, ServiceProtocol.PROBLEM_BODY_TOO_LARGE, "the request body "
                    + (declared >= 0 ? "of " + declared + " bytes " : "") + "is larger than the limit of " + limit
                    + " bytes (samos.portal.max-body-size); send values in smaller batches");
        }
    }
}
