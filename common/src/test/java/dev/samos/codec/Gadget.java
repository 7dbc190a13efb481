package dev.samos.codec;

import java.util.concurrent.atomic.AtomicBoolean;

/** A stand-in for a deserialization gadget: a non-value class whose static initialiser has a visible effect. */
final class Gadget {

    /** Lives in another class, so reading it does not initialise Gadget. */
    static final class Flag {
        static final AtomicBoolean INITIALIZED = new AtomicBoolean();

        private Flag() {
        }
    }

    static {
        Flag.INITIALIZED.set(true);
    }

    private Gadget() {
    }
}
