package dev.samos.validator;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers in describe() and outcome texts, the same way everywhere. */
final class Numbers {

    static final double BYTES_PER_GB = 1024.0 * 1024 * 1024;

    private Numbers() {
    }

    /** A requirement as the user wrote it: {@code 4.0}, {@code 0.5}, {@code 0.001}. */
    static String requirement(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** A measurement: one decimal, or three significant digits when that would show 0.0. */
    static String measured(double x) {
        return Math.abs(x) >= 0.1 || x == 0 ? String.format(Locale.ROOT, "%.1f", x)
                : String.format(Locale.ROOT, "%.3g", x);
    }

    static void requireNonNegative(double x, String what) {
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(what + " must be a finite number ≥ 0, got " + x);
        }
    }
}
