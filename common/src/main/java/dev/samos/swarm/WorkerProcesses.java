package dev.samos.swarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker processes a program starts on a portal folder: child JVMs running {@link Worker} with this JVM's class path
 * and {@code samos.*} system properties. They stop when closed, when this JVM shuts down, and — through
 * {@code --exit-with} — even when this JVM is killed, so none is ever left behind.
 */
public final class WorkerProcesses implements AutoCloseable {

    private final List<Process> processes;
    private final Thread shutdownHook;

    private WorkerProcesses(List<Process> processes) {
        this.processes = processes;
        this.shutdownHook = new Thread(this::stopAll, "samos-worker-processes-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code count} worker processes with {@code threads} worker threads each on {@code folder}. */
    public static WorkerProcesses start(Path folder, int count, int threads) {
        List<Process> started = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                System.getProperties().stringPropertyNames().stream()
                        .filter(name -> name.startsWith("samos."))
                        .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(Worker.class.getName());
                command.addAll(List.of("--portal", folder.toAbsolutePath().toString(), "--threads",
                        Integer.toString(threads), "--exit-with", Long.toString(ProcessHandle.current().pid())));
                started.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(folder.resolve("worker-" + i + ".log").toFile()).start());
            }
        } catch (IOException e) {
            started.forEach(Process::destroyForcibly);
            throw new UncheckedIOException("cannot start worker processes: " + e.getMessage(), e);
        }
        return new WorkerProcesses(started);
    }

    public List<ProcessHandle> handles() {
        return processes.stream().map(Process::toHandle).toList();
    }

    /** Stops every worker: SIGTERM (they finish or hand back their calls), then SIGKILL after 30 s. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs stopAll too.
        }
    }

    private void stopAll() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

}
