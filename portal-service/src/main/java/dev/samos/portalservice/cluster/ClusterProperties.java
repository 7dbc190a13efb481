package dev.samos.portalservice.cluster;

import dev.samos.portal.service.ServiceOptions;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code samos.portal.s3.*} and {@code samos.portal.rebuild-check}: where the {@code cluster} backend keeps values and
 * outcomes. Redis is Spring Boot's {@code spring.data.redis.*}, which {@code samos.portal.redis.url} sets (see
 * application.properties). Credentials come from the environment: {@code samos.portal.s3.access-key} /
 * {@code secret-key} if set (e.g. {@code SAMOS_PORTAL_S3_ACCESS_KEY}), else the AWS SDK's default chain
 * ({@code AWS_ACCESS_KEY_ID}, profiles, instance roles) — never a literal in a file.
 *
 * @param s3 the bucket and how to reach it
 * @param rebuildCheck how often portal-service looks whether Redis still holds the index (and rebuilds it if not)
 * @param outcomePace the least time between two PUTs of the outcome log: settles that come sooner share the next one
 *     (only a busy service waits; 0, the default: back to back)
 */
@ConfigurationProperties("samos.portal")
public record ClusterProperties(S3 s3, @DefaultValue("5s") Duration rebuildCheck,
        @DefaultValue("0s") Duration outcomePace) {

    /**
     * @param endpoint the S3 endpoint (MinIO, S3Mock…); empty for AWS itself
     * @param bucket the bucket, created at start if missing
     * @param prefix a key prefix inside the bucket, so portals can share one
     * @param region the region the SDK signs for
     * @param pathStyle path-style URLs ({@code endpoint/bucket/key}), as MinIO and S3Mock want
     * @param knownAddresses addresses the value store remembers as stored (values never change); by default as many
     *     as a sixteenth of the heap holds (65,000 in 256 MB, a million in 4 GB)
     * @param maxAttempts tries per S3 call (the SDK's standard retries with backoff); 1 fails at once
     */
    public record S3(URI endpoint, @DefaultValue("samos") String bucket, @DefaultValue("") String prefix,
            @DefaultValue("us-east-1") String region, @DefaultValue("true") boolean pathStyle, String accessKey,
            String secretKey, Long knownAddresses, @DefaultValue("3") int maxAttempts) {

        public S3 {
            if (knownAddresses == null) {
                knownAddresses = ServiceOptions.defaultKnownAddresses();
            }
        }
    }
}
