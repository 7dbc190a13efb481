package dev.samos.portal;

import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex.Settlement;
import dev.samos.index.ExecutionIndex.Task;
import dev.samos.index.ExecutionIndex.TaskClaim;
import dev.samos.validator.ValidationFailedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tasks that a queue outside the index delivers (the cluster's Kafka share group): each record names an execution;
 * the index decides whether this worker runs it (it takes the lease) or the record is spent (done, failed, running
 * under another live lease). The index stays the truth and the queue is how work travels, so a lost or duplicated
 * record never loses or doubles a computation.
 */
final class DeliveredTasks {

    private final PortalParts parts;
    private final SwarmQueue swarm;
    /** Set once this JVM is stopping: no task is started any more, and those claimed are given back. */
    private volatile boolean draining;

    DeliveredTasks(PortalParts parts, SwarmQueue swarm) {
        this.parts = parts;
        this.swarm = swarm;
    }

    /**
     * Claims, runs and settles the executions {@code addresses} name; answers in their order. A task declined
     * {@code declineLimit} times or more, by every live worker among them, fails for good, naming its validators.
     */
    List<TaskRun> execute(List<ExecutionAddress> addresses, int declineLimit) {
        if (draining) {
            return addresses.stream().<TaskRun>map(TaskRun.Released::new).toList();
        }
        List<TaskClaim> claims = parts.index().claimTasks(addresses, parts.leases().owner(),
                parts.options().leaseMillis());
        TaskRun[] answers = new TaskRun[addresses.size()];
        List<Task> taken = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            ExecutionAddress address = addresses.get(i);
            switch (claims.get(i)) {
                case TaskClaim.Taken t -> {
                    taken.add(t.task());
                    positions.add(i);
                }
                case TaskClaim.Finished f -> answers[i] = new TaskRun.Skipped(address, "already " + f.status());
                case TaskClaim.Busy b -> answers[i] = new TaskRun.Skipped(address, "running under the lease of "
                        + b.owner());
                case TaskClaim.Unknown u -> answers[i] = new TaskRun.Skipped(address,
                        "no execution has this address");
            }
        }
        List<TaskRun> ran = run(taken, declineLimit);
        for (int i = 0; i < ran.size(); i++) {
            answers[positions.get(i)] = ran.get(i);
        }
        return List.of(answers);
    }

    /**
     * Claims and runs up to {@code limit} stale executions straight from the index, oldest first: what no record
     * carries any more — the task of a worker that died after its record was spent (its lease expired), a retry
     * whose new record was lost, a request whose publisher died before publishing (PENDING and runnable for
     * {@code staleAfterMillis} at least). Fresh PENDING executions are left to their records: a sweep that took them
     * would only race the records, which then find them busy or done.
     */
    List<TaskRun> sweep(int limit, int declineLimit, long staleAfterMillis) {
        if (draining) {
            return List.of();
        }
        List<Task> tasks = parts.index().claimStale(parts.leases().owner(), parts.options().leaseMillis(), limit,
                staleAfterMillis);
        return run(tasks, declineLimit);
    }

    /** Runs claimed {@code tasks} and settles them. */
    private List<TaskRun> run(List<Task> tasks, int declineLimit) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        parts.leases().holding(tasks);
        try {
            List<Settlements.Settling> settlings = new ArrayList<>(tasks.size());
            for (Task task : tasks) {
                if (draining) {
                    settlings.add(givenBack(task));
                    continue;
                }
                Ran ran = swarm.run(task);
                Settlements.Settling settling = parts.settlements().forTask(task, ran);
                if (settling.settlement() instanceof Settlement.HandBack back) {
                    settling = declinedForGood(task.address(), declineLimit) ? failedEverywhere(task, settling.ran())
                            : runnableNow(back, settling.ran());
                }
                settlings.add(settling);
            }
            Set<ExecutionAddress> refused = parts.settleEach(settlings);
            parts.settled(settlings);
            List<TaskRun> runs = new ArrayList<>(settlings.size());
            for (Settlements.Settling settling : settlings) {
                runs.add(refused.contains(settling.settlement().address())
                        ? new TaskRun.Skipped(settling.settlement().address(), "its lease was lost before it settled")
                        : outcome(settling));
            }
            return runs;
        } finally {
            parts.leases().releaseAll(tasks);
        }
    }

    /**
     * From now on no task is started here: a batch or sweep that runs gives its unstarted tasks back (PENDING again at
     * once, the attempt recorded as {@link Attempt.Outcome#RELEASED} and not counted as a try), and new ones are
     * answered {@link TaskRun.Released} without being claimed. The running ones finish. For a graceful stop: what a
     * stopping worker holds goes to another at once, instead of keeping the stop waiting for a whole batch.
     */
    void drain() {
        draining = true;
    }

    private Settlements.Settling givenBack(Task task) {
        long now = parts.clock().millis();
        Attempt released = new Attempt(task.lease().attempt(), parts.leases().owner(), now, now,
                Attempt.Outcome.RELEASED, "", "", null, "given back unstarted: its worker was stopping", null,
                List.of());
        return new Settlements.Settling(new Settlement.HandBack(task.address(), task.lease(), released, now),
                Ran.unstarted(now));
    }

    /**
     * Declined {@code declineLimit} times (this time included), and every worker alive now said no at least once:
     * nobody will run it as things stand. The count and the workers come from the index, so declines by a sweep and
     * by record deliveries count alike, whatever the queue did with its records.
     */
    private boolean declinedForGood(ExecutionAddress address, int declineLimit) {
        Set<String> decliners = new HashSet<>();
        decliners.add(parts.leases().owner());
        int declines = 1;
        for (Attempt attempt : parts.index().attempts(address)) {
            if (attempt.outcome() == Attempt.Outcome.NOT_RUN) {
                decliners.add(attempt.worker());
                declines++;
            }
        }
        // A generous window: a worker whose heartbeat is late must not be taken for gone, or a task it could run
        // would fail; a worker that died counts a little longer, and such a task fails a little later.
        return declines >= declineLimit
                && decliners.size() >= parts.index().liveWorkers(10 * parts.options().leaseMillis());
    }

    /**
     * A declined delivered task is runnable again at once: its record, held a moment by the executor, is its schedule
     * here, and the pause a hand-back gets elsewhere (so that one worker's queue does not spin on it) would only
     * keep another worker's sweep from taking it while the record goes round the executors that decline it.
     */
    private Settlements.Settling runnableNow(Settlement.HandBack back, Ran ran) {
        return new Settlements.Settling(new Settlement.HandBack(back.address(), back.lease(), back.attempt(),
                parts.clock().millis()), ran);
    }

    private Settlements.Settling failedEverywhere(Task task, Ran declined) {
        String reason = "no live worker satisfies the pre-validators of " + task.address() + ": "
                + String.join("; ", declined.validation());
        Ran failed = Ran.failed(new ValidationFailedException(reason), declined.start(), parts.clock().millis(),
                declined.buffers()).validated(declined.validation());
        return new Settlements.Settling(new Settlement.Failed(task.address(), task.lease(),
                failed.attempt(task.lease().attempt(), parts.leases().owner())), failed);
    }

    private static TaskRun outcome(Settlements.Settling settling) {
        Ran ran = settling.ran();
        return switch (settling.settlement()) {
            case Settlement.Done d -> new TaskRun.Succeeded(d.address(), ran.end() - ran.start());
            case Settlement.Retry r -> new TaskRun.Retrying(r.address(), r.notBefore(), failure(ran));
            case Settlement.HandBack h when h.attempt().outcome() == Attempt.Outcome.RELEASED ->
                    new TaskRun.Released(h.address());
            case Settlement.HandBack h -> new TaskRun.Declined(h.address(), ran.validation());
            case Settlement.Failed f -> new TaskRun.Failed(f.address(), failure(ran), ran.validation());
        };
    }

    private static String failure(Ran ran) {
        if (ran.failure() == null) {
            return "declined";
        }
        return ran.failure().getClass().getName()
                + (ran.failure().getMessage() == null ? "" : ": " + ran.failure().getMessage());
    }
}
