package dev.samos.portalservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Keeps a portal's values and execution index for the gateway and the executors, behind an internal HTTP API
 * ({@code dev.samos.portalservice.api}); where they live is the {@code samos.portal.backend} setting.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PortalServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PortalServiceApplication.class, args);
    }
}
