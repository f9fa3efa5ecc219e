package ladder.level6;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Padded cells in a long[]; each update reads the cell and writes it back. */
public final class StripedCounter {
    private static final int STRIDE = 16;
    private static final int CELLS = 4;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots = new long[(CELLS + 2) * STRIDE];

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        int i = index();
        long v = (long) SLOT.getVolatile(slots, i);
        SLOT.setVolatile(slots, i, v + x); // BUG: not atomic with the read
    }

    public long sum() {
        long s = 0;
        for (int i = 0; i < CELLS; i++) {
            s += (long) SLOT.getVolatile(slots, (i + 1) * STRIDE);
        }
        return s;
    }

    private static int index() {
        return ((int) Thread.currentThread().threadId() & (CELLS - 1)) * STRIDE + STRIDE;
    }
}
