package ladder.level6;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** A fixed table of lazily created cells; a missing cell is created by whoever needs it. */
public final class StripedCounter {
    static final class Cell extends AtomicLong {
        long p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;
        Cell(long v) { super(v); }
    }

    private static final int CELLS = 8;
    private final AtomicReferenceArray<Cell> cells = new AtomicReferenceArray<>(CELLS);

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        int i = (int) (Thread.currentThread().threadId() % CELLS);
        Cell c = cells.get(i);
        if (c == null) {
            cells.set(i, new Cell(x)); // BUG: another thread may have installed (and updated) one since the get
            return;
        }
        c.addAndGet(x);
    }

    public long sum() {
        long s = 0;
        for (int i = 0; i < CELLS; i++) {
            Cell c = cells.get(i);
            if (c != null) {
                s += c.get();
            }
        }
        return s;
    }
}
