package ladder.level6;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Padded cells; sum() folds every cell into the base so that the next sum is cheap. */
public final class StripedCounter {
    private static final int STRIDE = 16;
    private static final int CELLS = 8;

    private final AtomicLong base = new AtomicLong();
    private final AtomicLongArray cells = new AtomicLongArray((CELLS + 1) * STRIDE);

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        int i = (int) (Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L >>> 61);
        cells.getAndAdd((i + 1) * STRIDE, x);
    }

    public long sum() {
        for (int i = 1; i <= CELLS; i++) {
            long v = cells.getAndSet(i * STRIDE, 0); // BUG: v is in neither the cell nor the base now
            if (v != 0) {
                base.addAndGet(v);
            }
        }
        return base.get();
    }
}
