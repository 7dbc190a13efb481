package dev.samos.portalservice.index;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Redis execution index; the Redis itself is Spring Boot's ({@code spring.data.redis.*}).
 *
 * @param prefix the namespace of every key the index writes, so several Samos clusters (or other users) can share
 *     one Redis; on a Redis Cluster make it a hash tag, e.g. {@code {samos}:}, so the index lives in one slot
 */
@ConfigurationProperties("samos.portal.index")
public record RedisIndexProperties(String prefix) {

    public RedisIndexProperties {
        if (prefix == null) {
            prefix = RedisExecutionIndex.DEFAULT_PREFIX;
        }
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("samos.portal.index.prefix must not be empty: the index shares its "
                    + "Redis, and every key it writes starts with it");
        }
    }
}
