package dev.samos.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's settings ({@code samos.gateway.*}): where the standalone portal lives, the limits every request is
 * held to, and the bearer tokens that may use the API.
 *
 * @param portal folder of the standalone (local) portal
 * @param maxBodyBytes largest request body accepted (413 beyond)
 * @param maxSourceBytes largest Java source accepted for a function
 * @param callTimeout longest a synchronous call waits before answering 202 with the execution's address
 * @param maxBatch most calls in one batch request
 * @param tokens bearer tokens accepted; empty means no authentication (allowed on loopback only)
 * @param compileTimeout longest a function's source may take to compile
 * @param maxPending most swarmed calls waiting in the queue; more are refused (503) until workers catch up
 * @param maxValueDepth deepest nesting of a JSON body (the value model itself allows 256)
 */
@ConfigurationProperties("samos.gateway")
public record GatewayProperties(
        @DefaultValue("samos-portal") Path portal,
        @DefaultValue("16777216") long maxBodyBytes,
        @DefaultValue("1048576") int maxSourceBytes,
        @DefaultValue("30s") Duration callTimeout,
        @DefaultValue("100000") int maxBatch,
        @DefaultValue List<String> tokens,
        @DefaultValue("20s") Duration compileTimeout,
        @DefaultValue("1000000") long maxPending,
        @DefaultValue("64") int maxValueDepth) {
}
