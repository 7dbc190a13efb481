package dev.samos.portalservice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.codec.WireCodec;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.index.ExecutionIndex;
import dev.samos.portal.service.IndexCall;
import dev.samos.portal.service.ServiceExecutionIndex;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServiceProtocol;
import dev.samos.portalservice.RunningService;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The raw HTTP API under bad input: always a 4xx problem+json that names the problem, never a 500. */
class HostileInputTest extends RunningService {

    private final HttpClient http = HttpClient.newHttpClient();
    private final StorageCodec codec = new StorageCodec();
    private final WireCodec wire = ServiceProtocol.WIRE;

    @AfterEach
    void close() {
        http.close();
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(serviceUri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> kryo(String method, String path, byte[] body) throws Exception {
        return send(method, path, body, ServiceProtocol.CONTENT_TYPE);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String inDetail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        if (type != null) {
            assertThat(response.body()).contains("\"type\":\"" + type + "\"");
        }
        assertThat(response.body()).contains(inDetail);
    }

    private static String address(Object value) {
        return ValueAddress.of(value).toString();
    }

    @Test
    void garbageBytesAreNotAValue() throws Exception {
        byte[] garbage = "hello, I am not kryo".getBytes(StandardCharsets.UTF_8);
        assertProblem(kryo("PUT", "/internal/values/" + address("x"), garbage), 400,
                ServiceProtocol.PROBLEM_CORRUPT_VALUE, "not a Samos stored value");
        assertProblem(kryo("POST", "/internal/values/get", garbage), 400, ServiceProtocol.PROBLEM_CORRUPT_VALUE,
                "not a Samos wire body");
        assertProblem(kryo("POST", "/internal/index/claim", garbage), 400, ServiceProtocol.PROBLEM_CORRUPT_VALUE,
                "not a Samos wire body");
        assertProblem(kryo("POST", "/internal/index/claim", new byte[0]), 400,
                ServiceProtocol.PROBLEM_CORRUPT_VALUE, "no bytes");
    }

    /** A client of another Samos build: its wire records may differ, so its bodies are refused, saying why. */
    record AnotherBuildsRecord(String field) {
    }

    @Test
    void aBodyFromAClientOfAnotherBuildIsRefusedByItsFingerprint() throws Exception {
        WireCodec otherBuild = new WireCodec(dev.samos.portal.service.IndexCall.class,
                dev.samos.index.ExecutionIndex.class, AnotherBuildsRecord.class);
        assertProblem(kryo("POST", "/internal/index/counts", otherBuild.encode(new IndexCall.Counts(0))), 400,
                ServiceProtocol.PROBLEM_CORRUPT_VALUE, "same Samos version");
    }

    @Test
    void truncatedBytesAreRefused() throws Exception {
        byte[] encoded = codec.encode(List.of("a", "list", 3L));
        assertProblem(kryo("PUT", "/internal/values/" + address(List.of("a", "list", 3L)),
                Arrays.copyOf(encoded, encoded.length - 3)), 400, ServiceProtocol.PROBLEM_CORRUPT_VALUE, "truncated");
    }

    @Test
    void aValueSentUnderAnotherAddressIsRefused() throws Exception {
        String wrong = address("some other value");
        assertProblem(kryo("PUT", "/internal/values/" + wrong, codec.encode("a value")), 400,
                ServiceProtocol.PROBLEM_CORRUPT_VALUE, "hashes to " + address("a value"));
        assertThat(kryo("HEAD", "/internal/values/" + wrong, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aMalformedAddressIsNamed() throws Exception {
        assertProblem(kryo("PUT", "/internal/values/not-an-address", codec.encode("v")), 400,
                ServiceProtocol.PROBLEM_MALFORMED_ADDRESS, "not-an-address");
        assertProblem(send("GET", "/internal/values/str_1:abc", null, null), 400,
                ServiceProtocol.PROBLEM_MALFORMED_ADDRESS, "64 lowercase hexadecimal digits");
    }

    @Test
    void anUnknownAddressIs404() throws Exception {
        String absent = address("never stored " + Math.random());
        assertProblem(send("GET", "/internal/values/" + absent, null, null), 404,
                ServiceProtocol.PROBLEM_UNKNOWN_ADDRESS, absent);
    }

    @Test
    void anOversizeBodyIsRefusedWith413() throws Exception {
        byte[] big = new byte[MAX_BODY_BYTES + 1];
        assertProblem(kryo("PUT", "/internal/values/" + address("x"), big), 413,
                ServiceProtocol.PROBLEM_BODY_TOO_LARGE, "samos.portal.max-body-size");
        assertProblem(kryo("POST", "/internal/index/request", big), 413, ServiceProtocol.PROBLEM_BODY_TOO_LARGE,
                String.valueOf(MAX_BODY_BYTES));
    }

    @Test
    void anUnknownOperationIsNamedWithTheKnownOnes() throws Exception {
        assertProblem(kryo("POST", "/internal/index/drop-everything", wire.encode(null)), 404,
                ServiceProtocol.PROBLEM_UNKNOWN_OPERATION, "claim-next");
    }

    @Test
    void aBodyOfTheWrongTypeIsRefused() throws Exception {
        assertProblem(kryo("POST", "/internal/index/claim", wire.encode(new IndexCall.Counts(0))), 400,
                ServiceProtocol.PROBLEM_INVALID_REQUEST, "IndexCall$Claim");
        assertProblem(kryo("POST", "/internal/index/claim", wire.encode("a string")), 400,
                ServiceProtocol.PROBLEM_INVALID_REQUEST, "java.lang.String");
        assertProblem(kryo("POST", "/internal/values/get", wire.encode(List.of("not", "addresses"))), 400,
                ServiceProtocol.PROBLEM_INVALID_REQUEST, "value addresses");
        assertProblem(kryo("POST", "/internal/values/put", wire.encode(Map.of("k", "v"))), 400,
                ServiceProtocol.PROBLEM_INVALID_REQUEST, "ValueAddress");
    }

    @Test
    void nullsWhereTheIndexNeedsValuesAreRefused() throws Exception {
        assertProblem(kryo("POST", "/internal/index/request",
                wire.encode(new IndexCall.Request(List.of(new ExecutionIndex.Request(null, null, null))))), 400,
                ServiceProtocol.PROBLEM_INVALID_REQUEST, "refused its arguments");
    }

    @Test
    @SuppressWarnings("unchecked")
    void claimTasksRefusesABadBodyWithAProblemAndTakesNothing() throws Exception {
        String claimTasks = "/internal/index/claim-tasks";
        ValueAddress function = ValueAddress.of("claim-tasks hostile input");
        ExecutionAddress address = ExecutionAddress.of("hostile", function, Map.of());
        try (ExecutionIndex index = new ServiceExecutionIndex(serviceUri(), ServiceOptions.defaults())) {
            index.request(List.of(new ExecutionIndex.Request(address, function,
                    ExecutionIndex.Arguments.inline(codec.encode(Map.of())))));
        }
        byte[] encoded = wire.encode(new IndexCall.ClaimTasks(List.of(address), "w", 60_000));
        assertProblem(kryo("POST", claimTasks, "not a list of addresses".getBytes(StandardCharsets.UTF_8)), 400,
                ServiceProtocol.PROBLEM_CORRUPT_VALUE, "not a Samos wire body");
        assertProblem(kryo("POST", claimTasks, Arrays.copyOf(encoded, encoded.length - 3)), 400,
                ServiceProtocol.PROBLEM_CORRUPT_VALUE, "truncated");
        assertProblem(kryo("POST", claimTasks, wire.encode(List.of(address))), 400,
                ServiceProtocol.PROBLEM_INVALID_REQUEST, "IndexCall$ClaimTasks");
        // Generics are erased: a list of something else decodes, and the index refuses it whole.
        // Generics are erased: a list of something else decodes, and the index refuses it whole (the address
        // before it in the list is not taken either).
        List<ExecutionAddress> mixed = (List<ExecutionAddress>) (List<?>) List.of(address, "not an address");
        assertProblem(kryo("POST", claimTasks, wire.encode(new IndexCall.ClaimTasks(mixed, "w", 60_000))), 400,
                ServiceProtocol.PROBLEM_INVALID_REQUEST, "refused its arguments");
        assertProblem(kryo("POST", claimTasks, new byte[MAX_BODY_BYTES + 1]), 413,
                ServiceProtocol.PROBLEM_BODY_TOO_LARGE, String.valueOf(MAX_BODY_BYTES));
        try (ExecutionIndex index = new ServiceExecutionIndex(serviceUri(), ServiceOptions.defaults())) {
            assertThat(index.state(address).orElseThrow().status()).isEqualTo(ExecutionStatus.PENDING);
        }
    }

    @Test
    void aWrongContentTypeOrMethodIsAProblemToo() throws Exception {
        assertProblem(send("POST", "/internal/index/counts", "{}".getBytes(StandardCharsets.UTF_8),
                "application/json"), 415, null, "application/json");
        assertProblem(send("DELETE", "/internal/values/" + address("x"), null, null), 405, null, "DELETE");
        assertProblem(send("GET", "/internal/nothing-here", null, null), 404, null, "nothing-here");
    }
}
