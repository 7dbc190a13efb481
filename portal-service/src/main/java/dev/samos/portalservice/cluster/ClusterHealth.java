package dev.samos.portalservice.cluster;

import dev.samos.portalservice.index.RedisExecutionIndex;
import dev.samos.portalservice.store.S3Location;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import software.amazon.awssdk.services.s3.S3Client;

/** Health of the cluster backend's two servers, shown under {@code /actuator/health} as {@code s3} and {@code redis}. */
final class ClusterHealth {

    private ClusterHealth() {
    }

    /** UP when the bucket answers a HEAD. */
    static final class S3 implements HealthIndicator {
        private final S3Client s3;
        private final S3Location location;

        S3(S3Client s3, S3Location location) {
            this.s3 = s3;
            this.location = location;
        }

        @Override
        public Health health() {
            try {
                s3.headBucket(b -> b.bucket(location.bucket()));
                return Health.up().withDetail("bucket", location.toString()).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("bucket", location.toString())
                        .withDetail("error", String.valueOf(e.getMessage())).build();
            }
        }
    }

    /** UP when Redis answers and holds the index; OUT_OF_SERVICE-like detail while it is being rebuilt. */
    static final class Redis implements HealthIndicator {
        private final RedisExecutionIndex index;
        private final IndexRebuild rebuild;

        Redis(RedisExecutionIndex index, IndexRebuild rebuild) {
            this.index = index;
            this.rebuild = rebuild;
        }

        @Override
        public Health health() {
            try {
                boolean marked = index.marked();
                return Health.up().withDetail("index", marked ? "built" : rebuild.running() ? "rebuilding"
                        : "waiting for a rebuild from S3").withDetail("queueDepth", index.queueDepth()).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
            }
        }
    }
}
