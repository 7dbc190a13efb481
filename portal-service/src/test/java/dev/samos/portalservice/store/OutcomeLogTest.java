package dev.samos.portalservice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.portal.PortalStorageException;
import dev.samos.portalservice.store.OutcomeLog.Outcome;
import dev.samos.testkit.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class OutcomeLogTest {

    @RegisterExtension
    static final S3Server S3 = new S3Server();

    private static final AtomicInteger LOGS = new AtomicInteger();

    private final MutableClock clock = new MutableClock();
    private final S3Location location = new S3Location(S3.bucket(), "log-" + LOGS.incrementAndGet());

    private OutcomeLog log(int pageSize) {
        return log(pageSize, Duration.ZERO);
    }

    private OutcomeLog log(int pageSize, Duration pace) {
        return new OutcomeLog(S3.client(), location, new StorageCodec(), clock, pageSize, 4, pace);
    }

    @Test
    void replayGivesEveryOutcomeOfEveryBatchInTheOrderAppended() {
        try (OutcomeLog log = log(1000)) {
            List<Outcome> first = List.of(outcome(1), outcome(2));
            List<Outcome> second = List.of(outcome(3));
            String firstKey = log.append(first);
            clock.advanceMillis(1);
            String secondKey = log.append(second);

            List<Outcome> replayed = new ArrayList<>();
            OutcomeLog.Replayed answer = log.replay(replayed::add);

            assertThat(firstKey).matches("log-\\d+/outcomes/\\d{13}-[0-9a-f]{16}")
                    .contains("/outcomes/" + (clock.millis() - 1) + "-");
            assertThat(secondKey).isGreaterThan(firstKey);
            assertThat(answer).isEqualTo(new OutcomeLog.Replayed(2, 3, List.of()));
            assertThat(replayed).usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(outcome(1), outcome(2), outcome(3));
        }
    }

    @Test
    void anOutcomeKeepsEverythingTheIndexNeeds() {
        Outcome stored = new Outcome(execution(7), ValueAddress.of("bundle"),
                ExecutionIndex.Arguments.stored(ValueAddress.of(Map.of("x", "large"))),
                new ExecutionIndex.Result(ValueAddress.of(49), new StorageCodec().encode(49)),
                attempt(7).numbered(3));
        try (OutcomeLog log = log(1000)) {
            log.append(List.of(stored));
            List<Outcome> replayed = new ArrayList<>();
            log.replay(replayed::add);

            assertThat(replayed).singleElement().usingRecursiveComparison().isEqualTo(stored);
            assertThat(replayed.getFirst().kwargs().inline()).isNull();
            assertThat(replayed.getFirst().attempt().number()).isEqualTo(3);
        }
    }

    @Test
    void manyBatchesAreReadPageByPageInKeyOrder() {
        try (OutcomeLog log = log(7)) {
            for (int batch = 0; batch < 25; batch++) {
                int base = batch * 3;
                log.append(IntStream.range(base, base + 3).mapToObj(OutcomeLogTest::outcome).toList());
                clock.advanceMillis(batch % 2); // some batches share a millisecond: their order is the random part's
            }
            int listingsBefore = S3.requests("ListObjectsV2Request");

            List<Outcome> replayed = new ArrayList<>();
            OutcomeLog.Replayed answer = log.replay(replayed::add);

            assertThat(answer).isEqualTo(new OutcomeLog.Replayed(25, 75, List.of()));
            assertThat(S3.requests("ListObjectsV2Request") - listingsBefore).isEqualTo(4); // 7 + 7 + 7 + 4
            List<Integer> numbers = replayed.stream().map(o -> (int) (o.attempt().startMillis() / 1000)).toList();
            for (int i = 0; i < 75; i += 3) { // a batch's outcomes stay together, in their order
                int base = numbers.get(i);
                assertThat(numbers.subList(i, i + 3)).containsExactly(base, base + 1, base + 2);
            }
            // Batches 2k and 2k+1 share a millisecond; between milliseconds, the order appended holds.
            assertThat(numbers.stream().map(n -> n / 3 / 2).toList()).isSorted();
            assertThat(numbers).doesNotHaveDuplicates();
        }
    }

    @Test
    void aDamagedBatchIsReportedAndSkippedAndTheRestReplayed() {
        try (OutcomeLog log = log(2)) {
            log.append(List.of(outcome(1)));
            clock.advanceMillis(1);
            String truncated = log.append(List.of(outcome(2), outcome(3)));
            clock.advanceMillis(1);
            String notOutcomes = location.key("outcomes/" + clock.millis() + "-0000000000000000");
            S3.client().putObject(b -> b.bucket(S3.bucket()).key(notOutcomes),
                    RequestBody.fromBytes(new StorageCodec().encode(List.of("not", "outcomes"))));
            clock.advanceMillis(1);
            log.append(List.of(outcome(4)));
            byte[] bytes = S3.client().getObjectAsBytes(b -> b.bucket(S3.bucket()).key(truncated)).asByteArray();
            S3.client().putObject(b -> b.bucket(S3.bucket()).key(truncated),
                    RequestBody.fromBytes(Arrays.copyOf(bytes, bytes.length - 5)));

            List<Outcome> replayed = new ArrayList<>();
            OutcomeLog.Replayed answer = log.replay(replayed::add);

            assertThat(answer).isEqualTo(new OutcomeLog.Replayed(2, 2, List.of(truncated, notOutcomes)));
            assertThat(replayed).extracting(Outcome::execution).containsExactly(execution(1), execution(4));
        }
    }

    @Test
    void batchesWrittenByTheStorageCodecBeforeTheBatchFormatStillReplay() {
        try (OutcomeLog log = log(1000)) {
            String legacy = location.key("outcomes/" + clock.millis() + "-0000000000000000");
            S3.client().putObject(b -> b.bucket(S3.bucket()).key(legacy),
                    RequestBody.fromBytes(new StorageCodec().encode(List.of(outcome(1), outcome(2)))));
            clock.advanceMillis(1);
            String current = log.append(List.of(outcome(3)));
            byte[] written = S3.client().getObjectAsBytes(b -> b.bucket(S3.bucket()).key(current)).asByteArray();

            List<Outcome> replayed = new ArrayList<>();
            OutcomeLog.Replayed answer = log.replay(replayed::add);

            assertThat(OutcomeBatchFormat.isBatch(written)).isTrue();
            assertThat(answer).isEqualTo(new OutcomeLog.Replayed(2, 3, List.of()));
            assertThat(replayed).usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(outcome(1), outcome(2), outcome(3));
        }
    }

    @Test
    void appendsThatComeSoonerThanThePaceAfterAPutShareTheNextOne() throws Exception {
        try (OutcomeLog log = log(1000, Duration.ofSeconds(5));
                ExecutorService settles = Executors.newVirtualThreadPerTaskExecutor()) {
            String first = log.append(List.of(outcome(1)));
            int putsBefore = S3.requests("PutObjectRequest");

            // Far enough apart that each would have had a PUT of its own, back to back.
            List<Future<String>> keys = new ArrayList<>();
            for (int n = 2; n <= 4; n++) {
                List<Outcome> batch = List.of(outcome(n));
                keys.add(settles.submit(() -> log.append(batch)));
                Thread.sleep(300);
            }
            Set<String> written = new HashSet<>();
            for (Future<String> key : keys) {
                written.add(key.get(30, TimeUnit.SECONDS));
            }

            assertThat(written).hasSize(1).doesNotContain(first);
            assertThat(S3.requests("PutObjectRequest") - putsBefore).isEqualTo(1);
            List<Outcome> replayed = new ArrayList<>();
            assertThat(log.replay(replayed::add)).isEqualTo(new OutcomeLog.Replayed(2, 4, List.of()));
            assertThat(replayed).extracting(Outcome::execution)
                    .containsExactlyInAnyOrder(execution(1), execution(2), execution(3), execution(4));
        }
    }

    @Test
    void aLogThatWroteNothingLatelyWritesAtOnce() {
        try (OutcomeLog log = log(1000, Duration.ofSeconds(10))) {
            // Paced, this append would wait 10 s.
            String key = assertTimeoutPreemptively(Duration.ofSeconds(8), () -> log.append(List.of(outcome(1))));

            assertThat(S3.client().headObject(b -> b.bucket(S3.bucket()).key(key)).contentLength()).isPositive();
        }
    }

    @Test
    void closingFailsTheAppendsStillWaitingAndRefusesNewOnes() throws Exception {
        OutcomeLog log = log(1000, Duration.ofSeconds(10));
        try (ExecutorService settles = Executors.newVirtualThreadPerTaskExecutor()) {
            log.append(List.of(outcome(1)));
            Future<String> waiting = settles.submit(() -> log.append(List.of(outcome(2))));
            Thread.sleep(200); // let it queue behind the pace

            log.close();

            assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(PortalStorageException.class).hasMessageContaining("closed");
            assertThatThrownBy(() -> log.append(List.of(outcome(3))))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining("is closed");
        }
        try (OutcomeLog reader = log(1000)) {
            assertThat(reader.replay(o -> { })).isEqualTo(new OutcomeLog.Replayed(1, 1, List.of()));
        }
    }

    @Test
    void anErrorWhileWritingFailsThatBatchAndTheLogGoesOn() {
        AtomicInteger puts = new AtomicInteger();
        S3Client real = S3.client();
        // The first PUT throws an Error (as a heap run out would), the next ones reach S3.
        S3Client failingOnce = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
                new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    if (method.getName().equals("putObject") && puts.getAndIncrement() == 0) {
                        throw new StackOverflowError("a stand-in for an Error in the writer");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (OutcomeLog log = new OutcomeLog(failingOnce, location, new StorageCodec(), clock, 1000, 4,
                Duration.ZERO)) {
            Throwable first = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> catchThrowable(() -> log.append(List.of(outcome(1)))));

            assertThat(first).isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining("could not be written")
                    .hasMessageContaining("StackOverflowError");

            String key = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> log.append(List.of(outcome(2))));

            assertThat(key).contains("/outcomes/");
            List<Outcome> replayed = new ArrayList<>();
            log.replay(replayed::add);
            assertThat(replayed).extracting(Outcome::execution).containsExactly(execution(2));
        }
    }

    @Test
    void anEmptyLogReplaysNothing() {
        try (OutcomeLog log = log(1000)) {
            assertThat(log.replay(outcome -> { throw new AssertionError("nothing to replay"); }))
                    .isEqualTo(new OutcomeLog.Replayed(0, 0, List.of()));
        }
    }

    @Test
    void onlyDoneExecutionsAndNonEmptyBatchesAreLogged() {
        Attempt failed = new Attempt(1, "w", 0, 1, Attempt.Outcome.FAILED, "", "", "E", "boom", "", List.of());

        assertThatThrownBy(() -> new Outcome(execution(1), ValueAddress.of("f"),
                ExecutionIndex.Arguments.inline(new byte[] {1}), new ExecutionIndex.Result(ValueAddress.of(1), null),
                failed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FAILED");
        try (OutcomeLog log = log(1000)) {
            assertThatThrownBy(() -> log.append(List.of())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aMissingBucketIsAStorageErrorNamingTheOperation() {
        try (OutcomeLog log = new OutcomeLog(S3.client(), new S3Location("no-such-bucket", ""), clock)) {
            assertThatThrownBy(() -> log.append(List.of(outcome(1))))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining("S3 append of s3://no-such-bucket/outcomes/");
            assertThatThrownBy(() -> log.replay(o -> { }))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining("S3 list of s3://no-such-bucket/outcomes/");
        }
    }

    private static ExecutionAddress execution(int n) {
        return ExecutionAddress.of("square", ValueAddress.of("bundle"), Map.of("x", ValueAddress.of(n)));
    }

    private static Attempt attempt(int n) {
        return new Attempt(1, "worker-" + n, 1_000L * n, 1_000L * n + 5, Attempt.Outcome.DONE, "out " + n, "", null,
                null, null, List.of("unusedRam(1.0 GB): ok"));
    }

    private static Outcome outcome(int n) {
        StorageCodec codec = new StorageCodec();
        return new Outcome(execution(n), ValueAddress.of("bundle"),
                ExecutionIndex.Arguments.inline(codec.encode(Map.of("x", n))),
                new ExecutionIndex.Result(ValueAddress.of((long) n * n), codec.encode((long) n * n)), attempt(n));
    }
}
