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
        return index.settle(batch(settlings), leases.owner(), options.leaseMillis(), claimNext).claimed();
    }

    /**
     * Settles {@code settlings} in one index operation; if the index refuses the batch as a whole, one by one.
     *
     * @return the executions whose settle was refused or failed
     */
    java.util.Set<dev.samos.execution.ExecutionAddress> settleEach(java.util.List<Settlements.Settling> settlings) {
        try {
            return index.settle(batch(settlings), leases.owner(), options.leaseMillis(), 0).refused();
        } catch (RuntimeException batchRefused) {
            return settleOneByOne(settlings);
        }
    }

    /**
     * Settles each of {@code settlings} on its own, so each settles or fails on its own (one that fails keeps its
     * lease until it expires, and another attempt runs it: at least once, never lost).
     *
     * @return the executions whose settle was refused or failed
     */
    java.util.Set<dev.samos.execution.ExecutionAddress> settleOneByOne(
            java.util.List<Settlements.Settling> settlings) {
        java.util.Set<dev.samos.execution.ExecutionAddress> refused = new java.util.HashSet<>();
        for (Settlements.Settling settling : settlings) {
            try {
                refused.addAll(index.settle(java.util.List.of(settling.settlement()), leases.owner(),
                        options.leaseMillis(), 0).refused());
            } catch (RuntimeException notSettled) {
                refused.add(settling.settlement().address());
            }
        }
        return refused;
    }

    private static java.util.List<ExecutionIndex.Settlement> batch(java.util.List<Settlements.Settling> settlings) {
        java.util.List<ExecutionIndex.Settlement> batch = new java.util.ArrayList<>(settlings.size());
        for (Settlements.Settling settling : settlings) {
            batch.add(settling.settlement());
        }
        return batch;
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
