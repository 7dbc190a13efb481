package dev.samos.portal;

import java.util.Map;

/**
 * The summary of a portal; a value (so it has a JSON form for programs), with {@link #toString()} for people.
 *
 * @param executions execution counts by status name (PENDING, RUNNING, DONE, FAILED)
 * @param workersAlive JVMs with worker threads on this portal that sent a heartbeat recently
 * @param workerThreadsAlive their worker threads
 * @param validators the validators functions on this portal have used, e.g. {@code pre unusedRam(4.0 GB)}
 */
public record PortalDescription(String kind, String location, long values, long bytesStored, long functions,
        Map<String, Long> executions, long workersAlive, long workerThreadsAlive, java.util.List<String> validators) {

    public PortalDescription {
        executions = Map.copyOf(executions);
        validators = java.util.List.copyOf(validators);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append("Samos portal (").append(kind).append(") at ").append(location).append('\n');
        text.append(String.format("  values:      %,d (%,d bytes stored)%n", values, bytesStored));
        text.append(String.format("  functions:   %,d%n", functions));
        text.append("  executions: ");
        for (String status : new String[] {"PENDING", "RUNNING", "DONE", "FAILED"}) {
            text.append(String.format(" %s %,d", status.toLowerCase(), executions.getOrDefault(status, 0L)));
        }
        text.append('\n');
        text.append(String.format("  workers:     %,d alive (%,d threads)%n", workersAlive, workerThreadsAlive));
        text.append("  validators:  ").append(validators.isEmpty() ? "none" : String.join(", ", validators))
                .append('\n');
        return text.toString();
    }
}
