package dev.samos.portal;

import dev.samos.index.ExecutionIndex;
import dev.samos.store.ValueStore;
import java.time.Clock;

/**
 * The parts of a portal engine that its call path and its swarm queue share: the two stores under them, and the
 * steps of an execution (run, settle, wait) over them.
 */
record PortalParts(ValueStore values, ExecutionIndex index, InlineValues inline, Results results, Functions functions,
        AttemptRunner runner, ValidationStep validators, Settlements settlements, LeaseKeeper leases,
        Waiters waiters, Tally tally, PortalOptions options, Clock clock) {

    /** Runs the index's settle for {@code settlings} under this JVM's leases, claiming {@code claimNext} more. */
    java.util.List<ExecutionIndex.Task> settle(java.util.List<Settlements.Settling> settlings, int claimNext) {
        java.util.List<ExecutionIndex.Settlement> batch = new java.util.ArrayList<>(settlings.size());
        for (Settlements.Settling settling : settlings) {
            batch.add(settling.settlement());
        }
        return index.settle(batch, leases.owner(), options.leaseMillis(), claimNext).claimed();
    }

    /** After a settle: the attempts noted, successful results kept in memory, this JVM's waiters woken. */
    void settled(java.util.List<Settlements.Settling> settlings) {
        for (Settlements.Settling settling : settlings) {
            ExecutionIndex.Settlement settlement = settling.settlement();
            tally.attempted(settlement.attempt());
            if (settlement instanceof ExecutionIndex.Settlement.Done) {
                results.remember(settlement.address(), settling.ran().result());
            }
            waiters.settled(settlement.address());
        }
    }
}
