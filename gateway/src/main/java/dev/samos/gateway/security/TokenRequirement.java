package dev.samos.gateway.security;

import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * No token off loopback: refused as soon as the configuration is read (profiles and files included), before the
 * application context starts — refused inside the context's refresh, Spring logs the bean failure at WARN too, and
 * the one clear line ({@link MissingTokenFailureAnalyzer}) came second. Registered in
 * {@code META-INF/spring.factories}; {@link SecurityConfiguration} applies the same rule.
 */
final class TokenRequirement implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(Binder.get(environment).bind("samos.gateway.tokens", Bindable.listOf(String.class)).orElse(List.of()),
                environment.getProperty("server.address", ""));
    }

    /** Throws {@link MissingTokenException} if no token is set and the address is not loopback. */
    static void check(List<String> tokens, String address) {
        if (tokens.stream().allMatch(String::isBlank) && !SecurityConfiguration.isLoopback(address)) {
            throw new MissingTokenException(address);
        }
    }
}
