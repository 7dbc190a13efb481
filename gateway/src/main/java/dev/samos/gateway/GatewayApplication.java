package dev.samos.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The public REST API; standalone profile runs everything in one JVM. Authentication is by bearer token only
 * (security/SecurityConfiguration), so Spring Boot's default user — and the generated password it prints at
 * startup, which nothing accepts — is left out.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
