/**
 * The gateway's wire protocol, written once: the request and response bodies of {@code /api/v1} as records, and
 * the list of problem types its errors carry. The gateway's controllers read and answer these records, its OpenAPI
 * document describes them, and the Java client ({@code RemotePortal}) sends and reads the same records, mapping
 * each {@link dev.samos.api.ProblemType} back to the typed exception embedded code sees.
 *
 * <p>A field typed {@code JsonNode} holds a value in its JSON form (docs/values.md); the gateway's OpenAPI document
 * names that schema {@code Value}.
 */
package dev.samos.api;
