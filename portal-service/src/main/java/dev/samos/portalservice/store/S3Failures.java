package dev.samos.portalservice.store;

import dev.samos.portal.PortalStorageException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the S3 client throws into the portal's one storage error, naming the operation, the object and what S3
 * said. By then the SDK has already retried (throttling and 5xx answers, with backoff), so this is for good.
 */
final class S3Failures {

    private S3Failures() {
    }

    static PortalStorageException of(String operation, S3Location location, String key, SdkException e) {
        return new PortalStorageException("S3 " + operation + " of " + location.uri(key) + " failed: "
                + describe(e), e);
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String what = service.isThrottlingException() ? "throttled"
                    : service.statusCode() == 403 ? "access denied"
                    : service.statusCode() >= 500 ? "the service is unavailable or failing"
                    : "refused";
            return what + " (HTTP " + service.statusCode() + (code == null ? "" : " " + code) + "): "
                    + service.getMessage();
        }
        if (e instanceof SdkClientException) {
            return "the S3 endpoint could not be reached or did not answer: " + e.getMessage();
        }
        return e.getMessage();
    }
}
