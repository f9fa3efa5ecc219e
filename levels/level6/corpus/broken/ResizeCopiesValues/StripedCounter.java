package ladder.level6;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** Cells in an AtomicLongArray (stride 16) that doubles on collisions, by copying values. */
public final class StripedCounter {
    private static final int STRIDE = 16;
    private static final int MAX = 64;

    private volatile AtomicLongArray cells = new AtomicLongArray(2 * STRIDE);
    private final AtomicInteger resizing = new AtomicInteger();
    private static final ThreadLocal<int[]> PROBE = ThreadLocal.withInitial(
            () -> new int[] {(int) (Thread.currentThread().threadId() * 0x9E3779B9L) | 1});

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        int[] p = PROBE.get();
        for (;;) {
            AtomicLongArray cs = cells;
            int n = cs.length() / STRIDE;
            int i = (p[0] & (n - 1)) * STRIDE;
            long v = cs.get(i);
            if (cs.compareAndSet(i, v, v + x)) {
                return;
            }
            int h = p[0];
            h ^= h << 13; h ^= h >>> 17; h ^= h << 5;
            p[0] = h;
            if (n < MAX && resizing.compareAndSet(0, 1)) {
                try {
                    if (cells == cs) {
                        AtomicLongArray bigger = new AtomicLongArray(2 * n * STRIDE);
                        for (int k = 0; k < n; k++) {
                            bigger.set(k * STRIDE, cs.get(k * STRIDE)); // BUG: a copy of the value, not of the cell
                        }
                        cells = bigger;
                    }
                } finally {
                    resizing.set(0);
                }
            }
        }
    }

    public long sum() {
        AtomicLongArray cs = cells;
        long s = 0;
        for (int i = 0; i < cs.length(); i += STRIDE) {
            s += cs.get(i);
        }
        return s;
    }
}
