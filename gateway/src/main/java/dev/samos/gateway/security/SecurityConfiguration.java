package dev.samos.gateway.security;

import dev.samos.gateway.config.GatewayProperties;
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
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
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
            if (!isLoopback(address)) {
                throw new IllegalStateException("samos.gateway.tokens is empty but the gateway listens on '"
                        + (address.isBlank() ? "every interface" : address) + "': set at least one token "
                        + "(SAMOS_GATEWAY_TOKENS) or listen on 127.0.0.1 only");
            }
            log.warn("No API token configured: anyone on this machine can use the API (it listens on {} only)",
                    address);
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
        } else {
            http.addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(a -> a
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
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"https://samos.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"a valid bearer token is required (Authorization: Bearer <token>)\","
                + "\"field\":\"Authorization\"}");
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
