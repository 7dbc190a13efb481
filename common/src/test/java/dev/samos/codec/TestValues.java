package dev.samos.codec;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Value types shared by the codec tests. */
final class TestValues {

    private TestValues() {
    }

    record Point(int x, int y) { }

    record Primitives(boolean z, byte b, short s, int i, long l, float f, double d) { }

    record Person(String name, List<String> tags, Map<String, Object> attributes, Optional<Point> home,
                  Set<Color> colors, Object anything) { }

    record WithArray(String label, double[] samples) { }

    record Wrapper(Point point, Color color, BigInteger big) { }

    enum Color { RED, GREEN, BLUE }

    /** Constants with bodies are anonymous subclasses; they must be stored as constants of Operation. */
    enum Operation {
        PLUS {
            @Override
            int apply(int a, int b) {
                return a + b;
            }
        },
        TIMES {
            @Override
            int apply(int a, int b) {
                return a * b;
            }
        };

        abstract int apply(int a, int b);
    }

    /** Not a value: mutable, not a record. */
    static final class MutableBean {
        int count;
    }

    /** A record whose component declares a collection implementation that does not survive canonicalisation. */
    record WithTreeMap(java.util.TreeMap<String, Integer> map) { }
}
