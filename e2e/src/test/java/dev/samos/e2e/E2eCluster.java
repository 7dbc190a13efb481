package dev.samos.e2e;

/** Settings the cluster tests share: short leases and sweeps, so recovery is quick, and the gateway's token. */
final class E2eCluster {

    static final String TOKEN = "e2e-token";

    static final String[] GATEWAY_ARGS = {"--samos.gateway.tokens=" + TOKEN, "--server.address=127.0.0.1"};

    static final String[] EXECUTOR_ARGS = {"--samos.executor.lease-millis=3000",
            "--samos.executor.sweep-interval=1s", "--samos.executor.retry-millis=200",
            "--samos.executor.decline-delay=50ms", "--samos.executor.concurrency=2"};

    private E2eCluster() {
    }
}
