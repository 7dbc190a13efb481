package dev.samos.gateway.config;

import dev.samos.api.Problem;
import dev.samos.api.ProblemType;
import dev.samos.api.StatusEvent;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document at {@code /v3/api-docs}, the contract a generated client is built from
 * ({@code GeneratedClientTest} generates one with openapi-generator and drives the README's session through it):
 * what Samos is and its license, the bearer token, the {@code Value} schema (a value in its JSON form, which is any
 * JSON: every {@code JsonNode} of the {@code dev.samos.api} records is one), and — on every operation — the
 * problem+json answers any request may get, described by the {@code Problem} schema with examples.
 */
@Configuration
class OpenApiConfiguration {

    static final String VALUE = "Value";
    static final String PROBLEM = "Problem";

    static {
        // Jackson's tree type would otherwise be described by its getters (isPojo, floatingPointNumber, …), and a
        // generated client would send that shape instead of the value.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, ref(VALUE));
    }

    private static Schema<Object> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    @Bean
    OpenAPI samosOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Samos gateway API").version("v1")
                        .description("Memoized, swarmed computing for the JVM: register pure functions, call them "
                                + "(each distinct call is computed once and stored forever), swarm them, read "
                                + "executions and values by address. Values use the JSON form of docs/values.md "
                                + "(the Value schema). Errors are application/problem+json (the Problem schema).")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .schemaRequirement("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** The Value schema: any JSON, read by the rules of docs/values.md. */
    private static Schema<Object> valueSchema() {
        Schema<Object> value = new Schema<>();
        value.description("A value in its JSON form (docs/values.md): any JSON. Plain JSON means what it looks like "
                + "(an integer has no fraction or exponent, a float64 has one: 1 and 1.0 differ; objects are maps "
                + "with string keys). An object with exactly one key starting with $ is a special form: "
                + "{\"$bytes\": base64}, {\"$float\": \"NaN\"|\"Infinity\"|\"-Infinity\"|number}, "
                + "{\"$int\": \"digits\"}, {\"$set\": [...]}, {\"$map\": [[key, value], ...]}, typed arrays "
                + "{\"$f64\"|\"$f32\"|\"$i64\"|\"$i32\"|\"$i16\": [numbers] or base64}, "
                + "{\"$record\": {\"type\": class, \"fields\": {...}}}, {\"$enum\": {\"type\": class, \"name\": "
                + "constant}}. Repeated keys are an error.");
        value.example(Map.of("points", java.util.List.of(java.util.List.of(1, 2)), "raw", Map.of("$bytes", "AQID")));
        return value;
    }

    /**
     * The Value and Problem schemas, and on every /api/v1 operation the errors every request may meet: their
     * schema, the problem types each status can carry (from {@link ProblemType}, the list the Java client maps
     * back to exceptions), and an example.
     */
    @Bean
    OpenApiCustomizer contractSchemas() {
        Map<String, String> examples = Map.of(
                "400", "{\"type\":\"https://samos.dev/problems/bad-argument\",\"title\":\"Bad argument\","
                        + "\"status\":400,\"detail\":\"argument 'x': missing (given: [y])\","
                        + "\"field\":\"kwargs.x\",\"reason\":\"missing (given: [y])\"}",
                "401", "{\"type\":\"https://samos.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                        + "\"status\":401,\"field\":\"Authorization\"}",
                "404", "{\"type\":\"https://samos.dev/problems/unknown-address\",\"title\":\"Unknown address\","
                        + "\"status\":404,\"field\":\"address\",\"address\":\"call_Square:…\"}",
                "409", "{\"type\":\"https://samos.dev/problems/not-ready\",\"title\":\"Execution not in that "
                        + "state\",\"status\":409}",
                "413", "{\"type\":\"https://samos.dev/problems/body-too-large\",\"status\":413,\"field\":\"body\"}",
                "422", "{\"type\":\"https://samos.dev/problems/compilation-failed\",\"status\":422,"
                        + "\"field\":\"source\",\"errors\":[{\"line\":3,\"column\":17,"
                        + "\"message\":\"cannot find symbol\"}]}",
                "503", "{\"type\":\"https://samos.dev/problems/queue-full\",\"title\":\"Swarm queue full\","
                        + "\"status\":503}");
        return openApi -> {
            openApi.getComponents().addSchemas(VALUE, valueSchema());
            for (Class<?> type : new Class<?>[] {Problem.class, StatusEvent.class}) {
                ModelConverters.getInstance().readAll(type).forEach(openApi.getComponents()::addSchemas);
            }
            describeTimeLimits(openApi);
            openApi.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/v1")) {
                    item.readOperations().forEach(operation -> examples.forEach((status, example) -> {
                        if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
                            operation.getResponses().addApiResponse(status, new ApiResponse()
                                    .description(typesOf(Integer.parseInt(status)))
                                    .content(new Content().addMediaType("application/problem+json",
                                            new MediaType().schema(ref(PROBLEM))
                                                    .addExamples("example", new Example().value(json(example))))));
                        }
                    }));
                }
            });
        };
    }

    /** The {@code timeLimitMillis} of the request bodies that take one: what it limits, and its bounds. */
    private static void describeTimeLimits(OpenAPI openApi) {
        Map<String, String> what = Map.of(
                "FunctionRegistration", "each attempt of every call of this function (a TimeLimit validator on "
                        + "the function: it changes the function's address, no call's)",
                "CallRequest", "each attempt of this call, overriding the function's own limit (timeoutMillis "
                        + "limits only the wait for the answer)",
                "SwarmRequest", "each attempt of this call, overriding the function's own limit",
                "BatchRequest", "each attempt of each of these calls, overriding the function's own limit");
        what.forEach((name, limits) -> {
            Schema<?> body = openApi.getComponents().getSchemas().get(name);
            Schema<?> field = body == null || body.getProperties() == null ? null
                    : body.getProperties().get("timeLimitMillis");
            if (field != null) {
                field.setMinimum(java.math.BigDecimal.ONE);
                field.setDescription("Optional. How long, in milliseconds, " + limits + " may run; past it the "
                        + "attempt is stopped and recorded TIMED_OUT (it counts as a try). At most the operator's "
                        + "maximum (samos.gateway.execution.max-time-limit): more, less than 1 or not a whole "
                        + "number is a 400 problem naming the field. Absent: the function's limit, else the "
                        + "operator's default. Identical calls are one execution: the limit of the request that "
                        + "started it holds (or of the one that requested it again after it FAILED).");
            }
        });
    }

    /** An example as JSON (the document's own Jackson), so it shows as an object, not a string. */
    private static Object json(String example) {
        try {
            return Json.mapper().readTree(example);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalStateException("a problem example is not JSON: " + example, e);
        }
    }

    private static String typesOf(int status) {
        return "Problem types: " + Arrays.stream(ProblemType.values()).filter(t -> t.status() == status)
                .map(t -> ProblemType.BASE + t.slug()).collect(Collectors.joining(", "));
    }
}
