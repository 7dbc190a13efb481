/**
 * A look-ahead buffered sequence over a generator (PySpeedup's {@code Buffer}): {@link
 * dev.samos.sequence.BufferedSequence}, its {@link dev.samos.sequence.HaltCondition} for membership searches, and the
 * {@link dev.samos.sequence.ItemStore} older items can spill to.
 */
package dev.samos.sequence;
