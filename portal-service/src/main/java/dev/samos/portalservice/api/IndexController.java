package dev.samos.portalservice.api;

import dev.samos.index.ExecutionIndex;
import dev.samos.portal.service.IndexCall;
import dev.samos.portal.service.ServiceProtocol;
import jakarta.servlet.http.HttpServletRequest;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@link ExecutionIndex} bean over HTTP: {@code POST /internal/index/{operation}} with the operation's
 * {@link IndexCall} as its body, answered with the operation's result (null for those that have none), both in the
 * wire codec's form ({@link ServiceProtocol#WIRE}). Atomicity is the backend's: one call here is one call on the index, so a refused or failed
 * call changed nothing there.
 */
@RestController
@RequestMapping(ServiceProtocol.INDEX)
final class IndexController {

    private final ExecutionIndex index;
    private final RequestBodies bodies;

    IndexController(ExecutionIndex index, RequestBodies bodies) {
        this.index = index;
        this.bodies = bodies;
    }

    @PostMapping(path = "/{operation}", consumes = ServiceProtocol.CONTENT_TYPE)
    ResponseEntity<byte[]> call(@PathVariable String operation, HttpServletRequest request) {
        Class<? extends IndexCall> type = IndexCall.OPERATIONS.get(operation);
        if (type == null) {
            throw new ApiException.UnknownOperation("no index operation is called '" + operation + "'; the"
                    + " operations are " + new TreeSet<>(IndexCall.OPERATIONS.keySet()));
        }
        Object decoded = ServiceProtocol.WIRE.decode(bodies.read(request));
        if (!type.isInstance(decoded)) {
            throw new ApiException.InvalidRequest("the body of index operation '" + operation + "' must be an "
                    + type.getName() + ", it holds a " + ValueController.typeName(decoded));
        }
        Object answer;
        try {
            answer = type.cast(decoded).applyTo(index);
        } catch (NullPointerException | ClassCastException | IllegalArgumentException e) {
            // The records check their own fields, but generics are erased: a list of the wrong element type, or a
            // null inside an index record, only shows when the backend uses it. The backend applies a call in one
            // transaction or script, so it failed whole.
            throw new ApiException.InvalidRequest("index operation '" + operation + "' refused its arguments: " + e);
        }
        return ValueController.kryo(ServiceProtocol.WIRE.encode(answer));
    }
}
