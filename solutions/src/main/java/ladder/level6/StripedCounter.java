package ladder.level6;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter that many threads can update at once without fighting over one memory word: each
 * thread adds to one of several padded cells, and {@link #sum()} adds the cells up.
 *
 * <p>Under low contention every update goes to a single {@code base} word with one
 * compare-and-set, as an {@code AtomicLong} would. The first time two threads collide on it,
 * the counter switches to a table of cells, each on its own cache lines; a thread keeps using
 * the cell its probe hashes to and moves to another cell when it collides again. The table
 * doubles on repeated collisions, up to the number of processors (rounded up to a power of
 * two): beyond that, more cells cannot run more updates at once.
 *
 * <p>{@link #sum()} is not an atomic snapshot. It counts every update that completed before
 * it was called, never counts an update that started after it returned, and may or may not
 * count updates that run concurrently with it. Nothing ever moves a value from one word to
 * another, so with non-negative updates the successive sums that one thread takes never go
 * down. {@code add(x)} accepts any sign; overflow wraps around as {@code long} arithmetic does.
 *
 * <p><b>Memory consistency effects:</b> every update is a volatile read-modify-write of one
 * word (the base or a cell), and {@code sum()} reads the base and each cell with volatile
 * loads. So actions in a thread prior to an update <i>happen-before</i> actions that follow a
 * {@code sum()} that read the value that update wrote. As with {@code LongAdder}, a sum does
 * not tell which updates it includes: use it for statistics, not for synchronization.
 */
public final class StripedCounter {

    /*
     * Implementation overview (the design of java.util.concurrent.atomic.Striped64, simplified).
     *
     * The invariant: the counter's value is base + the sum of every cell's value. Each update
     * adds x to exactly one of those words with one successful CAS, and no word's value is
     * ever moved or copied elsewhere, so nothing is lost or counted twice.
     *
     * Fields:
     *   base      volatile long: the only word used until the first collision.
     *   cells     volatile Cell[]: null until the first collision; then a power-of-two table
     *             whose slots are filled lazily. Growing copies the REFERENCES to the cells into
     *             a table twice as large, so a thread still updating a cell of the old table
     *             updates a cell that the new table holds too.
     *   busy      0/1 spin lock (CAS) held only to create the table, install a cell in an empty
     *             slot, or grow the table. Never held while waiting for anything.
     *   PROBE     per-thread hash (a ThreadLocal int[1]), moved with a xorshift step after
     *             every collision so that colliding threads spread over the table.
     *
     * Cell padding: HotSpot lays out a superclass's fields before the subclass's, so value sits
     * between 128 bytes of unused longs on each side (two cache lines, also covering the
     * adjacent-line prefetcher). Two cells therefore never share a cache line, and a write to one
     * does not invalidate the line another core is updating (no false sharing).
     *
     * Order of operations: a slot of `cells` is written only under `busy`, with a release store
     * after the Cell is fully constructed, and read with an acquire load; `cells` itself is
     * volatile and replaced only under `busy`. Readers may see a slot as still null (benign
     * race: they retry through the slow path) but never a half-built cell.
     *
     * Benign race: sum() reads the words one after the other while updates continue, so it may
     * include some concurrent updates and not others. That is the documented contract.
     */

    /** Upper bound on the table's length: the processors, rounded up to a power of two. */
    private static final int MAX_CELLS = ceilPowerOfTwo(Math.max(2, Runtime.getRuntime().availableProcessors()));

    /** Per-thread probe: which cell a thread tries first. Never 0 once initialised. */
    private static final ThreadLocal<int[]> PROBE = ThreadLocal.withInitial(() -> {
        long id = Thread.currentThread().threadId();
        int h = (int) (mix64(id * 0x9E3779B97F4A7C15L) >>> 32);
        return new int[] {h == 0 ? 1 : h};
    });

    private static final VarHandle BASE;
    private static final VarHandle BUSY;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Cell[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BASE = l.findVarHandle(StripedCounter.class, "base", long.class);
            BUSY = l.findVarHandle(StripedCounter.class, "busy", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long base;
    private volatile Cell[] cells;
    private volatile int busy;

    /** Creates a counter whose sum is 0. */
    public StripedCounter() {}

    /** Adds one. */
    public void increment() {
        add(1L);
    }

    /** Adds {@code x} (any sign). */
    public void add(long x) {
        Cell[] cs = cells;
        if (cs == null) {
            long b = base;
            if (BASE.compareAndSet(this, b, b + x)) {
                return; // uncontended: the AtomicLong fast path
            }
            addContended(x, false);
            return;
        }
        int h = probe();
        Cell c = slotAcquire(cs, h & (cs.length - 1));
        if (c != null) {
            long v = c.value;
            if (c.casValue(v, v + x)) {
                return;
            }
        }
        addContended(x, c != null);
    }

    /**
     * The slow path: creates the table or a cell, moves this thread to another cell after a
     * collision, or grows the table.
     *
     * @param collidedOnCell whether the caller's fast path just failed a CAS on an existing cell
     */
    private void addContended(long x, boolean collidedOnCell) {
        int h = probe();
        if (collidedOnCell) {
            h = advanceProbe(); // the fast path collided: try another cell first
        }
        boolean collide = false; // true after a second collision in a row: time to grow
        for (;;) {
            Cell[] cs = cells;
            if (cs != null) {
                int n = cs.length;
                int j = h & (n - 1);
                Cell c = slotAcquire(cs, j);
                if (c == null) {
                    if (busy == 0) {
                        Cell fresh = new Cell(x); // built before taking the lock: keep it short
                        if (tryLock()) {
                            boolean installed = false;
                            try {
                                Cell[] now = cells;
                                if (now != null && slotAcquire(now, j & (now.length - 1)) == null) {
                                    SLOT.setRelease(now, j & (now.length - 1), fresh);
                                    installed = true;
                                }
                            } finally {
                                unlock();
                            }
                            if (installed) {
                                return;
                            }
                            continue; // the slot was filled meanwhile: retry on it
                        }
                    }
                    collide = false;
                } else {
                    long v = c.value;
                    if (c.casValue(v, v + x)) {
                        return;
                    }
                    if (n >= MAX_CELLS || cells != cs) {
                        collide = false; // at the maximum size, or already grown: just move
                    } else if (!collide) {
                        collide = true; // collide once more before growing
                    } else if (busy == 0 && tryLock()) {
                        try {
                            if (cells == cs) {
                                Cell[] bigger = new Cell[n << 1];
                                for (int i = 0; i < n; i++) {
                                    bigger[i] = slotAcquire(cs, i); // references, never values
                                }
                                cells = bigger;
                            }
                        } finally {
                            unlock();
                        }
                        collide = false;
                        continue; // retry with the larger table and the same probe
                    }
                }
                h = advanceProbe();
            } else if (busy == 0 && cells == null && tryLock()) {
                boolean created = false;
                try {
                    if (cells == null) {
                        Cell[] table = new Cell[2];
                        table[h & 1] = new Cell(x);
                        cells = table; // volatile store publishes the table and its first cell
                        created = true;
                    }
                } finally {
                    unlock();
                }
                if (created) {
                    return;
                }
            } else {
                long b = base;
                if (BASE.compareAndSet(this, b, b + x)) {
                    return; // someone else is creating the table: the base may be free now
                }
            }
        }
    }

    /**
     * Returns the current total: the base plus every cell. Not an atomic snapshot (see the class
     * comment): it counts every update that completed before the call and none that started
     * after it returned.
     */
    public long sum() {
        long s = base;
        Cell[] cs = cells;
        if (cs != null) {
            for (int i = 0; i < cs.length; i++) {
                Cell c = slotAcquire(cs, i);
                if (c != null) {
                    s += c.value;
                }
            }
        }
        return s;
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Cell slotAcquire(Cell[] cs, int i) {
        return (Cell) SLOT.getAcquire(cs, i);
    }

    private boolean tryLock() {
        return BUSY.compareAndSet(this, 0, 1);
    }

    /** Call only when holding {@code busy}. */
    private void unlock() {
        BUSY.setRelease(this, 0);
    }

    private static int probe() {
        return PROBE.get()[0];
    }

    /** Moves the calling thread's probe one xorshift step (Marsaglia) and returns it. */
    private static int advanceProbe() {
        int[] p = PROBE.get();
        int h = p[0];
        h ^= h << 13;
        h ^= h >>> 17;
        h ^= h << 5;
        p[0] = h;
        return h;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static int ceilPowerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    // ---- padded cells ------------------------------------------------------------------------

    /** 128 bytes before the value: superclass fields are laid out first. */
    abstract static class CellPadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** The value, alone on its cache lines. */
    abstract static class CellValue extends CellPadBefore {
        volatile long value;
    }

    /** One cell: 128 bytes of padding on each side of its value. */
    static final class Cell extends CellValue {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(CellValue.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        Cell(long x) {
            VALUE.setRelease(this, x);
        }

        boolean casValue(long expected, long next) {
            return VALUE.compareAndSet(this, expected, next);
        }
    }
}
