package dev.samos.gateway.config;

import dev.samos.portal.LocalPortal;
import dev.samos.portal.Portal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The standalone profile: one JVM, a local-folder portal with in-process workers. */
@Configuration
@Profile("standalone")
public class StandalonePortalConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StandalonePortalConfiguration.class);

    /** Closed with the application context: its workers finish or hand back what they run. */
    @Bean(destroyMethod = "close")
    public Portal portal(GatewayProperties properties) {
        LocalPortal portal = LocalPortal.open(properties.portal());
        log.info("Samos standalone portal folder: {}", portal.folder());
        return portal;
    }
}
