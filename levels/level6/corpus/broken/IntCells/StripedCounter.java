package ladder.level6;

import java.util.concurrent.atomic.AtomicIntegerArray;

/** Padded int cells: half the memory of longs. */
public final class StripedCounter {
    private static final int STRIDE = 32; // 32 ints = 128 bytes
    private static final int CELLS = 8;

    private final AtomicIntegerArray cells = new AtomicIntegerArray((CELLS + 1) * STRIDE);

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        int i = (int) (Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L >>> 61);
        cells.getAndAdd((i + 1) * STRIDE, (int) x); // BUG: the high 32 bits are dropped
    }

    public long sum() {
        long s = 0;
        for (int i = 1; i <= CELLS; i++) {
            s += cells.get(i * STRIDE);
        }
        return s;
    }
}
