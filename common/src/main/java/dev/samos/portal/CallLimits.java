package dev.samos.portal;

/**
 * Limits on the calls one execution makes through the portal: their depth counted from the outermost call (across
 * swarmed tasks too), their number from its root call in this JVM.
 *
 * @param maxDepth how deep calls may nest (a root call is depth 1; a swarmed task's is one deeper than the execution
 *        that swarmed it, whichever JVM runs it: the depth travels in the index with the request); 20,000 by default:
 *        memoized recursion thousands of levels deep is what Samos is for (each 64 levels hop to a fresh thread, so the
 *        stack never overflows), while a runaway one stops after a bounded number of rows and threads
 * @param maxNested how many calls, synchronous or swarmed, may be made under one root call; 1,000,000 by default
 */
public record CallLimits(int maxDepth, long maxNested) {

    public CallLimits {
        if (maxDepth < 1 || maxNested < 0) {
            throw new IllegalArgumentException("invalid call limits: depth " + maxDepth + " (≥ 1), nested calls "
                    + maxNested + " (≥ 0)");
        }
    }
}
