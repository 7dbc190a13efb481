/**
 * portal-service's internal HTTP API: a {@link dev.samos.store.ValueStore} and an
 * {@link dev.samos.index.ExecutionIndex} bean, whichever backend provides them, served to the gateway and the
 * executors in storage-codec bytes ({@link dev.samos.portal.service.ServiceProtocol}). Not public: it trusts its
 * network, but not its input — every body is decoded as hostile bytes, every value is checked against its address,
 * and bad input is a 4xx problem, never a 500.
 */
package dev.samos.portalservice.api;
