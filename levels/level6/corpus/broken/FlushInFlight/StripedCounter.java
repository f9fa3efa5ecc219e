package ladder.level6;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Per-thread cells, flushed into a global total every 32 updates so that sums stay cheap. */
public final class StripedCounter {
    private static final int STRIDE = 16;
    private static final int CELLS = 16;

    private final AtomicLong total = new AtomicLong();
    private final AtomicLongArray cells = new AtomicLongArray((CELLS + 1) * STRIDE);
    private static final ThreadLocal<int[]> OPS = ThreadLocal.withInitial(() -> new int[1]);

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        int i = ((int) (Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L >>> 60) + 1) * STRIDE;
        cells.getAndAdd(i, x);
        int[] ops = OPS.get();
        if (++ops[0] % 32 == 0) {
            long v = cells.getAndSet(i, 0); // BUG: in flight until the next line lands
            total.addAndGet(v);
        }
    }

    public long sum() {
        long s = total.get();
        for (int i = 1; i <= CELLS; i++) {
            s += cells.get(i * STRIDE);
        }
        return s;
    }
}
