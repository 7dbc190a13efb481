package dev.samos.portalservice.backend;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code samos.portal.*}: where portal-service keeps a portal's state, and what it accepts.
 *
 * @param backend which value store and execution index the service runs on
 * @param folder the portal folder of the {@code folder} backend (values and a SQLite index); required for it
 * @param maxBodySize the largest request body accepted (one value, or one batch); larger ones are refused with 413
 *        before they are read, so one client cannot make the service buffer without bound
 */
@ConfigurationProperties("samos.portal")
public record PortalServiceProperties(
        @DefaultValue("folder") Backend backend,
        Path folder,
        @DefaultValue("64MB") DataSize maxBodySize) {

    public PortalServiceProperties {
        if (maxBodySize.toBytes() <= 0 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("samos.portal.max-body-size must be between 1 B and 2 GB, got "
                    + maxBodySize);
        }
    }

    /** Where the portal's values and index live. */
    public enum Backend {
        /** A portal folder on this machine ({@link dev.samos.portal.LocalStores}): development, one-node setups. */
        FOLDER,
        /** S3 for values and Redis for the index, the production pair; its beans are configured elsewhere. */
        CLUSTER
    }
}
