package dev.samos.codec;

import java.lang.reflect.Array;

/**
 * Allocation for length-prefixed data read from untrusted bytes. A length prefix is only a claim: allocating it
 * up front would let a few crafted bytes demand gigabytes. So arrays grow in stages of {@link #GROWTH}×, each stage
 * allocated only after the previous one was filled from real input. Memory spent is then bounded by a constant
 * factor of the bytes actually present, while an honest large array costs only about 1/(GROWTH-1) extra in
 * discarded stages (a 256 MiB array: 1 + 16 MiB), far less than doubling would.
 */
final class BoundedArrays {

    /** Allocated without proof: small enough to be harmless, large enough that typical arrays need no copy. */
    static final int FIRST_STAGE_BYTES = 1 << 20;
    static final int GROWTH = 16;

    /** Fills {@code array[from, to)} from the input; fails (with an underflow) if the input ends first. */
    @FunctionalInterface
    interface Filler {
        void fill(Object array, int from, int to);
    }

    private BoundedArrays() {
    }

    /** A length prefix that must be non-negative; anything else can only come from corruption. */
    static int checkLength(int length, String what) {
        if (length < 0) {
            throw new CorruptValueException("stored bytes are corrupted: negative length " + length + " for " + what);
        }
        return length;
    }

    static Object read(Class<?> componentType, int length, int elementBytes, Filler filler) {
        if (length < 0) {
            checkLength(length, componentType.getName() + " array"); // the message only when it is thrown
        }
        long claimedBytes = (long) length * elementBytes;
        if (claimedBytes > FIRST_STAGE_BYTES && claimedBytes > Runtime.getRuntime().maxMemory()) {
            // No JVM with this heap could hold it, so failing now is the same answer as failing later, minus the OOM.
            throw new CorruptValueException("stored bytes declare an array of " + length + " " + componentType.getName()
                    + " elements, more than this JVM's whole heap; corrupted or hostile");
        }
        int size = Math.min(length, Math.max(1, FIRST_STAGE_BYTES / elementBytes));
        Object array = Array.newInstance(componentType, size);
        int filled = 0;
        while (true) {
            filler.fill(array, filled, size);
            filled = size;
            if (size == length) {
                return array;
            }
            int next = (int) Math.min(length, (long) size * GROWTH);
            Object bigger = Array.newInstance(componentType, next);
            System.arraycopy(array, 0, bigger, 0, size);
            array = bigger;
            size = next;
        }
    }

    /** Initial capacity for a collection whose size is only claimed; it grows as real elements arrive. */
    static int initialCapacity(int claimedSize) {
        return Math.min(claimedSize, 1024);
    }
}
