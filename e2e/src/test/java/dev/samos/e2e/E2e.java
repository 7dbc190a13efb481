package dev.samos.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the harness finds the services' jars and puts its logs, as the module's pom passes them (system properties
 * {@code e2e.*}); each has a default for a run from the IDE with the module folder as working directory.
 */
public final class E2e {

    private static final java.util.Set<String> REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private E2e() {
    }

    /** The module's build folder, {@code e2e/target}. */
    public static Path target() {
        return Path.of(System.getProperty("e2e.target", "target")).toAbsolutePath().normalize();
    }

    /** The services' logs: {@code e2e/target/e2e-logs/<name>.log}. */
    public static Path logs() {
        return directory(target().resolve("e2e-logs"));
    }

    /** A working folder of the process {@code name} (its temporary files, a standalone gateway's portal). */
    public static Path work(String name) {
        return directory(target().resolve("e2e-work").resolve(name));
    }

    public static Path portalServiceJar() {
        return jar("portal-service", "samos-portal-service.jar");
    }

    public static Path executorServiceJar() {
        return jar("executor-service", "samos-executor-service.jar");
    }

    public static Path gatewayJar() {
        return jar("gateway", "samos-gateway.jar");
    }

    /** {@code -Xmx} of every service JVM, e.g. {@code 256m}. */
    public static String serviceHeap() {
        return System.getProperty("e2e.service.heap", "256m");
    }

    /**
     * The garbage collector of every service JVM: {@code e2e.service.gc}, {@code -XX:+UseSerialGC} unless set (the
     * cheapest on two shared cores with small heaps); a benchmark may ask for the deployments' default,
     * {@code -XX:+UseG1GC}.
     */
    public static String serviceGc() {
        return System.getProperty("e2e.service.gc", "-XX:+UseSerialGC");
    }

    /**
     * The packaged jar of a sibling module; fails naming the path and how to build it when it is missing (the e2e
     * tests run the jars `package` made, so run them through the reactor: {@code ./mvnw -pl e2e -am verify}).
     */
    static Path jar(String module, String file) {
        Path jar = Path.of(System.getProperty("e2e." + module + ".jar",
                target().getParent().resolveSibling(module).resolve("target").resolve(file).toString()))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the " + module + " jar is missing: " + jar
                    + " (build it with the reactor: ./mvnw -B -pl e2e -am verify -Pe2e, see e2e/README.md)");
        }
        if (REPORTED.add(module)) {
            try {
                System.out.printf("[e2e] %s jar: %s (%d bytes, modified %s)%n", module, jar, Files.size(jar),
                        Files.getLastModifiedTime(jar));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jar;
    }

    /** A TCP port free at the moment of asking (the caller binds it soon after; a collision is retried). */
    public static int freePort() {
        return dev.samos.portalservice.testkit.RedisTestServer.freePort(); // one copy, in the test-jar e2e uses
    }

    /**
     * Remembers a process this JVM started that carries no harness marker (redis-server), so that the next run kills
     * it if this JVM dies without stopping it (see {@link #killLeftovers()}); {@link #forget} when it is stopped.
     */
    static void remember(ProcessHandle process) {
        try {
            Files.writeString(pids().resolve(process.pid() + ".pid"),
                    process.info().startInstant().map(Object::toString).orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void forget(ProcessHandle process) {
        try {
            Files.deleteIfExists(pids().resolve(process.pid() + ".pid"));
        } catch (IOException e) {
            // the next run finds the process gone
        }
    }

    /**
     * Kills what an earlier run of this module left running because its JVM was killed before its shutdown hooks ran:
     * service processes (they carry {@code -Dsamos.e2e.harness=<this module's target>}) and remembered processes
     * that still run with the start time recorded (a pid reused since is left alone). Runs once per JVM.
     */
    static synchronized void killLeftovers() {
        if (leftoversKilled) {
            return;
        }
        leftoversKilled = true;
        String marker = ServiceProcess.marker() + " ";
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(p -> kill(p, "a service"));
        try (var files = Files.list(pids())) {
            for (Path file : files.toList()) {
                long pid = Long.parseLong(file.getFileName().toString().replace(".pid", ""));
                String started = Files.readString(file);
                ProcessHandle.of(pid)
                        .filter(p -> p.info().startInstant().map(Object::toString).orElse("").equals(started))
                        .ifPresent(p -> kill(p, "a server"));
                Files.deleteIfExists(file);
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("[e2e] could not look for leftovers: " + e);
        }
    }

    private static boolean leftoversKilled;

    private static void kill(ProcessHandle process, String what) {
        System.err.println("[e2e] killing " + what + " left over by an earlier run: pid " + process.pid() + " "
                + process.info().commandLine().orElse(""));
        process.destroyForcibly();
    }

    private static Path pids() {
        return directory(target().resolve("e2e-pids"));
    }

    private static Path directory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
