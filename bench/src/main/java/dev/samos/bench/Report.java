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

    /**
     * {@code value (low–high)}: the range of the iterations. JMH's 99.9% interval over 3 iterations uses t = 31.6 and
     * came out wider than the value itself, which says little.
     */
    static String withRange(double value, double low, double high) {
        return low < high ? number(value) + " (" + number(low) + "–" + number(high) + ")" : number(value);
    }

    private static String dash(String s) {
        return s == null ? "–" : s;
    }
}
