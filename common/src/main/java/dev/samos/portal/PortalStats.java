package dev.samos.portal;

/**
 * Counters of one portal instance since it was opened, for monitoring (the gateway turns them into Prometheus
 * metrics): how calls were answered.
 *
 * @param calls synchronous calls made
 * @param hotHits calls answered from the in-memory cache of results
 * @param storeHits calls answered from the folder
 * @param computed executions run by this JVM (calls and swarmed tasks), successful or not
 */
public record PortalStats(long calls, long hotHits, long storeHits, long computed) {
}
