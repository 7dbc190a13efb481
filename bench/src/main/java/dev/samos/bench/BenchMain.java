package dev.samos.bench;

import dev.samos.address.CanonicalEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks, times sha256sum on the same bytes, and prints one markdown table (bench/README.md).
 *
 * <p>Usage: {@code java -jar samos-bench.jar [-quick] [regex]}; the regex selects benchmarks as JMH's include does,
 * e.g. {@code Kwargs} or {@code AddressBench.address}; {@code -quick} runs 1 warmup and 1 measurement iteration.
 */
public final class BenchMain {

    private static final double ADDRESS_RATIO_GOAL = 0.9;
    private static final double KWARGS_NS_GOAL = 1000;
    private static final double HOT_CALL_NS_GOAL = 2000;
    private static final int BIG = 256 * Inputs.MIB;

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = false;
        String include = BenchMain.class.getPackageName().replace(".", "\\.") + "\\..*";
        for (String arg : args) {
            if (arg.equals("-quick")) {
                quick = true;
            } else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println("usage: java -jar samos-bench.jar [-quick] [benchmark regex]");
                return;
            } else {
                include = arg;
            }
        }

        ChainedOptionsBuilder options = new OptionsBuilder().include(include).shouldFailOnError(true);
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(1).measurementTime(TimeValue.seconds(1));
        }
        String loadBefore = loadAverage();
        Collection<RunResult> results = new Runner(options.build()).run();

        Report report = new Report(machine());
        // Other work on the machine shifts every figure; the load average says how much there was.
        report.note("Load average (1/5/15 min) before the run: " + loadBefore + ", after: " + loadAverage() + ".");
        int repeats = quick ? 2 : 5;
        ExternalDigest sha256sum = ExternalDigest.available(List.of("sha256sum", "--version"))
                ? new ExternalDigest(List.of("sha256sum"), repeats) : null;
        for (RunResult result : sorted(results)) {
            report.add(row(result, sha256sum));
        }
        if (sha256sum != null && results.stream().anyMatch(r -> size(r) == BIG)) {
            opensslNote(report, repeats);
        }
        report.note("GB/s and MB/s are 10^9 and 10^6 bytes per second; figures are JMH averages over the measurement"
                + " iterations, with the range of the iterations in parentheses (none with a single iteration).");
        report.note("sha256sum: for 256 MiB one run, best of " + (quick ? 2 : 5) + ", process start included (<1%);"
                + " for 1 KiB and 1 MiB the marginal cost of one more file argument, (t(K files) - t(1 file)) / (K-1),"
                + " which cancels process start but includes open + read from page cache.");
        report.note("Codec MB/s is of the value's logical size: 8 bytes per double; for the map, the size of its"
                + " canonical encoding.");
        if (sha256sum == null) {
            report.note("sha256sum was not found on PATH: no comparison.");
        }
        System.out.println();
        System.out.println(report.markdown());
        if (java.util.regex.Pattern.compile(include).matcher(PortalThroughput.class.getName()).find()) {
            int n = quick ? 10_000 : 100_000;
            System.out.println();
            System.out.println("Whole-portal throughput (one pass each over " + String.format("%,d", n)
                    + " distinct calls of a trivial function, real folder, results persisted):");
            System.out.println();
            System.out.println("| Measure | N | Figure | Unit | Goal |");
            System.out.println("|---|---:|---:|---|---|");
            try {
                PortalThroughput.run(n).forEach(System.out::println);
            } catch (Exception e) {
                System.out.println("| portal throughput failed: " + e + " | | | | |");
            }
        }
    }

    private static List<RunResult> sorted(Collection<RunResult> results) {
        List<RunResult> list = new ArrayList<>(results);
        list.sort((a, b) -> {
            int byName = a.getParams().getBenchmark().compareTo(b.getParams().getBenchmark());
            return byName != 0 ? byName : Long.compare(size(a), size(b));
        });
        return list;
    }

    private static long size(RunResult result) {
        String size = result.getParams().getParam("size");
        return size == null ? 0 : Long.parseLong(size);
    }

    private static Report.Row row(RunResult result, ExternalDigest sha256sum) throws IOException {
        String fullName = result.getParams().getBenchmark();
        String className = fullName.substring(0, fullName.lastIndexOf('.'));
        String name = className.substring(className.lastIndexOf('.') + 1) + fullName.substring(fullName.lastIndexOf('.'));
        Result<?> primary = result.getPrimaryResult();
        String unit = primary.getScoreUnit();
        double seconds = secondsPerOp(primary.getScore(), unit);
        // Iteration extremes: slowest iteration gives the lowest rate.
        double fastest = secondsPerOp(primary.getStatistics().getMin(), unit);
        double slowest = secondsPerOp(primary.getStatistics().getMax(), unit);

        return switch (className.substring(className.lastIndexOf('.') + 1)) {
            case "AddressBench" -> {
                int size = (int) size(result);
                double gbps = size / seconds / 1e9;
                String shaFigure = null;
                String ratio = null;
                Boolean met = null;
                if (sha256sum != null) {
                    double shaGbps = size / sha256sum.secondsFor(size) / 1e9;
                    shaFigure = Report.number(shaGbps);
                    ratio = Report.number(gbps / shaGbps);
                    met = gbps / shaGbps >= ADDRESS_RATIO_GOAL;
                }
                yield new Report.Row(name, bytes(size), Report.withRange(gbps, size / slowest / 1e9, size / fastest / 1e9), "GB/s",
                        shaFigure, ratio, "≥ " + ADDRESS_RATIO_GOAL + "× sha256sum", met);
            }
            case "KwargsAddressBench" -> {
                double ns = seconds * 1e9;
                yield new Report.Row(name, "5 entries", Report.withRange(ns, fastest * 1e9, slowest * 1e9), "ns/address",
                        null, null, "≤ 1 µs", ns <= KWARGS_NS_GOAL);
            }
            case "CodecBench" -> {
                boolean doubles = name.endsWith("Doubles");
                long logical = doubles ? (long) Inputs.DOUBLES * Double.BYTES : canonicalMapSize();
                double mbps = logical / seconds / 1e6;
                String size = doubles ? "double[] 100 MiB"
                        : "map 100k entries (" + Report.number(logical / 1e6) + " MB canonical)";
                yield new Report.Row(name, size, Report.withRange(mbps, logical / slowest / 1e6, logical / fastest / 1e6), "MB/s (logical)",
                        null, null, null, null);
            }
            case "PipelineBench" -> {
                double itemsPerSecond = 1 / seconds;
                String workers = result.getParams().getParam("middleWorkers");
                yield new Report.Row(name, "3 trivial stages, 1M items, middle stage × " + workers,
                        Report.withRange(3 * itemsPerSecond, 3 / slowest, 3 / fastest), "item-stages/s", null, null,
                        "≥ 1,000,000 item-stages/s", 3 * itemsPerSecond >= 1_000_000);
            }
            case "PoolBench" -> {
                double itemsPerSecond = 1 / seconds;
                String what = name.endsWith("parallelStream") ? "JDK parallel stream (reference)"
                        : name.endsWith("virtualMap") ? "map on Pool.virtualThreads()" : "map on Pool.threads(2)";
                yield new Report.Row(name, "1M trivial items, " + what,
                        Report.withRange(itemsPerSecond, 1 / slowest, 1 / fastest), "items/s", null, null,
                        name.endsWith("parallelStream") ? null : "≥ 0.7× parallel stream", null);
            }
            case "ProcessPoolBench" -> {
                double tasksPerSecond = 1 / seconds;
                String what = name.endsWith("coldMap10k")
                        ? "start Pool.processes(2), map 10k small tasks, close (child JVM start-up included)"
                        : "map of 10k small tasks on a warm Pool.processes(2)";
                yield new Report.Row(name, what, Report.withRange(tasksPerSecond, 1 / slowest, 1 / fastest),
                        "tasks/s", null, null, null, null);
            }
            case "SequenceBench" -> {
                double itemsPerSecond = 1 / seconds;
                String lookAhead = name.endsWith("1024") ? "1,024" : "16";
                yield new Report.Row(name, "1M items, look-ahead " + lookAhead,
                        Report.withRange(itemsPerSecond, 1 / slowest, 1 / fastest), "items/s", null, null, null, null);
            }
            case "HotCallBench" -> {
                double ns = seconds * 1e9;
                yield new Report.Row(name, "1 kwarg, result in memory", Report.withRange(ns, fastest * 1e9,
                        slowest * 1e9), "ns/call", null, null, "≤ 2 µs", ns <= HOT_CALL_NS_GOAL);
            }
            default -> new Report.Row(name, "", Report.withRange(primary.getScore(), primary.getStatistics().getMin(), primary.getStatistics().getMax()),
                    primary.getScoreUnit(), null, null, null, null);
        };
    }

    /**
     * Debian's sha256sum is coreutils' portable C, without SHA-NI; OpenSSL uses SHA-NI where the CPU has it, so its
     * figure says what the hardware can do and keeps the sha256sum ratio from flattering the JDK.
     */
    private static void opensslNote(Report report, int repeats) throws IOException {
        List<String> openssl = List.of("openssl", "dgst", "-sha256");
        if (ExternalDigest.available(List.of("openssl", "version"))) {
            double gbps = BIG / new ExternalDigest(openssl, repeats).secondsFor(BIG) / 1e9;
            report.note("For reference, `openssl dgst -sha256` on the same 256 MiB file: " + Report.number(gbps)
                    + " GB/s (" + opensslVersion() + ").");
        }
    }

    private static String opensslVersion() {
        String[] words = firstLine(List.of("openssl", "version"), "OpenSSL").split(" ");
        return words.length >= 2 ? words[0] + " " + words[1] : String.join(" ", words);
    }

    private static long cachedMapSize = -1;

    private static long canonicalMapSize() {
        if (cachedMapSize < 0) {
            cachedMapSize = CanonicalEncoding.encode(Inputs.smallEntries(Inputs.MAP_ENTRIES)).length;
        }
        return cachedMapSize;
    }

    /** JMH's AverageTime units are "ns/op", "us/op", "ms/op", "s/op". */
    static double secondsPerOp(double score, String unit) {
        TimeUnit timeUnit = switch (unit.substring(0, unit.indexOf('/'))) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "us" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            default -> throw new IllegalArgumentException("not an average-time unit: " + unit);
        };
        return score * timeUnit.toNanos(1) / 1e9;
    }

    static String bytes(long size) {
        if (size >= Inputs.MIB && size % Inputs.MIB == 0) {
            return size / Inputs.MIB + " MiB";
        }
        if (size >= Inputs.KIB && size % Inputs.KIB == 0) {
            return size / Inputs.KIB + " KiB";
        }
        return size + " B";
    }

    private static List<String> machine() {
        List<String> lines = new ArrayList<>();
        lines.add("Machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores"
                + ", SHA-NI " + (cpuFlags().contains("sha_ni") ? "yes" : "no"));
        lines.add("JDK: " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + ", " + sha256Intrinsics());
        lines.add("Date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(
                java.util.Locale.ROOT)).replaceFirst("\\.\\d+", ""));
        return lines;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        return cpuInfo().getOrDefault("model name", System.getProperty("os.arch"));
    }

    private static List<String> cpuFlags() {
        return List.of(cpuInfo().getOrDefault("flags", "").split(" "));
    }

    /** The first processor's entries of /proc/cpuinfo; empty where there is none. */
    private static Map<String, String> cpuInfo() {
        Map<String, String> info = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.isBlank()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    info.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            // Not Linux: the report says less about the machine, the figures are unaffected.
        }
        return info;
    }

    /** UseSHA256Intrinsics is diagnostic, invisible to the management bean: ask a JVM like the forks. */
    private static String sha256Intrinsics() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String line = firstLine(List.of(java, "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintFlagsFinal", "-version"),
                "UseSHA256Intrinsics");
        return line.contains("true") ? "UseSHA256Intrinsics=true" : line.contains("false")
                ? "UseSHA256Intrinsics=false" : "UseSHA256Intrinsics unknown";
    }

    /** The first line of the command's output containing {@code needle}, trimmed; empty if none or it fails. */
    private static String firstLine(List<String> command, String needle) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var lines = process.inputReader().lines()) {
                return lines.filter(l -> l.contains(needle)).findFirst().orElse("").trim();
            } finally {
                process.waitFor();
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
