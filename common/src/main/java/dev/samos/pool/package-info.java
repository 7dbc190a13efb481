/**
 * Pools and map (like pathos): {@link dev.samos.pool.Pool} runs a function over several zipped inputs on platform
 * or virtual threads, or in child JVMs ({@link dev.samos.pool.Pool#processes(int)}, which ship the function as a
 * function bundle with its captures as values) — eagerly ({@code map}), lazily in order ({@code imap}) or as
 * results finish ({@code uimap}), asynchronously ({@code amap}) — and single calls ({@code pipe}, {@code apipe}).
 * Work is handed over in chunks.
 */
package dev.samos.pool;
