/**
 * A portal whose state lives in portal-service: {@link dev.samos.portal.service.ServiceValueStore} and
 * {@link dev.samos.portal.service.ServiceExecutionIndex} implement the portal's two seams over portal-service's
 * internal HTTP API, and {@link dev.samos.portal.service.ServicePortal} runs the one portal engine over them. The
 * protocol (routes, the storage-codec bodies, the problem types) is in {@link dev.samos.portal.service.ServiceProtocol}
 * and {@link dev.samos.portal.service.IndexCall}; portal-service's controllers speak the same types.
 */
package dev.samos.portal.service;
