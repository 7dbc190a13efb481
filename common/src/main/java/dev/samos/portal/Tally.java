package dev.samos.portal;

import dev.samos.execution.Attempt;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** How calls on one portal instance were answered, and who is told of each attempt it records. */
final class Tally {

    final LongAdder calls = new LongAdder();
    final LongAdder hotHits = new LongAdder();
    final LongAdder storeHits = new LongAdder();
    private final LongAdder computed = new LongAdder();
    private final List<Consumer<Attempt>> listeners = new CopyOnWriteArrayList<>();

    void attempted(Attempt attempt) {
        if (attempt.outcome().ran()) {
            computed.increment();
        }
        for (Consumer<Attempt> listener : listeners) {
            listener.accept(attempt);
        }
    }

    void onAttempt(Consumer<Attempt> listener) {
        listeners.add(listener);
    }

    PortalStats stats() {
        return new PortalStats(calls.sum(), hotHits.sum(), storeHits.sum(), computed.sum());
    }
}
