package dev.samos.gateway.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Refusing to start without a token off loopback is a configuration answer, not a crash: Spring Boot prints this
 * analysis (what is wrong, what to do) instead of the stack trace of the bean that could not be made.
 * Registered in {@code META-INF/spring.factories}.
 */
final class MissingTokenFailureAnalyzer extends AbstractFailureAnalyzer<MissingTokenException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingTokenException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set a token, e.g. SAMOS_GATEWAY_TOKENS=<secret> (clients "
                + "send Authorization: Bearer <secret>), or listen on loopback: --server.address=127.0.0.1 "
                + "(not " + cause.address() + ").", cause);
    }
}
