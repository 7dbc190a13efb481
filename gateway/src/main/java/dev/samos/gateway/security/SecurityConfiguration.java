package dev.samos.gateway.security;

import dev.samos.api.ProblemType;
import dev.samos.gateway.config.GatewayProperties;
import dev.samos.gateway.problem.ProblemResponse;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer tokens from configuration ({@code samos.gateway.tokens}). Without tokens the API is open — allowed only
 * when the gateway listens on loopback (the standalone default), and said at startup; bound to any other interface
 * the gateway refuses to start without a token. Health stays open for probes.
 */
@Configuration
@EnableConfigurationProperties(GatewayProperties.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain api(HttpSecurity http, GatewayProperties properties,
            @Value("${server.address:}") String address) throws Exception {
        List<byte[]> tokens = properties.tokens().stream().filter(t -> !t.isBlank())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, failure) ->
                        unauthorized(response)));
        if (tokens.isEmpty()) {
            TokenRequirement.check(properties.tokens(), address);
            log.warn("No API token configured: anyone on this machine can use the API (it listens on {} only)",
                    address);
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
        } else {
            // Authorized once, on the request itself: the async dispatch that carries an event stream (/events) and
            // the error dispatch run without the bearer filter (it runs once per request), and denying them broke
            // the stream after its first event, with an ERROR stack trace per dispatch.
            http.addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(a -> a
                            .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                            .anyRequest().authenticated());
        }
        return http.build();
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    static void unauthorized(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        ProblemResponse.write(response, ProblemType.UNAUTHORIZED.problem(
                "a valid bearer token is required (Authorization: Bearer <token>)").withField("Authorization"));
    }

    /**
     * A path the firewall refuses ({@code ;}, {@code //}, {@code ..}, their encoded forms) is bad input: 400
     * problem+json naming it, answered here — before authentication, so a valid token does not turn it into a 401,
     * and without the servlet container's error page.
     */
    @Bean
    RequestRejectedHandler rejectedPath() {
        return (request, response, rejected) -> ProblemResponse.write(response, ProblemType.REJECTED_PATH
                .problem("the path " + request.getRequestURI() + " was rejected: " + rejected.getMessage())
                .withField("path").withAddress(request.getRequestURI()).withReason(rejected.getMessage()));
    }

    /** Authenticates a request whose {@code Authorization: Bearer <token>} is one of the configured tokens. */
    static final class BearerTokenFilter extends OncePerRequestFilter {
        private final List<byte[]> tokens;

        BearerTokenFilter(List<byte[]> tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
                // Constant-time comparison: a token must not be guessable from response times.
                if (tokens.stream().anyMatch(token -> MessageDigest.isEqual(token, given))) {
                    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
                            .authenticated("api-client", null, AuthorityUtils.createAuthorityList("ROLE_API")));
                }
            }
            chain.doFilter(request, response);
        }
    }
}
