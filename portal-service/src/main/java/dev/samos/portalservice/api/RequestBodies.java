package dev.samos.portalservice.api;

import dev.samos.portalservice.backend.PortalServiceProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/** Reads request bodies up to {@code samos.portal.max-body-size}, refusing larger ones before buffering them. */
@Component
final class RequestBodies {

    private final long limit;

    RequestBodies(PortalServiceProperties properties) {
        this.limit = properties.maxBodySize().toBytes();
    }

    byte[] read(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw new ApiException.BodyTooLarge(declared, limit);
        }
        try (InputStream in = request.getInputStream()) {
            // A chunked body declares no length: read one byte past the limit to tell "at the limit" from "over".
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw new ApiException.BodyTooLarge(-1, limit);
            }
            return body;
        } catch (IOException e) {
            throw new ApiException.InvalidRequest("the request body could not be read: " + e.getMessage());
        }
    }
}
