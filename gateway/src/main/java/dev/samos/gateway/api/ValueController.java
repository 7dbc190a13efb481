package dev.samos.gateway.api;

import dev.samos.address.ValueAddress;
import dev.samos.api.StoredValue;
import dev.samos.codec.StorageCodec;
import dev.samos.portal.Portal;
import dev.samos.value.ValueJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
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
@Tag(name = "values", description = "Values by address, in the JSON form of docs/values.md")
public class ValueController {

    private final Portal portal;
    private final StorageCodec codec = new StorageCodec();

    ValueController(Portal portal) {
        this.portal = portal;
    }

    @Operation(operationId = "storeValue", summary = "Store a value (its JSON form); answers its address")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/Value"),
            examples = @ExampleObject(value = "{\"points\": [[1, 2], [3, 4]], \"raw\": {\"$bytes\": \"AQID\"}, \"tags\": {\"$set\": [\"a\", \"b\"]}}")))
    @ApiResponse(responseCode = "201", description = "Stored: its address", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = StoredValue.class)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<StoredValue> store(@RequestBody(required = false) String body) {
        ValueAddress address = portal.putValue(JsonBodies.value(body));
        return ResponseEntity.created(URI.create("/api/v1/values/" + address))
                .body(new StoredValue(address.toString()));
    }

    @Operation(operationId = "getValue", summary = "A value in its JSON form; Accept: application/octet-stream "
            + "gives the storage codec's bytes")
    @ApiResponse(responseCode = "200", description = "The value", content = @Content(
            mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/Value")))
    @GetMapping(path = "/{address}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Object read(@PathVariable String address) {
        return ValueJson.toJson(portal.getValue(ValueAddress.parse(address)));
    }

    @Operation(hidden = true)
    @GetMapping(path = "/{address}", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public byte[] readBinary(@PathVariable String address) {
        return codec.encode(portal.getValue(ValueAddress.parse(address)));
    }
}
