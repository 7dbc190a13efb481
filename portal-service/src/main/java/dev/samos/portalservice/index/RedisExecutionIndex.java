package dev.samos.portalservice.index;

import dev.samos.address.ValueAddress;
import dev.samos.codec.AttemptFormat;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.index.ExecutionIndex;
import io.lettuce.core.RedisCommandExecutionException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;

/**
 * The cluster's execution index, in Redis: every operation that changes an execution is one Lua script (EVALSHA,
 * Redis 6.2 and later), so it is atomic across every portal-service and executor sharing the Redis; the caller's
 * {@link Clock} is passed to each script, never Redis's own, so leases and backoff follow the clock the index was
 * given.
 *
 * <p>Layout, under a namespace prefix ({@code samos:} by default), all keys and values binary:
 * <ul>
 * <li>{@code x:<hash>} — one hash per execution, keyed by the 32 raw bytes of its address's hash: {@code d}
 * descriptor, {@code f} function address, {@code ki} inline kwargs (storage-codec bytes) or {@code kv} their
 * address, {@code s} status, {@code ra}/{@code ri} result address and inline bytes, {@code a} attempts, {@code t}
 * tries since last requested, {@code o} lease owner (read only while RUNNING: a settle leaves it behind), {@code u}
 * due (PENDING) or lease expiry (RUNNING), {@code q} request sequence number, {@code n} the depth of the request
 * that (re)started it (absent: 0, a request from outside any execution; hashes written before depths were recorded
 * read so too), {@code w} "1" when that request was a caller's own call that a worker runs for it (absent: a swarmed
 * call, whose failures are retried), {@code rd} the DONE attempt's record (see below);
 * <li>{@code r:<hash>} — a list of the execution's other attempt records, in order ({@link AttemptFormat}; records
 * written before it, storage-codec bytes, are read too). The DONE record, always the last, is field {@code rd} of the
 * hash instead: an execution done at its first attempt has no list at all;
 * <li>{@code pending} — a sorted set of the PENDING executions by due (when each became runnable: its request, its
 * backoff's end, never before the settle that made it PENDING), and {@code leases} one of the RUNNING ones by lease
 * expiry. A member is 16 hex digits of the request number followed by the hash, so ties (a batch requested in one
 * millisecond) come out in request order; {@code claimNext} reads both from their low end, O(log n) a task, and
 * {@code claimStale} the same with an earlier bound on {@code pending};
 * <li>{@code counts} — executions by status, kept by the scripts at every move (never by a scan); {@code seq} the
 * request counter; {@code functions} (bundle → name) and {@code validators} hashes, whose sizes are O(1);
 * {@code worker-threads}, {@code worker-hosts} hashes and {@code heartbeats}, a sorted set by last heartbeat.
 * </ul>
 *
 * <p>A script never writes before it has decided (Redis does not roll a failing script back), and a settle checks
 * owner and attempt number against the execution's lease: a settle by an owner that lost its lease changes nothing.
 * Keys are reached from inside the scripts, not declared, which holds on one Redis (or a replicated one); on a Redis
 * Cluster the prefix would have to be a hash tag such as {@code {samos}:}, putting the index in one slot.
 *
 * <p>Thread-safe; connections come from the factory per operation (Lettuce shares one native connection, so this
 * is cheap and pipelines concurrent callers). Redis unreachable is a {@link RedisIndexUnavailableException}.
 */
public final class RedisExecutionIndex implements ExecutionIndex {

