package ladder.level6;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Padded cells; every 64 updates a thread folds its cell into the base, keeping cells small. */
public final class StripedCounter {
    private static final int STRIDE = 16;
    private static final int CELLS = 16;

    private final AtomicLong base = new AtomicLong();
    private final AtomicLongArray cells = new AtomicLongArray((CELLS + 1) * STRIDE);
    private static final ThreadLocal<int[]> OPS = ThreadLocal.withInitial(() -> new int[1]);

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        int i = ((int) (Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L >>> 60) + 1) * STRIDE;
        cells.getAndAdd(i, x);
        if (++OPS.get()[0] % 64 == 0) {
            long v = cells.get(i);
            base.addAndGet(v);       // BUG: now counted in the base and still in the cell
            cells.getAndAdd(i, -v);
        }
    }

    public long sum() {
        long s = base.get();
        for (int i = 1; i <= CELLS; i++) {
            s += cells.get(i * STRIDE);
        }
        return s;
    }
}
