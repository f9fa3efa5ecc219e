package ladder.level6;

import java.util.concurrent.atomic.AtomicLongArray;

/** Padded cells with a cached sum, recomputed at most once per millisecond. */
public final class StripedCounter {
    private static final int STRIDE = 16;
    private static final int CELLS = 8;

    private final AtomicLongArray cells = new AtomicLongArray((CELLS + 1) * STRIDE);
    private volatile long cached;
    private volatile long cachedAt = Long.MIN_VALUE / 2;

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        int i = (int) (Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L >>> 61);
        cells.getAndAdd((i + 1) * STRIDE, x);
    }

    public long sum() {
        long now = System.nanoTime();
        if (now - cachedAt < 1_000_000L) {
            return cached; // BUG: stale for up to a millisecond
        }
        long s = 0;
        for (int i = 1; i <= CELLS; i++) {
            s += cells.get(i * STRIDE);
        }
        cached = s;
        cachedAt = now;
        return s;
    }
}
