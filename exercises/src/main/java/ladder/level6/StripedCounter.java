package ladder.level6;

/**
 * Level 6: a counter that scales, built from padded cells that threads update separately.
 *
 * <p>The story: a web server counts requests, a rate limiter counts tokens, a metrics library
 * counts everything. With one {@code AtomicLong} shared by every core, each increment must own
 * the cache line that holds it: the line bounces from core to core and sixteen cores count
 * slower than one. The fix that {@code LongAdder}, Linux's per-CPU counters and every metrics
 * library use is to stop sharing: give threads different cells, each on its own cache line,
 * and add the cells up only when someone asks for the total.
 *
 * <p>The invariant to keep: <b>the counter's value is the sum of its cells (and of any base
 * word you keep), and every update adds to exactly one of them, exactly once.</b> Nothing may
 * be lost, and nothing may ever be moved or counted twice while {@code sum()} is reading.
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>{@code increment()} and {@code add(x)} may run in many threads at once. {@code add}
 *       takes any sign.</li>
 *   <li>{@code sum()} runs while updates continue. It need not be an atomic snapshot, but it
 *       must count every update that finished before it was called and no update that started
 *       after it returned. With only non-negative updates, the sums one thread sees never go
 *       down.</li>
 *   <li>Put the cells on different cache lines (64 bytes each; pad to 128 to be safe): a
 *       {@code long[]} with a stride, or cell objects with padding fields.</li>
 *   <li>Allowed: {@code java.util.concurrent.atomic} ({@code AtomicLong}, {@code AtomicLongArray},
 *       {@code AtomicReference}...), {@code VarHandle}, {@code ThreadLocal}. Not allowed:
 *       {@code LongAdder}, {@code LongAccumulator} (or their {@code Double} cousins): they
 *       are the answer.</li>
 * </ul>
 *
 * <p>Run {@code ladder lesson level6} to read the lesson, {@code ladder hint level6} when stuck,
 * and {@code ladder check level6} to grade. The grader also races your counter against
 * {@code AtomicLong} and {@code LongAdder} and shows the numbers.
 */
public final class StripedCounter {

    // TODO: the cells. A long[] of (cells + 1) * 16 slots with a VarHandle on it
    //       (MethodHandles.arrayElementVarHandle(long[].class)) puts each cell 128 bytes apart;
    //       or a small Cell class with padding fields around a volatile long.
    // TODO: how does a thread choose its cell? (A hash of the thread's id, or a per-thread
    //       "probe" kept in a ThreadLocal that moves when it collides.)

    /** Creates a counter whose sum is 0. */
    public StripedCounter() {
        // TODO: allocate what you need (or allocate lazily, on the first collision).
    }

    /** Adds one. */
    public void increment() {
        // TODO: the common case: make it cheap.
        throw new UnsupportedOperationException("TODO StripedCounter.increment()");
    }

    /** Adds {@code x} (any sign). */
    public void add(long x) {
        // TODO: add x to the calling thread's cell with an atomic read-modify-write
        //       (compareAndSet in a loop, or getAndAdd). Never read-then-write: two threads
        //       that share a cell would lose an update.
        throw new UnsupportedOperationException("TODO StripedCounter.add()");
    }

    /**
     * Returns the total: every update that finished before this call is counted, none that
     * started after it returned.
     */
    public long sum() {
        // TODO: add up every cell (volatile reads). Do not move values between cells here.
        throw new UnsupportedOperationException("TODO StripedCounter.sum()");
    }
}
