package dev.samos.gateway.api;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.portal.Portal;
import dev.samos.value.ValueJson;
import java.net.URI;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Values by address: store one (the body is a value in its JSON form), read one. */
@RestController
@RequestMapping("/api/v1/values")
public class ValueController {

    private final Portal portal;
    private final StorageCodec codec = new StorageCodec();

    ValueController(Portal portal) {
        this.portal = portal;
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Store a value (its JSON form); answers its address")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/json", examples = @io.swagger.v3.oas.annotations.media.ExampleObject(
                    value = "{\"points\": [[1, 2], [3, 4]], \"raw\": {\"$bytes\": \"AQID\"}, \"tags\": {\"$set\": [\"a\", \"b\"]}}")))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, String>> store(@RequestBody(required = false) String body) {
        ValueAddress address = portal.putValue(JsonBodies.value(body));
        return ResponseEntity.created(URI.create("/api/v1/values/" + address))
                .body(Map.of("address", address.toString()));
    }

    @GetMapping(path = "/{address}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Object read(@PathVariable String address) {
        return ValueJson.toJson(portal.getValue(ValueAddress.parse(address)));
    }

    @GetMapping(path = "/{address}", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public byte[] readBinary(@PathVariable String address) {
        return codec.encode(portal.getValue(ValueAddress.parse(address)));
    }
}