    public static final String DEFAULT_PREFIX = "samos:";

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] INLINE = {'i'};
    private static final byte[] STORED = {'v'};
    private static final byte[] EMPTY = {};
    private static final byte[] DONE = {'D'};
    private static final byte[] RETRY = {'R'};
    private static final byte[] HAND_BACK = {'H'};
    private static final byte[] FAILED = {'F'};
    private static final byte[] YES = {'1'};
    private static final byte[] NO = {'0'};

    private static final LuaScript REQUEST = LuaScript.load("request");
    private static final LuaScript CLAIM = LuaScript.load("claim");
    private static final LuaScript CLAIM_TASKS = LuaScript.load("claim-tasks");
    private static final LuaScript CLAIM_STALE = LuaScript.load("claim-stale");
    private static final LuaScript SETTLE = LuaScript.load("settle");
    private static final LuaScript RENEW = LuaScript.load("renew");
    private static final LuaScript CANCEL = LuaScript.load("cancel");
    private static final LuaScript FORGET = LuaScript.load("forget");
    private static final LuaScript RESULTS = LuaScript.load("results");
    private static final LuaScript WORKER = LuaScript.load("worker");
    private static final LuaScript COUNTS = LuaScript.load("counts");
    private static final LuaScript ENTRIES = LuaScript.load("entries");
    private static final LuaScript RESTORE = LuaScript.load("restore");
    private static final LuaScript RECORDS = LuaScript.load("records");

    private final RedisConnectionFactory connections;
    private final String prefix;
    private final Clock clock;
    private final StorageCodec codec = new StorageCodec();
    /** Opened at the first subscriber: an index nobody listens to holds no subscription connection. */
    private SettledNews news;

    public RedisExecutionIndex(RedisConnectionFactory connections, String prefix, Clock clock) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("the key prefix must not be empty: the index shares its Redis");
        }
    }

    public RedisExecutionIndex(RedisConnectionFactory connections, Clock clock) {
        this(connections, DEFAULT_PREFIX, clock);
    }

    // ---- requests and leases --------------------------------------------------------------------------------------

    @Override
    public List<Requested> request(List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<byte[]> arguments = head(7 * requests.size());
        for (Request request : requests) {
            arguments.add(key(request.address()));
            arguments.add(bytes(request.address().descriptor()));
            arguments.add(bytes(request.function().toString()));
            addKwargs(arguments, request.kwargs());
            arguments.add(bytes(request.depth()));
            arguments.add(request.callerWaits() ? YES : NO);
        }
        List<Object> out = run(REQUEST, arguments);
        List<Requested> requested = new ArrayList<>(requests.size());
        for (int i = 0; i < out.size(); i += 2) {
            requested.add(new Requested(status(out.get(i)), number(out.get(i + 1)) == 1));
        }
        return requested;
    }

    @Override
    public Claim claim(Request request, String owner, long leaseMillis) {
        List<byte[]> arguments = head(9);
        arguments.add(bytes(owner));
        arguments.add(bytes(leaseMillis));
        arguments.add(key(request.address()));
        arguments.add(bytes(request.address().descriptor()));
        arguments.add(bytes(request.function().toString()));
        addKwargs(arguments, request.kwargs());
        arguments.add(bytes(request.depth()));
        arguments.add(request.callerWaits() ? YES : NO);
        List<Object> out = run(CLAIM, arguments);
        return switch (text(out.get(0))) {
            case "C" -> new Claim.Claimed(new Lease(owner, number(out.get(1)), 0));
            case "D" -> new Claim.Done(new Result(ValueAddress.parse(text(out.get(1))), (byte[]) out.get(2)));
            case "H" -> new Claim.Held(text(out.get(1)), number(out.get(2)));
            default -> throw new IllegalStateException("claim script answered " + text(out.get(0)));
        };
    }

    @Override
    public List<Task> claimNext(String owner, long leaseMillis, int limit) {
        return settle(List.of(), owner, leaseMillis, limit).claimed();
    }

    /**
     * The {@code pending} set's score is when each execution became runnable (its request, its backoff's end), so
     * no field is added: stale ones are those scored {@code staleAfterMillis} before now or earlier.
     */
    @Override
    public List<Task> claimStale(String owner, long leaseMillis, int limit, long staleAfterMillis) {
        if (staleAfterMillis < 0) {
            throw new IllegalArgumentException("staleAfterMillis must be ≥ 0, was " + staleAfterMillis);
        }
        if (limit <= 0) {
            return List.of();
        }
        List<byte[]> arguments = head(4);
        arguments.add(bytes(owner));
        arguments.add(bytes(leaseMillis));
        arguments.add(bytes(limit));
        arguments.add(bytes(staleAfterMillis));
        return tasks(run(CLAIM_STALE, arguments), owner);
    }

    @Override
    public List<TaskClaim> claimTasks(List<ExecutionAddress> addresses, String owner, long leaseMillis) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        List<byte[]> arguments = head(2 + addresses.size());
        arguments.add(bytes(owner));
        arguments.add(bytes(leaseMillis));
        addresses.forEach(address -> arguments.add(key(address)));
        // One flat list: per address a kind, then as many values as the kind has.
        List<Object> out = run(CLAIM_TASKS, arguments);
        List<TaskClaim> claims = new ArrayList<>(addresses.size());
        TaskReader tasks = new TaskReader(owner);
        for (int i = 0; i < out.size(); ) {
            byte[] kind = (byte[]) out.get(i++);
            switch (kind.length == 1 ? kind[0] : 0) {
                case 'T' -> {
                    claims.add(new TaskClaim.Taken(tasks.read(out, i)));
                    i += TaskReader.WIDTH;
                }
                case 'F' -> claims.add(new TaskClaim.Finished(status(out.get(i++))));
                case 'B' -> {
                    claims.add(new TaskClaim.Busy(text(out.get(i)), number(out.get(i + 1))));
                    i += 2;
                }
                case 'U' -> claims.add(new TaskClaim.Unknown());
                default -> throw new IllegalStateException("claim-tasks script answered " + text(kind));
            }
        }
        return claims;
    }

    @Override
    public Settled settle(List<Settlement> settlements, String owner, long leaseMillis, int claimNext) {
        if (settlements.isEmpty() && claimNext <= 0) {
            return new Settled(Set.of(), List.of());
        }
        List<byte[]> arguments = head(3 + 8 * settlements.size());
        arguments.add(bytes(owner));
        arguments.add(bytes(leaseMillis));
        arguments.add(bytes(Math.max(claimNext, 0)));
        for (Settlement settlement : settlements) {
            addSettlement(arguments, settlement, owner);
        }
        List<Object> out = run(SETTLE, arguments);
        Set<ExecutionAddress> refused = new HashSet<>();
        for (Object n : (List<?>) out.get(0)) {
            refused.add(settlements.get((int) number(n) - 1).address());
        }
        return new Settled(refused, tasks((List<?>) out.get(1), owner));
    }

    /** Tasks as claim_next answers them: one flat list, {@link TaskReader#WIDTH} values each. */
    private static List<Task> tasks(List<?> flat, String owner) {
        List<Task> tasks = new ArrayList<>(flat.size() / TaskReader.WIDTH);
        TaskReader reader = new TaskReader(owner);
        for (int i = 0; i < flat.size(); i += TaskReader.WIDTH) {
            tasks.add(reader.read(flat, i));
        }
        return tasks;
    }

    /**
     * Reads tasks as the prelude's {@code add_task} writes them: hash, descriptor, function, kwargs inline, kwargs
     * address, attempt, tries, the depth of its request, and 1 if a caller waits on it. A batch's tasks mostly share
     * their descriptor and function, so the last of each is kept and reused when the next task's bytes are the same:
     * no string decoded and no address parsed again.
     */
    private static final class TaskReader {

        static final int WIDTH = 9;

        private final String owner;
        private byte[] descriptorBytes;
        private String descriptor;
        private byte[] functionBytes;
        private ValueAddress function;

        TaskReader(String owner) {
            this.owner = owner;
        }

        Task read(List<?> flat, int at) {
            byte[] d = (byte[]) flat.get(at + 1);
            if (!Arrays.equals(d, descriptorBytes)) {
                descriptor = text(d);
                descriptorBytes = d;
            }
            byte[] f = (byte[]) flat.get(at + 2);
            if (!Arrays.equals(f, functionBytes)) {
                function = ValueAddress.parse(text(f));
                functionBytes = f;
            }
            return new Task(address(descriptor, (byte[]) flat.get(at)), function,
                    arguments((byte[]) flat.get(at + 3), (byte[]) flat.get(at + 4)),
                    new Lease(owner, number(flat.get(at + 5)), 0), number(flat.get(at + 6)),
                    Math.toIntExact(number(flat.get(at + 7))), number(flat.get(at + 8)) == 1);
        }
    }

    private void addSettlement(List<byte[]> arguments, Settlement settlement, String owner) {
        // A lease handed out to another owner is not this owner's to settle, whatever the script would find.
        long attempt = settlement.lease().owner().equals(owner) ? settlement.lease().attempt() : -1;
        Result result = settlement instanceof Settlement.Done done ? done.result() : null;
        long notBefore = switch (settlement) {
            case Settlement.Retry retry -> retry.notBefore();
            case Settlement.HandBack back -> back.notBefore();
            default -> 0;
        };
        arguments.add(switch (settlement) {
            case Settlement.Done d -> DONE;
            case Settlement.Retry r -> RETRY;
            case Settlement.HandBack h -> HAND_BACK;
            case Settlement.Failed f -> FAILED;
        });
        arguments.add(key(settlement.address()));
        arguments.add(bytes(attempt));
        // The record's number is its lease's attempt, whatever the worker wrote: records are ordered by it.
        arguments.add(AttemptFormat.encode(settlement.attempt().numbered(settlement.lease().attempt())));
        arguments.add(bytes(notBefore));
        arguments.add(result == null ? EMPTY : bytes(result.address().toString()));
        arguments.add(result != null && result.inline() != null ? YES : NO);
        arguments.add(result != null && result.inline() != null ? result.inline() : EMPTY);
    }

    @Override
    public Set<ExecutionAddress> renew(String owner, Collection<ExecutionAddress> addresses, long leaseMillis) {
        if (addresses.isEmpty()) {
            return Set.of();
        }
        List<ExecutionAddress> ordered = List.copyOf(addresses);
        List<byte[]> arguments = head(2 + ordered.size());
        arguments.add(bytes(owner));
        arguments.add(bytes(leaseMillis));
        ordered.forEach(address -> arguments.add(key(address)));
        Set<ExecutionAddress> lost = new HashSet<>();
        for (Object n : (List<?>) run(RENEW, arguments)) {
            lost.add(ordered.get((int) number(n) - 1));
        }
        return lost;
    }

    @Override
    public boolean cancel(ExecutionAddress address, Attempt record) {
        // The record's number is the index's (one past the attempts so far; a running attempt's own), and it is
        // encoded here, not in the
        // script: look, encode, then let the script cancel only if the attempts are still those seen.
        while (true) {
            List<byte[]> seen = connected(c -> c.hashCommands().hMGet(executionKey(address), bytes("s"), bytes("a")));
            String status = seen.get(0) == null ? null : text(seen.get(0));
            boolean running = ExecutionStatus.RUNNING.name().equals(status);
            if (!running && !ExecutionStatus.PENDING.name().equals(status)) {
                return false;
            }
            long attempts = Long.parseLong(text(seen.get(1)));
            List<byte[]> arguments = head(3);
            arguments.add(key(address));
            arguments.add(bytes(attempts));
            arguments.add(AttemptFormat.encode(record.numbered(running ? attempts : attempts + 1)));
            arguments.add(bytes(status));
            long answer = connected(c -> CANCEL.<Long>run(c, ReturnType.INTEGER, arguments.toArray(byte[][]::new)));
            if (answer >= 0) {
                return answer == 1;
            }
        }
    }

    @Override
    public void forgetResult(ExecutionAddress address) {
        List<byte[]> arguments = head(1);
        arguments.add(key(address));
        connected(c -> FORGET.<Long>run(c, ReturnType.INTEGER, arguments.toArray(byte[][]::new)));
    }

    // ---- lookups ------------------------------------------------------------------------------------------------

    @Override
    public Optional<State> state(ExecutionAddress address) {
        List<byte[]> v = connected(c -> c.hashCommands().hMGet(executionKey(address), bytes("s"), bytes("ra"),
                bytes("ri")));
        return Optional.ofNullable(state(v.get(0), v.get(1), v.get(2)));
    }

    private static State state(byte[] status, byte[] resultAddress, byte[] inline) {
        if (status == null) {
            return null;
        }
        ExecutionStatus s = ExecutionStatus.valueOf(text(status));
        return new State(s, s == ExecutionStatus.DONE ? result(resultAddress, inline) : null);
    }

    @Override
    public Map<ExecutionAddress, Result> results(List<ExecutionAddress> addresses) {
        if (addresses.isEmpty()) {
            return Map.of();
        }
        List<byte[]> arguments = head(addresses.size());
        addresses.forEach(address -> arguments.add(key(address)));
        List<Object> out = run(RESULTS, arguments);
        Map<ExecutionAddress, Result> results = new HashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            State state = state((byte[]) out.get(3 * i), (byte[]) out.get(3 * i + 1), (byte[]) out.get(3 * i + 2));
            if (state != null && state.status() == ExecutionStatus.DONE) {
                results.put(addresses.get(i), state.result());
            }
        }
        return results;
    }

    @Override
    public Optional<Entry> entry(ExecutionAddress address) {
        List<byte[]> v = connected(c -> c.hashCommands().hMGet(executionKey(address), bytes("f"), bytes("ki"),
                bytes("kv"), bytes("s"), bytes("ra"), bytes("ri"), bytes("a")));
        if (v.get(3) == null) {
            return Optional.empty();
        }
        State state = state(v.get(3), v.get(4), v.get(5));
        return Optional.of(new Entry(address, ValueAddress.parse(text(v.get(0))), arguments(v.get(1), v.get(2)),
                state.status(), state.result(), Long.parseLong(text(v.get(6)))));
    }

    @Override
    public List<Attempt> attempts(ExecutionAddress address) {
        List<byte[]> arguments = head(1);
        arguments.add(key(address));
        List<Object> out = run(RECORDS, arguments);
        List<byte[]> records = new ArrayList<>();
        if (out.get(0) instanceof List<?> list) {
            list.forEach(record -> records.add((byte[]) record));
        }
        if (out.size() > 1 && out.get(1) instanceof byte[] done) {
            records.add(done); // the DONE record, kept in the execution's hash: always the last
        }
        List<Attempt> attempts = new ArrayList<>();
        for (byte[] record : records) {
            try {
                attempts.add(AttemptFormat.isRecord(record) ? AttemptFormat.decode(record)
                        : (Attempt) codec.decode(record)); // written before the compact form
            } catch (CorruptValueException | ClassCastException damaged) {
                // Records describe; they are never results. A damaged one is left out.
            }
        }
        return attempts;
    }

    // ---- functions, validators, workers, counts --------------------------------------------------------------------

    @Override
    public void registerFunction(ValueAddress bundle, String name) {
        connected(c -> c.hashCommands().hSetNX(key("functions"), bytes(bundle.toString()), bytes(name)));
    }

    @Override
    public void useValidator(String description) {
        connected(c -> c.hashCommands().hSetNX(key("validators"), bytes(description), EMPTY));
    }

    @Override
    public void heartbeat(String worker, String host, long pid, int threads) {
        List<byte[]> arguments = head(3);
        arguments.add(bytes(worker));
        arguments.add(bytes(threads));
        arguments.add(bytes(host + " " + pid));
        connected(c -> WORKER.<Long>run(c, ReturnType.INTEGER, arguments.toArray(byte[][]::new)));
    }

    @Override
    public void removeWorker(String worker) {
        List<byte[]> arguments = head(1);
        arguments.add(bytes(worker));
        connected(c -> WORKER.<Long>run(c, ReturnType.INTEGER, arguments.toArray(byte[][]::new)));
    }

    @Override
    public Counts counts(long liveWindowMillis) {
        List<byte[]> arguments = head(1);
        arguments.add(bytes(liveWindowMillis));
        List<Object> out = run(COUNTS, arguments);
        Map<ExecutionStatus, Long> byStatus = new EnumMap<>(ExecutionStatus.class);
        ExecutionStatus[] statuses = {ExecutionStatus.PENDING, ExecutionStatus.RUNNING, ExecutionStatus.DONE,
                ExecutionStatus.FAILED};
        for (int i = 0; i < statuses.length; i++) {
            byStatus.put(statuses[i], number(out.get(i)));
        }
        List<String> validators = new ArrayList<>();
        for (Object v : (List<?>) out.get(7)) {
            validators.add(text(v));
        }
        validators.sort(null);
        return new Counts(number(out.get(4)), byStatus, number(out.get(5)), number(out.get(6)), validators);
    }

    @Override
    public long queueDepth() {
        List<byte[]> v = connected(c -> c.hashCommands().hMGet(key("counts"), bytes("PENDING"), bytes("RUNNING")));
        return (v.get(0) == null ? 0 : Long.parseLong(text(v.get(0))))
                + (v.get(1) == null ? 0 : Long.parseLong(text(v.get(1))));
    }

    // ---- what the durable index (S3 outcome log) needs ----------------------------------------------------------

    /**
     * What each of {@code addresses} was requested with (function and kwargs), in one script run; addresses the
     * index does not know are left out. The outcome log records it beside each result.
     */
    public Map<ExecutionAddress, Request> requests(List<ExecutionAddress> addresses) {
        if (addresses.isEmpty()) {
            return Map.of();
        }
        List<byte[]> arguments = head(addresses.size());
        for (ExecutionAddress address : addresses) {
            arguments.add(key(address));
        }
        // One flat list, four values per address: descriptor (null if unknown), function, kwargs inline, address.
        List<Object> out = run(ENTRIES, arguments);
        Map<ExecutionAddress, Request> requests = new HashMap<>();
        byte[] functionBytes = null;
        ValueAddress function = null;
        for (int i = 0; i < addresses.size(); i++) {
            if (out.get(4 * i) != null) {
                byte[] f = (byte[]) out.get(4 * i + 1);
                if (!Arrays.equals(f, functionBytes)) { // a batch's executions mostly share a function
                    function = ValueAddress.parse(text(f));
                    functionBytes = f;
                }
                ExecutionAddress address = addresses.get(i);
                requests.put(address, new Request(address, function,
                        arguments((byte[]) out.get(4 * i + 2), (byte[]) out.get(4 * i + 3))));
            }
        }
        return requests;
    }

    /**
     * Puts back DONE executions read from the source of truth (after Redis lost its data): one already DONE is
     * left as it is, one in another status becomes DONE, an unknown one is created DONE. Returns how many changed.
     */
    public long restore(List<dev.samos.portalservice.store.OutcomeLog.Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return 0;
        }
        List<byte[]> arguments = head(10 * outcomes.size());
        for (var outcome : outcomes) {
            arguments.add(key(outcome.execution()));
            arguments.add(bytes(outcome.execution().descriptor()));
            arguments.add(bytes(outcome.function().toString()));
            addKwargs(arguments, outcome.kwargs());
            arguments.add(bytes(outcome.result().address().toString()));
            arguments.add(outcome.result().inline() != null ? YES : NO);
            arguments.add(outcome.result().inline() != null ? outcome.result().inline() : EMPTY);
            arguments.add(AttemptFormat.encode(outcome.attempt()));
            arguments.add(bytes(outcome.attempt().number()));
        }
        byte[][] all = arguments.toArray(byte[][]::new);
        return connected(c -> RESTORE.<Long>run(c, ReturnType.INTEGER, all));
    }

    /** Whether this Redis holds an index built here (false after a FLUSHALL, or on a new Redis). */
    public boolean marked() {
        return Boolean.TRUE.equals(connected(c -> c.keyCommands().exists(key("built"))));
    }

    /** Marks this Redis as holding the index (after a rebuild from S3, or at the first start). */
    public void mark() {
        connected(c -> c.stringCommands().set(key("built"), bytes(clock.millis())));
    }

    /** Each execution that becomes DONE or FAILED, by whichever owner, as Redis publishes it (see SettledNews). */
    @Override
    public synchronized Subscription onSettled(java.util.function.Consumer<ExecutionAddress> listener) {
        if (news == null) {
            news = new SettledNews(connections, prefix);
        }
        return news.subscribe(listener);
    }

    /** The connection factory belongs to whoever gave it: closing the index leaves it open. */
    @Override
    public synchronized void close() {
        if (news != null) {
            news.close();
            news = null;
        }
    }

    // ---- Redis ----------------------------------------------------------------------------------------------------

    private <T> T connected(Function<RedisConnection, T> work) {
        try (RedisConnection connection = connections.getConnection()) {
            return work.apply(connection);
        } catch (DataAccessException e) {
            throw unavailable(e);
        }
    }

    private List<Object> run(LuaScript script, List<byte[]> arguments) {
        byte[][] all = arguments.toArray(byte[][]::new);
        return connected(c -> script.<List<Object>>run(c, ReturnType.MULTI, all));
    }

    /**
     * Redis's answers to a broken connection, a refused one and a timeout are the caller's to retry later; an
     * error reply (a script's error) is a fault of the index and passes through as it is.
     */
    private static RuntimeException unavailable(DataAccessException e) {
        boolean errorReply = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            errorReply |= t instanceof RedisCommandExecutionException;
        }
        if (!errorReply && (e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessException
                || e.getCause() instanceof io.lettuce.core.RedisException)) {
            return new RedisIndexUnavailableException("Redis is unavailable to the execution index: "
                    + e.getMostSpecificCause().getMessage(), e);
        }
        return e;
    }

    /** ARGV's first two, prefix and now, in a list with room for {@code more}. */
    private List<byte[]> head(int more) {
        List<byte[]> arguments = new ArrayList<>(2 + more);
        arguments.add(bytes(prefix));
        arguments.add(bytes(clock.millis()));
        return arguments;
    }

    private static void addKwargs(List<byte[]> arguments, Arguments kwargs) {
        arguments.add(kwargs.inline() != null ? INLINE : STORED);
        arguments.add(kwargs.inline() != null ? kwargs.inline() : bytes(kwargs.value().toString()));
    }

    private static Arguments arguments(byte[] inline, byte[] stored) {
        return inline != null ? Arguments.inline(inline) : Arguments.stored(ValueAddress.parse(text(stored)));
    }

    private static Result result(byte[] address, byte[] inline) {
        return new Result(ValueAddress.parse(text(address)), inline);
    }

    /** The 32 raw bytes of the address's hash: half the size of its hex, and keys are binary anyway. */
    private static byte[] key(ExecutionAddress address) {
        return HEX.parseHex(address.hash());
    }

    private static ExecutionAddress address(String descriptor, byte[] key) {
        return new ExecutionAddress(descriptor, HEX.formatHex(key));
    }

    private byte[] executionKey(ExecutionAddress address) {
        return key("x:", address);
    }

    private byte[] key(String kind, ExecutionAddress address) {
        byte[] head = bytes(prefix + kind);
        byte[] hash = key(address);
        byte[] key = Arrays.copyOf(head, head.length + hash.length);
        System.arraycopy(hash, 0, key, head.length, hash.length);
        return key;
    }

    private byte[] key(String name) {
        return bytes(prefix + name);
    }

    private static ExecutionStatus status(Object reply) {
        return ExecutionStatus.valueOf(text(reply));
    }

    private static long number(Object reply) {
        return reply instanceof Long n ? n : Long.parseLong(text(reply));
    }

    private static String text(Object reply) {
        return new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(long n) {
        return bytes(Long.toString(n));
    }
}
