package dev.samos.portalservice.store;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.portal.PortalStorageException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every execution the index calls DONE, in S3: S3 is the cluster's source of truth and Redis only an index over it,
 * so a Redis that lost everything is rebuilt by {@link #replay replaying} this log. It is append-only: one object per
 * {@link #append batch} of outcomes (the settles of one moment: one PUT, not one per execution), under
 * {@code <prefix>outcomes/<epoch millis, 13 digits>-<16 random hex digits>}, whose body is the batch's outcomes in the
 * {@link OutcomeBatchFormat} (objects written before it, as the storage-codec bytes of a list of {@link Outcome}s, are
 * still read). Keys sort by the writer's clock; the random part keeps two writers in the same
 * millisecond apart, and the PUT is conditional ({@code If-None-Match: *}) so no batch is ever overwritten.
 *
 * <p>Order across portal-service instances is only as good as their clocks, and the same execution may be DONE in
 * two batches (a worker that lost its lease finished anyway). A rebuild therefore must not depend on order: every
 * outcome is a fact about a pure function, and any DONE result of an execution is its result.
 *
 * <p>Append before the index marks the executions DONE: then the index never holds a result that S3 lacks. The
 * values an outcome points to (a stored result, stored kwargs) are in the value store before that.
 */
public final class OutcomeLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeLog.class);
    private static final String OUTCOMES = "outcomes/";
    /** The most keys S3 answers per listing request. */
    public static final int DEFAULT_PAGE_SIZE = 1000;
    /**
     * {@code samos.portal.outcome-pace}'s default: back to back. Every settle of a DONE outcome waits for its PUT, so
     * a pace is latency that the executors' batches must cover: on the cluster benchmark 100 ms cut the swarm from
     * 3,876 to 3,361 tasks/s with the box 13% idle (bench/README.md). It is for saving PUT requests, not CPU.
     */
    public static final Duration DEFAULT_PACE = Duration.ZERO;

    private final S3Client s3;
    private final S3Location location;
    private final StorageCodec codec;
    private final Clock clock;
    private final int pageSize;
    private final long paceNanos;
    private final SecureRandom random = new SecureRandom();
    private final Fanout fanout;
    private final BlockingQueue<Appending> appending = new LinkedBlockingQueue<>();
    private Thread writer;
    private boolean closed;

    public OutcomeLog(S3Client s3, S3Location location, Clock clock) {
        this(s3, location, new StorageCodec(), clock, DEFAULT_PAGE_SIZE, S3ValueStore.DEFAULT_CONCURRENCY,
                DEFAULT_PACE);
    }

    /**
     * @param pace the least time between the starts of two PUTs: appends that come sooner after a PUT wait for the
     *     next one together. An append to a log that wrote nothing for that long is written at once, so only a busy
     *     log waits, and it writes fewer, larger objects (each PUT is a request S3 charges for, and costs the
     *     service and the S3 server the same whatever its size); {@link Duration#ZERO}: back to back
     */
    public OutcomeLog(S3Client s3, S3Location location, StorageCodec codec, Clock clock, int pageSize,
            int concurrency, Duration pace) {
        if (pageSize < 1 || pageSize > DEFAULT_PAGE_SIZE) {
            throw new IllegalArgumentException("the listing page size must be within 1.." + DEFAULT_PAGE_SIZE
                    + ", got " + pageSize);
        }
        if (pace.isNegative() || pace.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("the outcome log's pace must be within 0..10s, got " + pace);
        }
        this.paceNanos = pace.toNanos();
        this.s3 = s3;
        this.location = location;
        this.codec = codec;
        this.clock = clock;
        this.pageSize = pageSize;
        this.fanout = new Fanout("s3-outcomes", concurrency);
    }

    /**
     * An execution that is DONE, as the index holds it: what ran (function, kwargs), what it gave, and the attempt
     * that gave it.
     */
    public record Outcome(ExecutionAddress execution, ValueAddress function, ExecutionIndex.Arguments kwargs,
            ExecutionIndex.Result result, Attempt attempt) {

        public Outcome {
            Objects.requireNonNull(execution, "execution");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(kwargs, "kwargs");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(attempt, "attempt");
            if (attempt.outcome() != Attempt.Outcome.DONE) {
                throw new IllegalArgumentException("the outcome log holds DONE executions only; " + execution
                        + " has a " + attempt.outcome() + " attempt");
            }
        }
    }

    /** What a replay read: batches and outcomes delivered, and the keys of batches skipped because damaged. */
    public record Replayed(long batches, long outcomes, List<String> skipped) {
        public Replayed {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Writes a batch, atomically (S3 shows the whole object or none), and returns once it is in S3. Batches appended
     * at the same time by several settles are written together as one object (a group commit): a PUT takes tens of
     * milliseconds, and every settle of DONE outcomes waits for one, so concurrent settles share it instead of
     * queueing for one each.
     *
     * @return the key of the object that holds the batch
     * @throws dev.samos.portal.PortalStorageException if S3 refused or could not be reached: nothing was written
     */
    public String append(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("an outcome batch holds at least one outcome");
        }
        Appending mine = new Appending(List.copyOf(outcomes), new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                throw new PortalStorageException("the outcome log of " + location.uri(OUTCOMES) + " is closed",
                        null);
            }
            appending.add(mine);
            startWriter();
        }
        try {
            return mine.written().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** A batch waiting for the writer, and where it learns the key it was written under. */
    private record Appending(List<Outcome> outcomes, CompletableFuture<String> written) {
    }

    private void startWriter() {
        if (writer == null) {
            writer = Thread.ofPlatform().daemon().name("samos-outcome-writer").start(this::writeForever);
        }
    }

    /** Takes whatever batches wait (once the pace allows a PUT), writes them as one object, tells each; again. */
    private void writeForever() {
        List<Appending> group = new ArrayList<>();
        long lastPut = System.nanoTime() - paceNanos;
        while (true) {
            try {
                group.add(appending.take());
                long early = lastPut + paceNanos - System.nanoTime();
                if (early > 0) {
                    TimeUnit.NANOSECONDS.sleep(early);
                }
            } catch (InterruptedException closing) {
                appending.drainTo(group);
                PortalStorageException failure = new PortalStorageException("the outcome log of "
                        + location.uri(OUTCOMES) + " was closed before this batch was written", null);
                group.forEach(batch -> batch.written().completeExceptionally(failure));
                return;
            }
            appending.drainTo(group);
            lastPut = System.nanoTime();
            List<Outcome> all = new ArrayList<>();
            group.forEach(batch -> all.addAll(batch.outcomes()));
            try {
                String key = write(all);
                group.forEach(batch -> batch.written().complete(key));
            } catch (RuntimeException | Error failure) {
                // An Error too (a heap run out encoding a huge batch): the writer must live on, or every later
                // settle would wait for it forever.
                RuntimeException told = failure instanceof RuntimeException e ? e : new PortalStorageException(
                        "the outcome batch of " + all.size() + " outcome(s) could not be written: " + failure, failure);
                group.forEach(batch -> batch.written().completeExceptionally(told));
            }
            group.clear();
        }
    }

    private String write(List<Outcome> outcomes) {
        byte[] bytes = OutcomeBatchFormat.encode(outcomes);
        for (int attempt = 1; ; attempt++) {
            String key = location.key(OUTCOMES + "%013d-%s".formatted(clock.millis(),
                    HexFormat.of().toHexDigits(random.nextLong())));
            try {
                s3.putObject(b -> b.bucket(location.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
                return key;
            } catch (S3Exception e) {
                // 412/409: that key is taken (a 1 in 2^64 draw, or a write retried after it landed): draw again.
                if ((e.statusCode() != 412 && e.statusCode() != 409) || attempt == 3) {
                    throw S3Failures.of("append", location, key, e);
                }
            } catch (SdkException e) {
                throw S3Failures.of("append", location, key, e);
            }
        }
    }

    /**
     * Hands every outcome of every batch to {@code each}, batch after batch in key order (one listing page at a
     * time, the page's batches read concurrently). A damaged batch is logged, skipped and named in the answer: one
     * bad object must not stop a rebuild. An S3 failure does stop it ({@link dev.samos.portal.PortalStorageException}).
     */
    public Replayed replay(Consumer<Outcome> each) {
        String prefix = location.key(OUTCOMES);
        long batches = 0;
        long outcomes = 0;
        List<String> skipped = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
                    b -> b.bucket(location.bucket()).prefix(prefix).maxKeys(pageSize))) {
                List<String> keys = page.contents().stream().map(S3Object::key).toList();
                List<Batch> read = fanout.map(keys, this::read);
                for (Batch batch : read) {
                    if (batch.outcomes == null) {
                        LOG.warn("Skipping outcome batch {}: {}", location.uri(batch.key), batch.problem);
                        skipped.add(batch.key);
                        continue;
                    }
                    batches++;
                    for (Outcome outcome : batch.outcomes) {
                        each.accept(outcome);
                        outcomes++;
                    }
                }
            }
        } catch (SdkException e) {
            throw S3Failures.of("list", location, prefix, e);
        }
        return new Replayed(batches, outcomes, skipped);
    }

    /** A batch read, or why it could not be. */
    private record Batch(String key, List<Outcome> outcomes, String problem) {
    }

    private Batch read(String key) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key)).asByteArrayUnsafe();
        } catch (NoSuchKeyException e) {
            return new Batch(key, null, "listed but gone when read (removed by hand?)");
        } catch (SdkException e) {
            throw S3Failures.of("get", location, key, e);
        }
        if (OutcomeBatchFormat.isBatch(bytes)) {
            try {
                return new Batch(key, OutcomeBatchFormat.decode(bytes), null);
            } catch (CorruptValueException e) {
                return new Batch(key, null, e.getMessage());
            }
        }
        Object value; // an object written before the outcome batch format: the storage codec's bytes
        try {
            value = codec.decode(bytes);
        } catch (CorruptValueException e) {
            return new Batch(key, null, e.getMessage());
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return new Batch(key, null, "not a list of outcomes but " + describe(value));
        }
        List<Outcome> outcomes = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof Outcome outcome)) {
                return new Batch(key, null, "holds " + describe(element) + " where an outcome belongs");
            }
            outcomes.add(outcome);
        }
        return new Batch(key, outcomes, null);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof List<?> l && l.isEmpty() ? "an empty list"
                : "a " + value.getClass().getName();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (writer != null) {
                writer.interrupt();
            }
        }
        fanout.close();
    }
}
