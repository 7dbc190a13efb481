package dev.samos.bundle;

/** The function the bundle tests vary: a nested record, a lambda, an anonymous and a local class, two helpers. */
final class Sources {

    static final String BASE = """
            package com.example;

            import java.util.Map;
            import java.util.function.IntBinaryOperator;

            public class Scaler {

                private static final int FACTOR = 3;
                private final int offset = 7;

                public Object call(Map<String, Object> kwargs) {
                    int value = ((Number) kwargs.get("x")).intValue();
                    IntBinaryOperator combine = (p, q) -> p * q;
                    Box box = new Box(combine.applyAsInt(value, FACTOR));
                    Runnable noop = new Runnable() {
                        public void run() {
                        }
                    };
                    noop.run();
                    class Local {
                        int twice(int n) {
                            return n + n;
                        }
                    }
                    return shift(box.content()) + new Local().twice(1);
                }

                private int shift(int input) {
                    return input + offset;
                }

                private int unused(int input) {
                    return input - 1;
                }

                record Box(int content) {
                }
            }
            """;

    private Sources() {
    }

    static String replace(String source, String from, String to) {
        if (!source.contains(from)) {
            throw new IllegalArgumentException("the source does not contain: " + from);
        }
        return source.replace(from, to);
    }
}
