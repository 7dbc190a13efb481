package dev.samos.portal.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client talks to portal-service.
 *
 * @param connectTimeout how long to wait for a connection before the service counts as unreachable
 * @param requestTimeout how long one call may take end to end (a batch of puts included)
 * @param valueCacheBytes values kept in memory, weighed by their encoded size and their entry's; values never change,
 *        so a value read or written once is served from here until it is evicted
 * @param knownAddresses how many "the service has it" answers are remembered (a has() true stays true forever)
 */
public record ServiceOptions(Duration connectTimeout, Duration requestTimeout, long valueCacheBytes,
        long knownAddresses) {

    public ServiceOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero() || valueCacheBytes < 0 || knownAddresses < 0) {
            throw new IllegalArgumentException("invalid service options: connect timeout " + connectTimeout
                    + " and request timeout " + requestTimeout + " must be positive, value cache " + valueCacheBytes
                    + " bytes and " + knownAddresses + " known addresses must be ≥ 0");
        }
    }

    /**
     * 5 s to connect, 60 s per call, an eighth of the heap for values and a sixteenth for known addresses (some
     * 250 bytes each: 65,000 in a 256 MB heap, a million in 4 GB). Fixed sizes (256 MiB, a million) were more than
     * the whole heap of a small gateway or worker JVM.
     */
    public static ServiceOptions defaults() {
        long heap = Runtime.getRuntime().maxMemory();
        return new ServiceOptions(Duration.ofSeconds(5), Duration.ofSeconds(60), heap / 8, defaultKnownAddresses());
    }

    /** As many known addresses as a sixteenth of this JVM's heap holds, at {@link #KNOWN_ADDRESS_BYTES} each. */
    public static long defaultKnownAddresses() {
        return Runtime.getRuntime().maxMemory() / 16 / KNOWN_ADDRESS_BYTES;
    }

    /** About what remembering one known address costs: the address (descriptor, 64 hex digits) and its entry. */
    public static final long KNOWN_ADDRESS_BYTES = 250;

    public ServiceOptions withValueCacheBytes(long bytes) {
        return new ServiceOptions(connectTimeout, requestTimeout, bytes, knownAddresses);
    }

    public ServiceOptions withTimeouts(Duration connect, Duration request) {
        return new ServiceOptions(connect, request, valueCacheBytes, knownAddresses);
    }
}
