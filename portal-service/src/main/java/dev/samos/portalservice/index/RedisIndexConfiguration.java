package dev.samos.portalservice.index;

import dev.samos.index.ExecutionIndex;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The execution index of portal-service's {@code cluster} backend: Redis, over the connection factory Spring Boot
 * configures.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "samos.portal", name = "backend",
        havingValue = "cluster")
@EnableConfigurationProperties(RedisIndexProperties.class)
public class RedisIndexConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ExecutionIndex executionIndex(RedisConnectionFactory connections, RedisIndexProperties properties) {
        // Lease expiry is compared across machines: every portal-service and executor must keep NTP time.
        return new RedisExecutionIndex(connections, properties.prefix(), Clock.systemUTC());
    }
}
