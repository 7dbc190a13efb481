package dev.samos.portal.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.store.StoredValue;
import dev.samos.store.ValueStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values of a portal kept by portal-service, over its internal HTTP API ({@link ServiceProtocol}). Values never
 * change once stored, so this client remembers them: decoded values in a cache bounded by their encoded bytes (a
 * gateway or executor re-reads the same function bundles and hot arguments all day), and every address it has seen
 * stored, so {@code has} and repeated puts cost no round trip. Only "stored" is remembered, never "missing": another
 * JVM may store it a moment later.
 *
 * <p>Reads are verified here too: a value that does not hash to its address is a {@link CorruptValueException},
 * whatever the service or the network did to it.
 */
public final class ServiceValueStore implements ValueStore {

    private final ServiceConnection service;
    private final boolean ownsConnection;
    private final Cache<ValueAddress, Cached> values;
    private final Cache<ValueAddress, Boolean> known;

    public ServiceValueStore(URI portalService, ServiceOptions options) {
        this(new ServiceConnection(portalService, options), true);
    }

    ServiceValueStore(ServiceConnection service, boolean ownsConnection) {
        this.service = service;
        this.ownsConnection = ownsConnection;
        this.values = Caffeine.newBuilder()
                .maximumWeight(service.options().valueCacheBytes())
                // A small value's entry (its address, the cache's nodes) outweighs its bytes.
                .weigher((ValueAddress address, Cached cached) -> (int) Math.min(
                        cached.weight() + ServiceOptions.KNOWN_ADDRESS_BYTES, Integer.MAX_VALUE))
                .build();
        this.known = Caffeine.newBuilder().maximumSize(service.options().knownAddresses()).build();
    }

    @Override
    public void put(ValueAddress address, Object value) {
        if (known.getIfPresent(address) != null) {
            return;
        }
        byte[] encoded = service.codec().encode(value);
        service.send(service.request(valuePath(address)).PUT(HttpRequest.BodyPublishers.ofByteArray(encoded))
                .build(), "put value " + address);
        remember(address, value, encoded.length);
    }

    @Override
    public void putAll(Map<ValueAddress, ?> toStore) {
        Map<ValueAddress, byte[]> encoded = new LinkedHashMap<>();
        Map<ValueAddress, Object> decoded = new LinkedHashMap<>();
        toStore.forEach((address, value) -> {
            if (known.getIfPresent(address) == null && !encoded.containsKey(address)) {
                encoded.put(address, service.codec().encode(value));
                decoded.put(address, value);
            }
        });
        if (encoded.isEmpty()) {
            return;
        }
        if (encoded.size() == 1) {
            var only = decoded.entrySet().iterator().next();
            put(only.getKey(), only.getValue());
            return;
        }
        service.send(service.request(ServiceProtocol.VALUES + "/put").POST(service.encoded(encoded)).build(),
                "put " + encoded.size() + " values");
        encoded.forEach((address, bytes) -> remember(address, decoded.get(address), bytes.length));
    }

    @Override
    public boolean has(ValueAddress address) {
        if (known.getIfPresent(address) != null) {
            return true;
        }
        HttpResponse<byte[]> response = service.send(service.request(valuePath(address))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), "has value " + address, 404);
        boolean stored = response.statusCode() != 404;
        if (stored) {
            known.put(address, Boolean.TRUE);
        }
        return stored;
    }

    @Override
    public Set<ValueAddress> missing(Collection<ValueAddress> addresses) {
        List<ValueAddress> unknown = new ArrayList<>();
        for (ValueAddress address : new LinkedHashSet<>(addresses)) {
            if (known.getIfPresent(address) == null) {
                unknown.add(address);
            }
        }
        if (unknown.isEmpty()) {
            return new LinkedHashSet<>();
        }
        HttpResponse<byte[]> response = service.send(service.request(ServiceProtocol.VALUES + "/missing")
                .POST(service.encoded(unknown)).build(), "missing of " + unknown.size() + " values");
        Set<ValueAddress> missing = new LinkedHashSet<>();
        for (Object address : service.decode(response, List.class, "missing")) {
            missing.add((ValueAddress) address);
        }
        for (ValueAddress address : unknown) {
            if (!missing.contains(address)) {
                known.put(address, Boolean.TRUE);
            }
        }
        return missing;
    }

    @Override
    public Optional<StoredValue> get(ValueAddress address) {
        Cached cached = values.getIfPresent(address);
        if (cached != null) {
            return Optional.of(new StoredValue(cached.value()));
        }
        HttpResponse<byte[]> response = service.send(service.request(valuePath(address)).GET().build(),
                "get value " + address, 404);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(new StoredValue(verified(address, response.body())));
    }

    @Override
    public Map<ValueAddress, StoredValue> getAll(List<ValueAddress> addresses) {
        Map<ValueAddress, StoredValue> found = new LinkedHashMap<>();
        List<ValueAddress> toFetch = new ArrayList<>();
        for (ValueAddress address : addresses) {
            Cached cached = values.getIfPresent(address);
            if (cached != null) {
                found.put(address, new StoredValue(cached.value()));
            } else if (!toFetch.contains(address)) {
                toFetch.add(address);
            }
        }
        if (!toFetch.isEmpty()) {
            HttpResponse<byte[]> response = service.send(service.request(ServiceProtocol.VALUES + "/get")
                    .POST(service.encoded(toFetch)).build(), "get " + toFetch.size() + " values");
            Map<?, ?> fetched = service.decode(response, Map.class, "get values");
            for (ValueAddress address : toFetch) {
                if (fetched.get(address) instanceof byte[] bytes) {
                    found.put(address, new StoredValue(verified(address, bytes)));
                }
            }
        }
        // In the order asked, as the interface promises, whichever came from the cache.
        Map<ValueAddress, StoredValue> ordered = new LinkedHashMap<>();
        for (ValueAddress address : addresses) {
            StoredValue value = found.get(address);
            if (value != null) {
                ordered.put(address, value);
            }
        }
        return ordered;
    }

    @Override
    public StoreSize size() {
        HttpResponse<byte[]> response = service.send(service.request(ServiceProtocol.VALUES + "/size").GET().build(),
                "size");
        return service.decode(response, StoreSize.class, "size");
    }

    @Override
    public String location() {
        return service.base().toString();
    }

    @Override
    public void close() {
        values.invalidateAll();
        known.invalidateAll();
        if (ownsConnection) {
            service.close();
        }
    }

    private Object verified(ValueAddress address, byte[] encoded) {
        Object value;
        try {
            value = service.codec().decode(encoded);
        } catch (CorruptValueException e) {
            throw new CorruptValueException("value " + address + " from portal-service at " + service.base()
                    + " is damaged: " + e.getMessage(), e);
        }
        ValueAddress actual = ValueAddress.of(value);
        if (!actual.equals(address)) {
            throw new CorruptValueException("value " + address + " from portal-service at " + service.base()
                    + " holds a different value (" + actual + ")");
        }
        remember(address, value, encoded.length);
        return value;
    }

    private void remember(ValueAddress address, Object value, int encodedBytes) {
        known.put(address, Boolean.TRUE);
        if (service.options().valueCacheBytes() > 0) {
            values.put(address, new Cached(value, encodedBytes));
        }
    }

    private static String valuePath(ValueAddress address) {
        // The string form's ':' is legal in a path segment; descriptor and hash hold nothing else to escape.
        return ServiceProtocol.VALUES + "/" + address;
    }

    /** A decoded value and what it weighs: its encoded size, a fair proxy for its heap size that costs nothing. */
    private record Cached(Object value, int weight) {
    }
}
