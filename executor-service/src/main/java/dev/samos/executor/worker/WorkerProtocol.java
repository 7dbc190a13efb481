package dev.samos.executor.worker;

import dev.samos.execution.ExecutionAddress;
import dev.samos.portal.TaskRun;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines an executor and its worker JVMs exchange over the workers' stdin and stdout: one request or answer per
 * line, words separated by spaces, free text URL-encoded so it holds no space, comma or newline. Answers start with
 * {@code samos-}, so the worker's other output (its own log lines) can never be taken for one.
 *
 * <pre>
 * executor → worker   run ID DECLINE-LIMIT ADDRESS…
 *                     sweep ID LIMIT DECLINE-LIMIT STALE-AFTER-MS
 *                     drain                                 (stopping: start no more tasks, give the rest back)
 * worker → executor   samos-ready WORKER-ID
 *                     samos-alive                           (every second)
 *                     samos-ran ID RUN…                     (RUN: kind,address,fields… — one per task, in order)
 *                     samos-error ID MESSAGE
 *                     samos-publish ADDRESS…                (calls its functions swarmed)
 * </pre>
 */
final class WorkerProtocol {

    static final String RUN = "run";
    static final String SWEEP = "sweep";
    static final String DRAIN = "drain";
    static final String READY = "samos-ready";
    static final String ALIVE = "samos-alive";
    static final String RAN = "samos-ran";
    static final String ERROR = "samos-error";
    static final String PUBLISH = "samos-publish";

    private WorkerProtocol() {
    }

    /** A request the executor sends. */
    sealed interface Request {
        long id();
    }

    record Run(long id, int declineLimit, List<ExecutionAddress> addresses) implements Request {
    }

    record Sweep(long id, int limit, int declineLimit, long staleAfterMillis) implements Request {
    }

    /** Not answered: the batches and sweeps running answer for their tasks, given back or not. */
    record Drain() implements Request {
        @Override
        public long id() {
            return 0;
        }
    }

    static String run(long id, int declineLimit, List<ExecutionAddress> addresses) {
        StringBuilder line = new StringBuilder(RUN).append(' ').append(id).append(' ').append(declineLimit);
        addresses.forEach(address -> line.append(' ').append(address));
        return line.toString();
    }

    static String sweep(long id, int limit, int declineLimit, long staleAfterMillis) {
        return SWEEP + " " + id + " " + limit + " " + declineLimit + " " + staleAfterMillis;
    }

    static Request request(String line) {
        String[] words = line.strip().split(" ");
        switch (words[0]) {
            case RUN -> {
                List<ExecutionAddress> addresses = Arrays.stream(words, 3, words.length).map(ExecutionAddress::parse)
                        .toList();
                return new Run(Long.parseLong(words[1]), Integer.parseInt(words[2]), addresses);
            }
            case SWEEP -> {
                return new Sweep(Long.parseLong(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]),
                        Long.parseLong(words[4]));
            }
            case DRAIN -> {
                return new Drain();
            }
            default -> throw new IllegalArgumentException("not a request: " + line);
        }
    }

    static String ran(long id, List<TaskRun> runs) {
        StringBuilder line = new StringBuilder(RAN).append(' ').append(id);
        for (TaskRun run : runs) {
            line.append(' ').append(switch (run) {
                case TaskRun.Skipped s -> join("skipped", s.address(), text(s.why()));
                case TaskRun.Succeeded s -> join("succeeded", s.address(), Long.toString(s.millis()));
                case TaskRun.Retrying r -> join("retrying", r.address(), Long.toString(r.notBefore()),
                        text(r.failure()));
                case TaskRun.Declined d -> join("declined", d.address(), texts(d.validation()));
                case TaskRun.Released r -> join("released", r.address());
                case TaskRun.Failed f -> join("failed", f.address(), text(f.reason()), texts(f.validation()));
            });
        }
        return line.toString();
    }

    /** The runs of a {@code samos-ran} line, after its id. */
    static List<TaskRun> runs(String[] words) {
        List<TaskRun> runs = new ArrayList<>(words.length - 2);
        for (int i = 2; i < words.length; i++) {
            String[] f = words[i].split(",", -1);
            ExecutionAddress address = ExecutionAddress.parse(f[1]);
            runs.add(switch (f[0]) {
                case "skipped" -> new TaskRun.Skipped(address, untext(f[2]));
                case "succeeded" -> new TaskRun.Succeeded(address, Long.parseLong(f[2]));
                case "retrying" -> new TaskRun.Retrying(address, Long.parseLong(f[2]), untext(f[3]));
                case "declined" -> new TaskRun.Declined(address, untexts(f[2]));
                case "released" -> new TaskRun.Released(address);
                case "failed" -> new TaskRun.Failed(address, untext(f[2]), untexts(f[3]));
                default -> throw new IllegalArgumentException("not a task run: " + words[i]);
            });
        }
        return runs;
    }

    static String error(long id, String message) {
        return ERROR + " " + id + " " + text(message);
    }

    static String publish(List<ExecutionAddress> requested) {
        StringBuilder line = new StringBuilder(PUBLISH);
        requested.forEach(address -> line.append(' ').append(address));
        return line.toString();
    }

    private static String join(String kind, ExecutionAddress address, String... fields) {
        return kind + "," + address + (fields.length == 0 ? "" : "," + String.join(",", fields));
    }

    static String text(String text) {
        return text == null ? "" : URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String untext(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    /** A list of texts: each encoded, joined by '|' (which encoding never leaves in a text). */
    private static String texts(List<String> texts) {
        return String.join("|", texts.stream().map(WorkerProtocol::text).toList());
    }

    private static List<String> untexts(String encoded) {
        return encoded.isEmpty() ? List.of() : Arrays.stream(encoded.split("\\|", -1)).map(WorkerProtocol::untext)
                .toList();
    }
}
