package dev.samos.portalservice.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import dev.samos.portal.PortalStorageException;
import dev.samos.store.StoredValue;
import dev.samos.store.ValueStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The cluster's value store: one S3 object per value, at {@code <prefix>values/<descriptor>/ab/cd/<rest of hash>}
 * (the address's path form, so no key prefix holds more than 65,536 keys per descriptor), whose body is the value's
 * storage-codec bytes (LZ4 frames with checksums around Kryo).
 *
 * <p><b>Writes</b> are one {@code PUT} with {@code If-None-Match: *}: S3 creates the object only if the key is free,
 * atomically — a reader sees the whole object or none, never a half-written one, and of several writers racing on
 * one value exactly one creates it (the others get 412 and know it is there). That answer is also what the counts
 * rest on: only the creator adds to the {@link StoreTally}. A value already there is never overwritten, so the first
 * stored form stays.
 *
 * <p><b>Reads</b> decode and verify the value against its address. A damaged object, or one holding another value,
 * is deleted — conditionally on the ETag that was read, so a value stored again meanwhile is not lost and the counts
 * are taken down once — and reported as {@link CorruptValueException} naming the address: the caller recomputes.
 *
 * <p><b>Known addresses</b> (values never change) are cached, bounded: {@link #has} and a repeated {@link #put} cost
 * no round trip for them. A cached answer can outlive an object removed behind the store's back; the next read finds
 * out and forgets it.
 *
 * <p>The atomicity of the conditional PUT is the server's: AWS S3 and MinIO decide it under a lock, S3Mock 5.2.0
 * does not (8 threads racing over 40 values created 43 objects), so puts of one address in this JVM are also
 * single-flighted: one upload, the other callers wait for it.
 *
 * <p><b>Batches</b> run one request per value concurrently ({@link Fanout}), at most {@code concurrency} at once.
 *
 * <p><b>Errors</b> from S3 (unreachable, throttled after the SDK's retries, access denied) surface as
 * {@link PortalStorageException} naming the operation and the object's {@code s3://} URI.
 *
 * <p>The {@link S3Client} is the caller's: shared with other users (the outcome log) and closed by its owner.
 */
public final class S3ValueStore implements ValueStore {

    /** Requests in flight per store; below the SDK HTTP client's default pool of 50 connections. */
    public static final int DEFAULT_CONCURRENCY = 32;
    /** About 100 bytes each: 100 MB of heap at most for "is it there?" answers. */
    public static final long DEFAULT_KNOWN_ADDRESSES = 1_000_000;

    private static final String VALUES = "values/";

    private final S3Client s3;
    private final S3Location location;
    private final StorageCodec codec;
    private final StoreTally tally;
    private final Cache<ValueAddress, Boolean> known;
    /**
     * Puts under way in this JVM, by address: a thread putting a value another thread is uploading waits for that
     * upload instead of sending the same bytes again. Across JVMs the conditional PUT decides.
     */
    private final ConcurrentMap<ValueAddress, CompletableFuture<Void>> creating = new ConcurrentHashMap<>();
    private final Fanout fanout;

    public S3ValueStore(S3Client s3, S3Location location, StoreTally tally) {
        this(s3, location, new StorageCodec(), tally, DEFAULT_CONCURRENCY, DEFAULT_KNOWN_ADDRESSES);
    }

    public S3ValueStore(S3Client s3, S3Location location, StorageCodec codec, StoreTally tally, int concurrency,
            long knownAddresses) {
        this.s3 = s3;
        this.location = location;
        this.codec = codec;
        this.tally = tally;
        this.known = Caffeine.newBuilder().maximumSize(knownAddresses).build();
        this.fanout = new Fanout("s3-values", concurrency);
    }

    /** The object key of a value. */
    public String key(ValueAddress address) {
        return location.key(VALUES + address.toPath());
    }

    @Override
    public void put(ValueAddress address, Object value) {
        while (known.getIfPresent(address) == null) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> theirs = creating.putIfAbsent(address, mine);
            if (theirs == null) {
                try {
                    create(address, codec.encode(value));
                    mine.complete(null);
                    return;
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    creating.remove(address, mine);
                }
            }
            try {
                theirs.join();
                return;
            } catch (CompletionException | CancellationException e) {
                // Their put failed; ours may not (a timeout, a value of theirs that was not storable): try it.
            }
        }
    }

    private void create(ValueAddress address, byte[] bytes) {
        String key = key(address);
        // 409 ConditionalRequestConflict: another conditional write to the key is in flight; asking again gets a
        // 412 once it has landed, or creates the object if it failed.
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(b -> b.bucket(location.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
                tally.add(1, bytes.length);
                known.put(address, Boolean.TRUE);
                return;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    known.put(address, Boolean.TRUE);
                    return;
                }
                if (e.statusCode() != 409 || attempt == 5) {
                    throw S3Failures.of("put", location, key, e);
                }
            } catch (SdkException e) {
                throw S3Failures.of("put", location, key, e);
            }
        }
    }

    @Override
    public void putAll(Map<ValueAddress, ?> values) {
        List<Map.Entry<ValueAddress, ?>> unknown = new ArrayList<>();
        for (Map.Entry<ValueAddress, ?> entry : values.entrySet()) {
            if (known.getIfPresent(entry.getKey()) == null) {
                unknown.add(entry);
            }
        }
        fanout.map(unknown, entry -> {
            put(entry.getKey(), entry.getValue());
            return Boolean.TRUE;
        });
    }

    @Override
    public boolean has(ValueAddress address) {
        if (known.getIfPresent(address) != null) {
            return true;
        }
        String key = key(address);
        try {
            s3.headObject(b -> b.bucket(location.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD answers have no body, so the SDK cannot always say NoSuchKey
                return false;
            }
            throw S3Failures.of("head", location, key, e);
        } catch (SdkException e) {
            throw S3Failures.of("head", location, key, e);
        }
        known.put(address, Boolean.TRUE);
        return true;
    }

    @Override
    public Set<ValueAddress> missing(Collection<ValueAddress> addresses) {
        List<ValueAddress> unknown = new ArrayList<>(new LinkedHashSet<>(addresses));
        unknown.removeIf(address -> known.getIfPresent(address) != null);
        List<Boolean> present = fanout.map(unknown, this::has);
        Set<ValueAddress> missing = new LinkedHashSet<>();
        for (int i = 0; i < unknown.size(); i++) {
            if (!present.get(i)) {
                missing.add(unknown.get(i));
            }
        }
        return missing;
    }

    @Override
    public Optional<StoredValue> get(ValueAddress address) {
        String key = key(address);
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            known.invalidate(address);
            return Optional.empty();
        } catch (SdkException e) {
            throw S3Failures.of("get", location, key, e);
        }
        byte[] bytes = object.asByteArrayUnsafe();
        Object value;
        try {
            value = codec.decode(bytes);
        } catch (CorruptValueException e) {
            throw damaged(address, object, "is damaged", e);
        }
        ValueAddress actual = ValueAddress.of(value);
        if (!actual.equals(address)) {
            throw damaged(address, object, "holds a different value (" + actual + ")", null);
        }
        known.put(address, Boolean.TRUE);
        return Optional.of(new StoredValue(value));
    }

    @Override
    public Map<ValueAddress, StoredValue> getAll(List<ValueAddress> addresses) {
        List<ValueAddress> distinct = new ArrayList<>(new LinkedHashSet<>(addresses));
        List<Optional<StoredValue>> values = fanout.map(distinct, this::get);
        Map<ValueAddress, StoredValue> found = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            ValueAddress address = distinct.get(i);
            values.get(i).ifPresent(value -> found.put(address, value));
        }
        return found;
    }

    /** Deletes the object read, if it is still the one read, and describes what happened. */
    private CorruptValueException damaged(ValueAddress address, ResponseBytes<GetObjectResponse> object, String what,
            CorruptValueException cause) {
        known.invalidate(address);
        String key = key(address);
        String removal = "it was deleted and will be recomputed or fetched again";
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(key).ifMatch(object.response().eTag()));
            tally.add(-1, -object.asByteArrayUnsafe().length);
        } catch (S3Exception e) {
            if (e.statusCode() != 404 && e.statusCode() != 412) {
                removal = "deleting it failed, so it will be found damaged again: " + S3Failures.describe(e);
            }
            // 404, 412: another reader deleted it, or a writer replaced it, first; neither is ours to count.
        } catch (SdkException e) {
            removal = "deleting it failed, so it will be found damaged again: " + S3Failures.describe(e);
        }
        String message = "value " + address + " at " + location.uri(key) + " " + what + "; " + removal
                + (cause == null ? "" : ": " + cause.getMessage());
        return new CorruptValueException(message, cause);
    }

    @Override
    public StoreSize size() {
        return tally.read();
    }

    /**
     * Counts the values by listing every object under {@code values/}: one request per 1,000 values. For seeding an
     * {@link StoreTally#inMemory(StoreSize) in-memory tally} at startup and for checking a tally, never for size().
     */
    public StoreSize recount() {
        String prefix = location.key(VALUES);
        long values = 0;
        long bytes = 0;
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix))
                    .contents()) {
                values++;
                bytes += object.size();
            }
        } catch (SdkException e) {
            throw S3Failures.of("list", location, prefix, e);
        }
        return new StoreSize(values, bytes);
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public void close() {
        fanout.close();
    }
}
