package dev.samos.function;

/** Test-only stand-in for a class of the function API package, which the autonomy check must accept. */
public final class TestApiMarker {

    private TestApiMarker() {
    }

    public static int twice(int x) {
        return 2 * x;
    }
}
