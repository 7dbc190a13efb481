package dev.samos.portalservice.backend;

import dev.samos.index.ExecutionIndex;
import dev.samos.portal.LocalStores;
import dev.samos.store.ValueStore;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code folder} backend: the service's {@link ValueStore} and {@link ExecutionIndex} are a portal folder's
 * ({@link LocalStores}), so portal-service runs with nothing but a disk. The {@code cluster} backend (S3 + Redis)
 * provides the same two beans under {@code samos.portal.backend=cluster}; the API sees only the interfaces.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "samos.portal", name = "backend", havingValue = "folder", matchIfMissing = true)
class FolderBackendConfiguration {

    @Bean(destroyMethod = "close")
    LocalStores localStores(PortalServiceProperties properties, ObjectProvider<Clock> clock) {
        if (properties.folder() == null) {
            throw new IllegalStateException("samos.portal.folder must name the portal folder when"
                    + " samos.portal.backend=folder");
        }
        // A Clock bean times leases and backoffs where a test moves time itself (the index contract suite).
        return LocalStores.open(properties.folder(), clock.getIfAvailable(Clock::systemUTC));
    }

    // Both are closed by closing the LocalStores that share their database, not one by one.
    @Bean(destroyMethod = "")
    ValueStore valueStore(LocalStores stores) {
        return stores.values();
    }

    @Bean(destroyMethod = "")
    ExecutionIndex executionIndex(LocalStores stores) {
        return stores.index();
    }
}
