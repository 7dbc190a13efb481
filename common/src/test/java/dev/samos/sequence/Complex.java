package dev.samos.sequence;

import java.math.BigDecimal;

/**
 * A complex number with exact decimal parts, for PySpeedup's complex spiral. Exact, because in binary floating
 * point 1.1j × 1.1j is -1.2100000000000002, so the README's {@code -1.21 in complexSpiral} only holds with decimals.
 * Parts are kept without trailing zeros, so equal numbers are equal records.
 */
record Complex(BigDecimal re, BigDecimal im) {

    static final Complex ONE = of("1", "0");

    Complex {
        re = re.stripTrailingZeros();
        im = im.stripTrailingZeros();
    }

    static Complex of(String re, String im) {
        return new Complex(new BigDecimal(re), new BigDecimal(im));
    }

    static Complex real(String re) {
        return of(re, "0");
    }

    static Complex imaginary(String im) {
        return of("0", im);
    }

    Complex times(Complex other) {
        return new Complex(re.multiply(other.re).subtract(im.multiply(other.im)),
                re.multiply(other.im).add(im.multiply(other.re)));
    }

    /** |z|², which orders numbers by absolute value exactly. */
    BigDecimal absSquared() {
        return re.multiply(re).add(im.multiply(im));
    }
}
