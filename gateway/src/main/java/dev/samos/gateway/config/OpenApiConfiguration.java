package dev.samos.gateway.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}: what Samos is, the bearer token, and — on every operation — the
 * problem+json answers any request may get, with examples.
 */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI samosOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Samos gateway API").version("v1")
                        .description("Memoized, swarmed computing for the JVM: register pure functions, call them "
                                + "(each distinct call is computed once and stored forever), swarm them, read "
                                + "executions and values by address. Values use the JSON form of docs/values.md.")
                        .license(new License().name("Samos")))
                .schemaRequirement("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Every /api/v1 operation documents the errors every request may meet. */
    @Bean
    OpenApiCustomizer problemResponses() {
        Map<String, String[]> problems = Map.of(
                "400", new String[] {"Malformed JSON, an unknown field, a value that is not one, a bad argument or "
                        + "a malformed address; `field` names it",
                        "{\"type\":\"https://samos.dev/problems/bad-argument\",\"title\":\"Bad argument\","
                                + "\"status\":400,\"detail\":\"argument 'x': missing (given: [y])\","
                                + "\"field\":\"kwargs.x\"}"},
                "401", new String[] {"No valid bearer token (when tokens are configured)",
                        "{\"type\":\"https://samos.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                                + "\"status\":401,\"field\":\"Authorization\"}"},
                "404", new String[] {"Unknown address",
                        "{\"type\":\"https://samos.dev/problems/unknown-address\",\"title\":\"Unknown address\","
                                + "\"status\":404,\"field\":\"address\"}"},
                "413", new String[] {"Body over samos.gateway.max-body-bytes",
                        "{\"type\":\"https://samos.dev/problems/body-too-large\",\"status\":413,\"field\":\"body\"}"},
                "422", new String[] {"Source that does not compile (errors with line and column), a function that "
                        + "is not autonomous (violations), or a function that threw",
                        "{\"type\":\"https://samos.dev/problems/compilation-failed\",\"status\":422,"
                                + "\"field\":\"source\",\"errors\":[{\"line\":3,\"column\":17,"
                                + "\"message\":\"cannot find symbol\"}]}"});
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/v1")) {
                item.readOperations().forEach(operation -> problems.forEach((status, text) -> {
                    if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
                        operation.getResponses().addApiResponse(status, new ApiResponse().description(text[0])
                                .content(new Content().addMediaType("application/problem+json",
                                        new MediaType().addExamples("example", new Example().value(text[1])))));
                    }
                }));
            }
        });
    }
}
