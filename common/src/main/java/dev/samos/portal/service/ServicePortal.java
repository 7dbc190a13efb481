package dev.samos.portal.service;

import dev.samos.function.Resources;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.TaskRouting;
import dev.samos.validator.SystemResources;
import java.net.URI;
import java.time.Clock;

/**
 * A portal whose values and execution index live in portal-service: the one portal engine over a
 * {@link ServiceValueStore} and a {@link ServiceExecutionIndex} sharing one HTTP client. What a gateway or an
 * executor opens inside a cluster; every JVM that opens one on the same service sees the same results, leases and
 * queue.
 */
public final class ServicePortal {

    private ServicePortal() {
    }

    public static PortalEngine open(URI portalService, PortalOptions options) {
        return open(portalService, options, ServiceOptions.defaults());
    }

    public static PortalEngine open(URI portalService, PortalOptions options, ServiceOptions service) {
        return open(portalService, options, service, TaskRouting.LOCAL);
    }

    /**
     * A portal on portal-service whose tasks travel as {@code routing} says: a gateway publishes every call, an
     * executor publishes the calls its functions swarm.
     */
    public static PortalEngine open(URI portalService, PortalOptions options, ServiceOptions service,
            TaskRouting routing) {
        return open(portalService, options, service, routing, SystemResources.instance());
    }

    /** As above, with validators that see {@code resources} (what an executor offers) instead of the machine's. */
    public static PortalEngine open(URI portalService, PortalOptions options, ServiceOptions service,
            TaskRouting routing, Resources resources) {
        ServiceConnection connection = new ServiceConnection(portalService, service);
        // The value store owns the shared connection (closing it closes the HTTP client); the engine closes the
        // index first and the values last.
        return PortalEngine.open("cluster", new ServiceValueStore(connection, true),
                new ServiceExecutionIndex(connection, false), options, Clock.systemUTC(), routing, resources);
    }
}
