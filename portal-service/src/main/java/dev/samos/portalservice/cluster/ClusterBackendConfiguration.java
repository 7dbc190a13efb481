package dev.samos.portalservice.cluster;

import dev.samos.codec.StorageCodec;
import dev.samos.index.ExecutionIndex;
import dev.samos.portalservice.index.RedisExecutionIndex;
import dev.samos.portalservice.index.RedisIndexProperties;
import dev.samos.portalservice.store.FunctionLog;
import dev.samos.portalservice.store.OutcomeLog;
import dev.samos.portalservice.store.S3Location;
import dev.samos.portalservice.store.S3ValueStore;
import dev.samos.store.ValueStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The {@code cluster} backend ({@code samos.portal.backend=cluster}): values in S3 ({@link S3ValueStore}), the
 * execution index in Redis ({@link RedisExecutionIndex}) made durable by the outcome log in S3
 * ({@link DurableExecutionIndex}), rebuilt from S3 when Redis lost it ({@link IndexRebuild}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "samos.portal", name = "backend", havingValue = "cluster")
@EnableConfigurationProperties({ClusterProperties.class, RedisIndexProperties.class})
class ClusterBackendConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterBackendConfiguration.class);

    @Bean(destroyMethod = "close")
    S3Client s3Client(ClusterProperties properties, MeterRegistry meters) {
        ClusterProperties.S3 s3 = properties.s3();
        var builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(retry -> retry.maxAttempts(s3.maxAttempts()))
                        .addExecutionInterceptor(new S3Timing(meters)).build());
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        builder.credentialsProvider(s3.accessKey() != null && !s3.accessKey().isBlank()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()))
                : DefaultCredentialsProvider.builder().build());
        return builder.build();
    }

    @Bean
    S3Location s3Location(ClusterProperties properties, S3Client s3) {
        S3Location location = new S3Location(properties.s3().bucket(), properties.s3().prefix());
        try {
            s3.headBucket(b -> b.bucket(location.bucket()));
        } catch (NoSuchBucketException missing) {
            LOG.info("Creating the bucket {}", location.bucket());
            s3.createBucket(b -> b.bucket(location.bucket()));
        } catch (RuntimeException unreachable) {
            // Not fatal: the health indicator says DOWN and every request answers 503 until S3 is there.
            LOG.warn("S3 bucket {} could not be checked at start: {}", location.bucket(), unreachable.toString());
        }
        return location;
    }

    @Bean
    RedisStoreTally storeTally(RedisConnectionFactory connections, RedisIndexProperties index) {
        return new RedisStoreTally(connections, index.prefix());
    }

    @Bean(destroyMethod = "close")
    ValueStore valueStore(S3Client s3, S3Location location, RedisStoreTally tally, ClusterProperties properties,
            MeterRegistry meters) {
        S3ValueStore store = new S3ValueStore(s3, location, new StorageCodec(), tally,
                S3ValueStore.DEFAULT_CONCURRENCY, properties.s3().knownAddresses());
        meters.gauge("samos.portal.values.stored", store, s -> s.size().values());
        meters.gauge("samos.portal.values.bytes", store, s -> s.size().bytes());
        return store;
    }

    @Bean(destroyMethod = "close")
    OutcomeLog outcomeLog(S3Client s3, S3Location location, ObjectProvider<Clock> clock,
            ClusterProperties properties) {
        return new OutcomeLog(s3, location, new StorageCodec(), clock.getIfAvailable(Clock::systemUTC),
                OutcomeLog.DEFAULT_PAGE_SIZE, S3ValueStore.DEFAULT_CONCURRENCY, properties.outcomePace());
    }

    @Bean
    FunctionLog functionLog(S3Client s3, S3Location location) {
        return new FunctionLog(s3, location);
    }

    @Bean(destroyMethod = "close")
    DurableExecutionIndex executionIndex(RedisConnectionFactory connections, RedisIndexProperties index,
            OutcomeLog outcomes, FunctionLog functions, ObjectProvider<Clock> clock, MeterRegistry meters) {
        // Lease expiry is compared across machines: every portal-service and executor must keep NTP time.
        RedisExecutionIndex redis = new RedisExecutionIndex(connections, index.prefix(),
                clock.getIfAvailable(Clock::systemUTC));
        return new DurableExecutionIndex(redis, outcomes, functions, meters);
    }

    @Bean
    IndexRebuild indexRebuild(DurableExecutionIndex index, OutcomeLog outcomes, FunctionLog functions,
            MeterRegistry meters, ValueStore values, RedisStoreTally tally) {
        return new IndexRebuild(index.redis(), outcomes, functions, meters,
                () -> tally.reset(((S3ValueStore) values).recount()));
    }

    /** Looks for the index's mark at start and then every {@code samos.portal.rebuild-check}. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService rebuildChecks(IndexRebuild rebuild, ClusterProperties properties) {
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "samos-index-rebuild");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.rebuildCheck().toMillis();
        checks.scheduleWithFixedDelay(() -> {
            try {
                rebuild.checkNow();
            } catch (RuntimeException e) {
                LOG.warn("The index rebuild check failed (looks again in {} ms): {}", every, e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        return checks;
    }

    @Bean
    ClusterHealth.S3 s3HealthIndicator(S3Client s3, S3Location location) {
        return new ClusterHealth.S3(s3, location);
    }

    @Bean
    ClusterHealth.Redis redisHealthIndicator(DurableExecutionIndex index, IndexRebuild rebuild) {
        return new ClusterHealth.Redis(index.redis(), rebuild);
    }
}
