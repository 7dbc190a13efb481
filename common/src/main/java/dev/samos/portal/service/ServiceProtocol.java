package dev.samos.portal.service;

/**
 * The wire contract between portal-service and its clients, in one place so the server and the client cannot
 * drift. Bodies are binary, not JSON: a value is shipped in the form it is stored in (storage-codec bytes,
 * {@link dev.samos.codec.StorageCodec}), and the index's calls and answers and the value batches' maps in the
 * {@linkplain #WIRE wire codec's} compact form, with values inside them as their stored bytes. Errors are RFC 9457
 * problem+json whose {@code type} is one of the {@code PROBLEM_*} URNs below, so a client can raise the matching
 * exception.
 *
 * <pre>
 * PUT  /internal/values/{address}        body: the value's encoding        → 204 (400 if it hashes elsewhere)
 * GET  /internal/values/{address}        → 200 the value's encoding | 404
 * HEAD /internal/values/{address}        → 200 | 404
 * POST /internal/values/put              body: Map&lt;ValueAddress, byte[]&gt; → 204
 * POST /internal/values/get              body: List&lt;ValueAddress&gt;         → Map&lt;ValueAddress, byte[]&gt; (those found)
 * POST /internal/values/missing          body: List&lt;ValueAddress&gt;         → List&lt;ValueAddress&gt;
 * GET  /internal/values/size             → StoreSize
 * POST /internal/index/{operation}       body: the IndexCall of that name  → its answer, or 204 for void ones
 * GET  /internal/index/settled           → text/event-stream: a line "data:&lt;execution address&gt;" per execution
 *                                          settled (DONE or FAILED), as many to an event as were waiting to be sent
 *                                          (a client reads every data: line as one address), a comment line as
 *                                          heartbeat every 15 s
 * </pre>
 */
public final class ServiceProtocol {

    /**
     * The codec of every body but a single value's: the index's calls ({@link IndexCall}) and answers, and the value
     * batches' lists and maps. Its types are found from these roots, and its fingerprint (in every body) makes a
     * client and a service built from other classes refuse each other's bodies with a clear message.
     */
    public static final dev.samos.codec.WireCodec WIRE = new dev.samos.codec.WireCodec(IndexCall.class,
            dev.samos.index.ExecutionIndex.class, dev.samos.store.ValueStore.StoreSize.class);

    /** Kryo bytes: a single value's storage-codec encoding, or a {@link #WIRE} body. */
    public static final String CONTENT_TYPE = "application/x-samos-kryo";
    public static final String VALUES = "/internal/values";
    public static final String INDEX = "/internal/index";
    /** The index's news of settled executions, as server-sent events (a hint: a client may miss some). */
    public static final String SETTLED = INDEX + "/settled";

    private static final String PROBLEM = "urn:samos:problem:";
    /**
     * Bytes that are not a stored value, or a value that does not hash to the address it was sent under (400); or a
     * stored value the backend found damaged on read and forgot (502).
     */
    public static final String PROBLEM_CORRUPT_VALUE = PROBLEM + "corrupt-value";
    /** An address in the URL or body that is not well formed. */
    public static final String PROBLEM_MALFORMED_ADDRESS = PROBLEM + "malformed-address";
    /** A body of the wrong type for its route, or arguments the operation refuses. */
    public static final String PROBLEM_INVALID_REQUEST = PROBLEM + "invalid-request";
    public static final String PROBLEM_UNKNOWN_OPERATION = PROBLEM + "unknown-operation";
    public static final String PROBLEM_UNKNOWN_ADDRESS = PROBLEM + "unknown-address";
    public static final String PROBLEM_BODY_TOO_LARGE = PROBLEM + "body-too-large";
    /** The store or index behind the service failed; nothing was half-written, the call may be retried. */
    public static final String PROBLEM_BACKEND_UNAVAILABLE = PROBLEM + "backend-unavailable";

    private ServiceProtocol() {
    }
}
