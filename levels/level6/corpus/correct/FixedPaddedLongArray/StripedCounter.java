package ladder.level6;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A fixed table of cells in one long[], 16 slots (128 bytes) apart, updated with getAndAdd. */
public final class StripedCounter {
    private static final int STRIDE = 16;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int CELLS = Integer.highestOneBit(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()) * 2 - 1);

    private final long[] slots = new long[(CELLS + 2) * STRIDE]; // cell i at (i + 1) * STRIDE: no sharing with the header

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        SLOT.getAndAdd(slots, index(), x);
    }

    public long sum() {
        long s = 0;
        for (int i = 0; i < CELLS; i++) {
            s += (long) SLOT.getVolatile(slots, (i + 1) * STRIDE);
        }
        return s;
    }

    private static int index() {
        long z = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L;
        z ^= z >>> 31;
        return ((int) z & (CELLS - 1)) * STRIDE + STRIDE;
    }
}
