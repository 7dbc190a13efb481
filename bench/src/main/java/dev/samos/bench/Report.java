package dev.samos.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one markdown table BenchMain prints: machine, date, then a row per measured figure. */
final class Report {

    /**
     * One row. {@code sha256sum} and {@code ratio} are null where there is no sha256sum counterpart; {@code met} is
     * null where there is no goal.
     */
    record Row(String benchmark, String size, String figure, String unit, String sha256sum, String ratio,
               String goal, Boolean met) {
    }

    private final List<String> machine;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Report(List<String> machine) {
        this.machine = List.copyOf(machine);
    }

    void add(Row row) {
        rows.add(row);
    }

    void note(String note) {
        notes.add(note);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        for (String line : machine) {
            out.append("- ").append(line).append('\n');
        }
        out.append('\n');
        out.append("| Benchmark | Size | Samos | Unit | sha256sum (GB/s) | Samos / sha256sum | Goal | Met |\n");
        out.append("|---|---|---:|---|---:|---:|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(String.join(" | ", r.benchmark(), r.size(), r.figure(), r.unit(),
                    dash(r.sha256sum()), dash(r.ratio()), dash(r.goal()),
                    r.met() == null ? "–" : r.met() ? "yes" : "**no**")).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String note : notes) {
                out.append("- ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    static String number(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code value ± error}, the error scaled like the value (JMH's 99.9% interval; NaN with one iteration). */
    static String withError(double value, double error) {
        return Double.isFinite(error) && error > 0 ? number(value) + " ± " + number(error) : number(value);
    }

    private static String dash(String s) {
        return s == null ? "–" : s;
    }
}
