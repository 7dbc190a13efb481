package dev.samos.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.SpecValidationException;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document is a usable contract: a Java client generated from the live {@code /v3/api-docs} by
 * openapi-generator (spec validation on, the {@code native} library: java.net.http and Jackson) compiles, and the
 * README's curl session runs through it — register Square from source, call x=12, swarm x=7, read its status and
 * its result. The session is Java source written against the generated API ({@link #WALKTHROUGH}), compiled with
 * the generated sources, so a renamed operation or a model that lost its real schema fails the compilation here.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GeneratedClientTest {

    @DynamicPropertySource
    static void portalFolder(DynamicPropertyRegistry registry) throws Exception {
        Path folder = Files.createTempDirectory("samos-generated-client");
        registry.add("samos.gateway.portal", folder::toString);
    }

    @LocalServerPort
    int port;

    @TempDir
    Path work;

    static final String WALKTHROUGH = """
            package samos.walkthrough;

            import java.util.LinkedHashMap;
            import java.util.Map;
            import samos.client.ApiClient;
            import samos.client.ApiException;
            import samos.client.api.ExecutionsApi;
            import samos.client.api.FunctionsApi;
            import samos.client.model.CallRequest;
            import samos.client.model.ExecutionView;
            import samos.client.model.FunctionRegistration;
            import samos.client.model.FunctionView;
            import samos.client.model.SwarmRequest;

            public final class Walkthrough implements java.util.function.Function<String, Map<String, Object>> {
                static final String SQUARE = "public final class Square implements dev.samos.function.PureFunction "
                        + "{ public Object call(dev.samos.function.Kwargs kwargs) { long x = kwargs.getLong(\\"x\\"); "
                        + "return x * x; } }";

                @Override
                public Map<String, Object> apply(String base) {
                    ApiClient client = new ApiClient();
                    client.updateBaseUri(base);
                    FunctionsApi functions = new FunctionsApi(client);
                    ExecutionsApi executions = new ExecutionsApi(client);
                    Map<String, Object> seen = new LinkedHashMap<>();
                    try {
                        FunctionView square = functions.registerFunction(new FunctionRegistration().source(SQUARE)
                                .timeLimitMillis(60_000L));
                        seen.put("name", square.getName());
                        seen.put("validators", square.getPreValidators());
                        ExecutionView called = functions.callFunction(square.getAddress(),
                                new CallRequest().kwargs(Map.of("x", 12)).timeLimitMillis(30_000L));
                        seen.put("called", called.getStatus() + " " + called.getResult());
                        ExecutionView swarmed = functions.swarmCall(square.getAddress(),
                                new SwarmRequest().kwargs(Map.of("x", 7)).timeLimitMillis(30_000L));
                        ExecutionView status = executions.getExecution(swarmed.getExecution());
                        for (int i = 0; i < 600 && status.getStatus() != ExecutionView.StatusEnum.DONE; i++) {
                            Thread.sleep(50); // swarmed: a worker takes it
                            status = executions.getExecution(swarmed.getExecution());
                        }
                        seen.put("status", status.getStatus() + " " + status.getResult());
                        seen.put("result", executions.getResult(swarmed.getExecution()));
                        try {
                            executions.getExecution("call_Square:not-an-address");
                        } catch (ApiException malformed) {
                            seen.put("problem", malformed.getCode() + " " + malformed.getResponseBody());
                        }
                        return seen;
                    } catch (ApiException e) {
                        throw new IllegalStateException(e.getCode() + " " + e.getResponseBody(), e);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            """;

    @Test
    @SuppressWarnings("unchecked")
    void aClientGeneratedFromTheLiveDocumentRunsTheReadmeSession() throws Exception {
        String document;
        try (HttpClient http = HttpClient.newHttpClient()) {
            document = http.send(HttpRequest.newBuilder(URI.create(base() + "/v3/api-docs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        Path spec = work.resolve("api-docs.json");
        Files.writeString(spec, document);
        Files.writeString(Path.of("target", "api-docs.json"), document); // to read when this test fails
        JsonNode api = JsonMapper.builder().build().readTree(document);
        assertThat(api.at("/info/license/identifier").stringValue()).isEqualTo("Apache-2.0");
        assertThat(api.at("/components/schemas").propertyNames()).contains("Value", "Problem", "CallRequest",
                "FunctionRegistration", "ExecutionView").doesNotContain("SseEmitter");
        for (String body : List.of("FunctionRegistration", "CallRequest", "SwarmRequest", "BatchRequest")) {
            assertThat(api.at("/components/schemas/" + body + "/properties/timeLimitMillis/description")
                    .stringValue()).as(body).contains("milliseconds", "TIMED_OUT", "max-time-limit");
            assertThat(api.at("/components/schemas/" + body + "/properties/timeLimitMillis/minimum").asInt())
                    .as(body).isEqualTo(1);
        }

        Path generated = work.resolve("client");
        CodegenConfigurator configurator = new CodegenConfigurator()
                .setGeneratorName("java")
                .setLibrary("native")
                .setInputSpec(spec.toString())
                .setOutputDir(generated.toString())
                .setValidateSpec(true)
                .setApiPackage("samos.client.api")
                .setModelPackage("samos.client.model")
                .setInvokerPackage("samos.client")
                .addAdditionalProperty("openApiNullable", false)
                .addAdditionalProperty("useJakartaEe", true)
                .addAdditionalProperty("hideGenerationTimestamp", true);
        try {
            new DefaultGenerator().opts(configurator.toClientOptInput()).generate();
        } catch (SpecValidationException invalid) {
            throw new AssertionError("the generator refuses the document: " + invalid.getErrors() + " "
                    + invalid.getWarnings(), invalid);
        }

        Path sources = generated.resolve("src/main/java");
        Path walkthrough = sources.resolve("samos/walkthrough/Walkthrough.java");
        Files.createDirectories(walkthrough.getParent());
        Files.writeString(walkthrough, WALKTHROUGH);
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        assertThat(files).noneMatch(f -> f.endsWith("SseEmitter.java"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> options = List.of("-d", classes.toString(), "-proc:none", "-nowarn",
                "-classpath", System.getProperty("java.class.path"));
        boolean compiled = javac.getTask(diagnostics, null, null, options, null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromStrings(files)).call();
        assertThat(compiled).as(diagnostics.toString()).isTrue();

        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Function<String, Map<String, Object>> session = (Function<String, Map<String, Object>>) loader
                    .loadClass("samos.walkthrough.Walkthrough").getDeclaredConstructor().newInstance();
            Map<String, Object> seen = session.apply(base());
            assertThat(seen.get("name")).isEqualTo("Square");
            assertThat(seen.get("validators")).isEqualTo(List.of("timeLimit(60000 ms)"));
            assertThat(seen.get("called")).isEqualTo("DONE 144");
            assertThat(seen.get("status")).isEqualTo("DONE 49");
            assertThat(seen.get("result")).isEqualTo(49);
            assertThat((String) seen.get("problem")).startsWith("400 ")
                    .contains("https://samos.dev/problems/malformed-address");
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

}
