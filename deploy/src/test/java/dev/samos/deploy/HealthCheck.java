package dev.samos.deploy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Runs the image's health check script (deploy/docker/healthcheck.sh) against a port on this machine. */
final class HealthCheck {

    private HealthCheck() {
    }

    /** The script's exit status: 0 healthy. */
    static int run(int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash",
                DeployFiles.file("deploy/docker/healthcheck.sh").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SAMOS_PORT", Integer.toString(port));
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the health check did not end within 30 s");
        }
        return process.exitValue();
    }
}
