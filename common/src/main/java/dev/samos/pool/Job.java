package dev.samos.pool;

/** A chunk of work handed to a worker; {@link #abandon()} is called instead of {@link #run()} if it never runs. */
interface Job extends Runnable {

    void abandon(Throwable why);
}
