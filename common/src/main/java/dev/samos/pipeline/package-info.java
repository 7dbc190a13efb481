/**
 * Lazy multi-stage pipelines (like pyper): {@link dev.samos.pipeline.Pipeline} composes
 * {@link dev.samos.pipeline.Task}s, each run by its own virtual-thread workers and joined to the next by a bounded
 * batching channel. Pure stages are memoized through the portal, so a re-run resumes from stored results.
 */
package dev.samos.pipeline;
