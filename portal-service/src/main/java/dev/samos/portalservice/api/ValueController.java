package dev.samos.portalservice.api;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import dev.samos.portal.service.ServiceProtocol;
import dev.samos.store.StoredValue;
import dev.samos.store.ValueStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@link ValueStore} bean over HTTP (routes in {@link ServiceProtocol}). A value is accepted only if it decodes
 * and hashes to the address it is sent under — the store is content-addressed, and a wrong value stored under an
 * address would be served as that address's value to every JVM of the cluster. A batch is checked whole before any
 * of it is stored.
 */
@RestController
@RequestMapping(ServiceProtocol.VALUES)
final class ValueController {

    private static final MediaType KRYO = MediaType.parseMediaType(ServiceProtocol.CONTENT_TYPE);

    private final ValueStore values;
    private final RequestBodies bodies;
    private final StorageCodec codec = new StorageCodec(ValueController.class.getClassLoader());

    ValueController(ValueStore values, RequestBodies bodies) {
        this.values = values;
        this.bodies = bodies;
    }

    @PutMapping(path = "/{address}", consumes = ServiceProtocol.CONTENT_TYPE)
    ResponseEntity<Void> put(@PathVariable String address, HttpServletRequest request) {
        ValueAddress target = ValueAddress.parse(address);
        values.put(target, verified(target, bodies.read(request)));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{address}")
    ResponseEntity<byte[]> get(@PathVariable String address) {
        ValueAddress target = ValueAddress.parse(address);
        StoredValue value = stored(() -> values.get(target)).orElseThrow(() -> new ApiException.UnknownAddress(
                "no value is stored at " + target + " in " + values.location()));
        return kryo(codec.encode(value.value()));
    }

    @RequestMapping(path = "/{address}", method = RequestMethod.HEAD)
    ResponseEntity<Void> has(@PathVariable String address) {
        return values.has(ValueAddress.parse(address)) ? ResponseEntity.ok().build()
                : ResponseEntity.notFound().build();
    }

    @PostMapping(path = "/put", consumes = ServiceProtocol.CONTENT_TYPE)
    ResponseEntity<Void> putAll(HttpServletRequest request) {
        Map<?, ?> batch = decode(bodies.read(request), Map.class, "a map of value address to encoded value");
        Map<ValueAddress, Object> checked = new LinkedHashMap<>();
        batch.forEach((address, encoded) -> {
            if (!(address instanceof ValueAddress target) || !(encoded instanceof byte[] bytes)) {
                throw new ApiException.InvalidRequest("a batch of values maps each ValueAddress to the value's"
                        + " encoded bytes; got " + typeName(address) + " → " + typeName(encoded));
            }
            checked.put(target, verified(target, bytes));
        });
        values.putAll(checked);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/get", consumes = ServiceProtocol.CONTENT_TYPE)
    ResponseEntity<byte[]> getAll(HttpServletRequest request) {
        List<ValueAddress> addresses = addresses(bodies.read(request));
        Map<ValueAddress, byte[]> found = new LinkedHashMap<>();
        stored(() -> values.getAll(addresses)).forEach((address, value) -> found.put(address, codec.encode(value.value())));
        return kryo(ServiceProtocol.WIRE.encode(found));
    }

    @PostMapping(path = "/missing", consumes = ServiceProtocol.CONTENT_TYPE)
    ResponseEntity<byte[]> missing(HttpServletRequest request) {
        return kryo(ServiceProtocol.WIRE.encode(new ArrayList<>(values.missing(addresses(bodies.read(request))))));
    }

    @GetMapping("/size")
    ResponseEntity<byte[]> size() {
        return kryo(ServiceProtocol.WIRE.encode(values.size()));
    }

    /** Reads from the store, where a CorruptValueException is the store's damage, not a bad request body. */
    private static <T> T stored(Supplier<T> read) {
        try {
            return read.get();
        } catch (CorruptValueException e) {
            throw new ApiException.StoredValueDamaged(e.getMessage());
        }
    }

    private Object verified(ValueAddress address, byte[] encoded) {
        Object value = codec.decode(encoded);
        ValueAddress actual = ValueAddress.of(value);
        if (!actual.equals(address)) {
            throw new ApiException.AddressMismatch("the value sent for " + address + " hashes to " + actual
                    + "; nothing was stored");
        }
        return value;
    }

    private List<ValueAddress> addresses(byte[] body) {
        List<?> list = decode(body, List.class, "a list of value addresses");
        List<ValueAddress> addresses = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof ValueAddress address)) {
                throw new ApiException.InvalidRequest("expected a list of value addresses, it holds a "
                        + typeName(item));
            }
            addresses.add(address);
        }
        return addresses;
    }

    private <T> T decode(byte[] body, Class<T> type, String expected) {
        Object decoded = ServiceProtocol.WIRE.decode(body);
        if (!type.isInstance(decoded)) {
            throw new ApiException.InvalidRequest("expected " + expected + ", the body holds a " + typeName(decoded));
        }
        return type.cast(decoded);
    }

    static String typeName(Object value) {
        return Optional.ofNullable(value).map(v -> v.getClass().getName()).orElse("null");
    }

    static ResponseEntity<byte[]> kryo(byte[] body) {
        return ResponseEntity.ok().contentType(KRYO).body(body);
    }
}
