/**
 * Memoized recursive functions whose branches run in parallel (PySpeedup's {@code Cache}): {@link
 * dev.samos.cache.RecursiveCache} in memory for plain lambdas, {@link dev.samos.cache.PortalCache} stored through a
 * portal for pure functions; both are {@link dev.samos.cache.AsyncCache}s.
 */
package dev.samos.cache;
