package dev.samos.portalservice.store;

import java.util.Objects;

/**
 * Where in S3 the portal keeps its objects: a bucket and a key prefix, so several portals (or tests) can share one
 * bucket. The prefix is empty or ends with {@code /}; {@code samos} is taken as {@code samos/}.
 */
public record S3Location(String bucket, String prefix) {

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("the S3 bucket name is blank");
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("the S3 key prefix '" + prefix
                    + "' starts with '/': S3 keys have no leading slash, so no object would be found where expected");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
    }

    /** The full key of {@code rest} under the prefix. */
    public String key(String rest) {
        return prefix + rest;
    }

    /** {@code s3://bucket/key}, for messages. */
    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return uri(prefix);
    }
}
