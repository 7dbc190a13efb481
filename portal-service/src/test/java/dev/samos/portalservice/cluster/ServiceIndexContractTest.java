package dev.samos.portalservice.cluster;

import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndexContract;
import dev.samos.portal.service.ServiceExecutionIndex;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.testkit.MutableClock;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The execution index contract through the whole hop a gateway or executor makes: the HTTP client, portal-service,
 * and its cluster backend (Redis, with the outcome log in S3). The service's index is timed by a clock bean, which
 * the contract moves as its clock (reset at each test's start), and each test starts on an empty index (this class's
 * Redis keys deleted).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ServiceIndexContractTest extends ExecutionIndexContract {

    /** The service's clock: one for the class's Spring context, so the contract moves this one in every test. */
    static final MutableClock CLOCK = new MutableClock();

    @TestConfiguration(proxyBeanMethods = false)
    static class TimedByTheTest {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void clusterBackend(DynamicPropertyRegistry registry) {
        RunningCluster.properties(registry);
        registry.add("samos.portal.rebuild-check", () -> "1h"); // the contract's empty index is not to be rebuilt
    }

    @LocalServerPort
    int port;

    @Autowired
    RedisConnectionFactory redis;

    @Value("${samos.portal.index.prefix}")
    String prefix;

    private final List<ExecutionIndex> opened = new ArrayList<>();

    @Override
    protected MutableClock newClock() {
        CLOCK.reset();
        return CLOCK;
    }

    @Override
    protected ExecutionIndex newIndex(Clock clock) {
        try (RedisConnection connection = redis.getConnection();
                Cursor<byte[]> keys = connection.keyCommands().scan(ScanOptions.scanOptions()
                        .match(prefix + "*").count(1000).build())) {
            List<byte[]> all = new ArrayList<>();
            keys.forEachRemaining(all::add);
            if (!all.isEmpty()) {
                connection.keyCommands().del(all.toArray(byte[][]::new));
            }
        }
        ExecutionIndex index = new ServiceExecutionIndex(URI.create("http://localhost:" + port),
                ServiceOptions.defaults());
        opened.add(index);
        return index;
    }

    @org.junit.jupiter.api.AfterEach
    void closeClients() {
        opened.forEach(ExecutionIndex::close);
        opened.clear();
    }
}
