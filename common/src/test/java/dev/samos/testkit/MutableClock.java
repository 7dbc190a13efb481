package dev.samos.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock a test moves by hand: lease expiry and backoff are tested by advancing it, never by sleeping. */
public final class MutableClock extends Clock {

    private final long startMillis;
    private final AtomicLong millis;

    public MutableClock(long startMillis) {
        this.startMillis = startMillis;
        this.millis = new AtomicLong(startMillis);
    }

    public MutableClock() {
        this(1_700_000_000_000L);
    }

    public void advance(Duration by) {
        millis.addAndGet(by.toMillis());
    }

    public void advanceMillis(long by) {
        millis.addAndGet(by);
    }

    /**
     * Back to the time it was made with: for a clock that outlives a test (a Spring context's clock bean), so each
     * test starts where a new clock would.
     */
    public void reset() {
        millis.set(startMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
