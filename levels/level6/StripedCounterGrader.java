package level6;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Effort;
import ladder.grading.Grader;
import ladder.grading.Scenario;
import ladder.grading.Trial;
import ladder.level6.StripedCounter;

/**
 * The hidden grader of Level 6: a striped counter loses nothing, its sums stay between the
 * totals before and after them and never go down, and its throughput is measured against
 * {@code AtomicLong} and {@code LongAdder} in the same run (graded only on 4+ cores).
 */
public final class StripedCounterGrader implements Grader {

    /** Slots between two threads' progress counters in an AtomicLongArray: 128 bytes. */
    private static final int STRIDE = 16;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** Thread counts cycled through the trials: beyond any small table, so threads share cells. */
    private static final int[] THREADS = {6, 8, 12, 5, 16, 32, 4};

    @Override
    public List<Scenario> scenarios() {
        return List.of(noLostIncrements(), sumWithinBounds(), sumMonotonic(), throughput());
    }

    // ---- no increment is lost ----------------------------------------------------------------

    private Scenario noLostIncrements() {
        return Scenario.named("no-lost-increments").subject("StripedCounter")
                .proves("No increment is lost: after N threads × K updates (increment() and add(x) of both signs), sum() is exact")
                .trials(1).budget(Duration.ofMillis(1))
                .body(t -> {
                    sequential(t);
                    Effort effort = Effort.of(1_000, 1_200, 4_000);
                    int round = 0;
                    do {
                        // Thread ids 64 apart make designs that index cells by id share cells; consecutive ids do not.
                        boolean spaced = round % 6 < 3;
                        if (round % 3 == 0) {
                            overlappingUpdates(t, round, spaced);
                        } else {
                            freshCounters(t, round, spaced);
                        }
                        round++;
                    } while (effort.more());
                    t.metric("rounds", effort.summary());
                });
    }

    /**
     * Every thread updates one counter for the same stretch of time (so that they really overlap,
     * even on 2 cores), each keeping its own exact total; the counter must hold their sum.
     */
    private static void overlappingUpdates(Trial t, int round, boolean spaced) throws InterruptedException {
        int threads = THREADS[(round / 3) % THREADS.length];
        StripedCounter c = t.call("new StripedCounter()", StripedCounter::new);
        AtomicLongArray expected = new AtomicLongArray(threads * STRIDE);
        AtomicLongArray updates = new AtomicLongArray(threads * STRIDE);
        StopFlag flag = new StopFlag();
        long seed = t.random().nextLong();
        Workers crew = Workers.of(t, "updater", threads, spaced, i -> {
            SplittableRandom r = new SplittableRandom(seed + i * GOLDEN);
            long mine = 0;
            long n = 0;
            while (!flag.stop) {
                for (int k = 0; k < 64; k++) {
                    int pick = r.nextInt(100);
                    if (pick < 70) {
                        c.increment();
                        mine += 1;
                    } else if (pick < 97) {
                        long x = r.nextLong(-1_000, 1_001);
                        c.add(x);
                        mine += x;
                    } else {
                        long x = (1L << 33) + r.nextLong(1_000_000); // beyond an int
                        x = r.nextBoolean() ? x : -x;
                        c.add(x);
                        mine += x;
                    }
                }
                n += 64;
            }
            expected.set(i * STRIDE, mine);
            updates.set(i * STRIDE, n);
        });
        Ticker ticker = Ticker.start();
        try {
            crew.start();
            LockSupport.parkNanos(20_000_000L);
            flag.stop = true;
            crew.join(Duration.ofSeconds(10), "every thread finishes its updates when asked to stop");
        } finally {
            ticker.stop();
        }
        long want = 0;
        long made = 0;
        for (int i = 0; i < threads; i++) {
            want += expected.get(i * STRIDE);
            made += updates.get(i * STRIDE);
        }
        long got = t.call("sum() after every thread finished", c::sum);
        if (got != want) {
            throw t.fail(String.format(Locale.ROOT,
                            "sum() after %d threads made %,d updates = %,d, off by %,d", threads, made, got, got - want),
                            String.format(Locale.ROOT, "exactly %,d, the total of every increment() and add(x) made", want))
                    .detail("Updates of both signs were mixed, some of them larger than an int (2^33).")
                    .detail(LOST_HINT);
        }
        t.metric("last overlapping trial", String.format(Locale.ROOT, "%,d updates by %d threads%s", made, threads,
                spaced ? " with ids 64 apart" : ""));
    }

    private static final String LOST_HINT = "Look for a read-then-write on a shared cell, a cell installed without a CAS, "
            + "values copied while other threads still update the old cells, or updates kept in a thread's own buffer "
            + "and never published.";

    /**
     * First contention, pair by pair: of T threads, each pair in turn hammers brand-new counters
     * while the others sleep, meeting at a spin barrier before each new counter so that both are
     * running when they first touch it. Whatever hash a design uses to pick cells, some pairs share a cell (T is more
     * than a small table), and such a pair then has the cores to itself while it collides where
     * cells get created. Each counter must hold exactly the increments made to it.
     */
    private static void freshCounters(Trial t, int round, boolean spaced) throws InterruptedException {
        int threads = 6; // 15 pairs: with 8 cells, 92% of thread sets have a pair that shares one, whatever the hash
        int perPair = 24;
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < threads; a++) {
            for (int b = a + 1; b < threads; b++) {
                pairs.add(new int[] {a, b});
            }
        }
        int count = pairs.size() * perPair;
        StripedCounter[] counters = new StripedCounter[count];
        for (int k = 0; k < count; k++) {
            counters[k] = t.call("new StripedCounter()", StripedCounter::new);
        }
        long[][] made = new long[threads][count];
        AtomicInteger arrivals = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        PairTurn turn = new PairTurn();
        Workers crew = Workers.of(t, "updater", threads, spaced, i -> {
            long[] mine = made[i];
            int rounds = 0; // barrier rounds this thread has passed (both members of a pair pass the same ones)
            for (;;) {
                int p = turn.pair;
                if (p < 0) {
                    return;
                }
                int[] pair = pairs.get(p);
                if (pair[0] != i && pair[1] != i) {
                    LockSupport.parkNanos(200_000L); // not my turn
                    continue;
                }
                rounds = turn.firstRound;
                for (int k = p * perPair; k < (p + 1) * perPair; k++) {
                    // A two-party spin barrier: both threads are on a CPU when they leave it, so their
                    // first updates of the new counter come within nanoseconds of each other. It spins
                    // without yielding: a yielding pair tends to end up sharing one core, where it never
                    // runs at the same instant (measured: 0 of 2,000 releases within 200 ns, against
                    // 95% when spinning).
                    rounds++;
                    arrivals.incrementAndGet();
                    long since = System.nanoTime();
                    while (arrivals.get() < 2 * rounds) {
                        Thread.onSpinWait();
                        if (System.nanoTime() - since > 2_000_000L) {
                            Thread.yield(); // the partner has not run for 2 ms: it may be waiting for this core
                            since = System.nanoTime();
                        }
                    }
                    StripedCounter c = counters[k];
                    c.increment();
                    c.increment();
                    c.increment();
                    c.increment();
                    mine[k] += 4;
                }
                finished.incrementAndGet();
                while (turn.pair == p) {
                    LockSupport.parkNanos(200_000L); // wait for the next turn
                }
            }
        });
        crew.start();
        for (int p = 0; p < pairs.size(); p++) {
            int done = 2 * (p + 1);
            turn.firstRound = p * perPair;
            turn.pair = p;
            crew.unpark(pairs.get(p)[0]);
            crew.unpark(pairs.get(p)[1]);
            if (!Trial.eventually(Duration.ofSeconds(10), () -> finished.get() >= done)) {
                break; // the join below reports the stuck threads
            }
        }
        turn.pair = -1;
        crew.join(Duration.ofSeconds(10), "every thread stops when asked to");
        for (int k = 0; k < count; k++) {
            long want = 0;
            for (int i = 0; i < threads; i++) {
                want += made[i][k];
            }
            long got = t.call("sum()", counters[k]::sum);
            if (got != want) {
                int[] pair = pairs.get(k / perPair);
                throw t.fail(String.format(Locale.ROOT,
                                "a new counter incremented %,d times by two threads at once has sum() = %,d (%,d lost)",
                                want, got, want - got),
                                String.format(Locale.ROOT, "exactly %,d", want))
                        .detail("Counter " + (k + 1) + " of " + count + " new counters, each hammered from its first update by "
                                + "a pair of threads (here updater-" + pair[0] + " and updater-" + pair[1] + "): the first "
                                + "collisions are where cells get created.")
                        .detail(LOST_HINT);
            }
        }
        t.metric("new counters hammered by pairs of threads", String.format(Locale.ROOT, "%,d per trial", count));
    }

    private static final class PairTurn {
        volatile int firstRound;
        volatile int pair;
    }

    /** A few single-threaded facts first: a verdict that names the call is clearer than a sum. */
    private static void sequential(Trial t) {
        StripedCounter c = t.call("new StripedCounter()", StripedCounter::new);
        long s0 = t.call("sum() on a new counter", c::sum);
        t.check(s0 == 0, "a new counter's sum() is " + s0, "0");
        long[] steps = {1, 5, -3, 0, 1L << 40, -(1L << 40), Long.MAX_VALUE / 4, -(Long.MAX_VALUE / 4), -7};
        long want = 0;
        StringBuilder done = new StringBuilder("increment()");
        t.call("increment()", c::increment);
        want += 1;
        for (long x : steps) {
            t.call("add(" + x + ")", () -> c.add(x));
            want += x;
            done.append(", add(").append(x).append(')');
            long got = t.call("sum()", c::sum);
            if (got != want) {
                throw t.fail("one thread called " + done + "; then sum() = " + got, "sum() = " + want);
            }
        }
    }

    // ---- a sum lies between the totals before and after it ----------------------------------

    /**
     * Who does what in a sum trial: {@code writers} threads only update, {@code observers} only
     * call sum(), {@code both} alternate a few updates and a sum(). On 2 cores, races between a
     * sum and an update need the two threads to run at the same instant, or one of them to be
     * preempted halfway through: few threads and threads that do both make that likelier.
     */
    private record Roles(int writers, int observers, int both) {
        int threads() {
            return writers + observers + both;
        }

        boolean writes(int i) {
            return i < writers || i >= writers + observers;
        }

        boolean observes(int i) {
            return i >= writers;
        }

        int updaters() {
            return writers + both;
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (writers > 0) {
                parts.add(writers + " updating");
            }
            if (observers > 0) {
                parts.add(observers + " calling sum()");
            }
            if (both > 0) {
                parts.add(both + " doing both");
            }
            return String.join(", ", parts) + " (threads)";
        }
    }

    /** The mixes cycled through by the sum scenarios (each bug class is likeliest under a different one). */
    private static final Roles[] ROLES = {
            new Roles(0, 0, 2), new Roles(1, 1, 0), new Roles(0, 0, 2), new Roles(1, 1, 1), new Roles(0, 0, 2),
            new Roles(1, 2, 0), new Roles(0, 0, 2), new Roles(0, 0, 3)};

    private Scenario sumWithinBounds() {
        return Scenario.named("sum-within-bounds").subject("StripedCounter")
                .proves("A sum() taken during updates lies between the totals before and after it: it counts every "
                        + "update that returned before it was called, and none that started after it returned")
                .trials(1).budget(Duration.ofMillis(1))
                .body(t -> {
                    Effort effort = Effort.of(1_000, 1_000, 4_000);
                    int round = 0;
                    do {
                        boundsRound(t, ROLES[round++ % ROLES.length]);
                    } while (effort.more());
                    t.metric("rounds", effort.summary());
                });
    }

    private static void boundsRound(Trial t, Roles roles) throws InterruptedException {
        int threads = roles.threads();
        StopFlag flag = new StopFlag();
        StripedCounter c = t.call("new StripedCounter()", StripedCounter::new);
        // started[i]: total amount of thread i's updates that have begun (written just before the call);
        // done[i]: total amount of those that have returned (written just after).
        AtomicLongArray started = new AtomicLongArray(threads * STRIDE);
        AtomicLongArray done = new AtomicLongArray(threads * STRIDE);
        AtomicLong sums = new AtomicLong();
        long seed = t.random().nextLong();
        Crew crew = t.crew("worker", threads, i -> {
            SplittableRandom r = new SplittableRandom(seed + i * GOLDEN);
            boolean writes = roles.writes(i);
            boolean observes = roles.observes(i);
            long total = 0;
            long calls = 0;
            while (!flag.stop) {
                if (writes) {
                    for (int k = 0; k < 16; k++) {
                        long x = r.nextInt(4) == 0 ? r.nextLong(0, 50) : 1;
                        started.set(i * STRIDE, total + x);
                        if (x == 1) {
                            c.increment();
                        } else {
                            c.add(x);
                        }
                        total += x;
                        done.set(i * STRIDE, total);
                    }
                }
                if (observes) {
                    long lo = 0;
                    for (int k = 0; k < threads; k++) {
                        lo += done.get(k * STRIDE);
                    }
                    long sum = c.sum();
                    long hi = 0;
                    for (int k = 0; k < threads; k++) {
                        hi += started.get(k * STRIDE);
                    }
                    calls++;
                    if (sum < lo || sum > hi) {
                        throw boundsViolation(t, i, sum, lo, hi, calls, roles);
                    }
                }
            }
            sums.addAndGet(calls);
        });
        Ticker ticker = Ticker.start();
        try {
            crew.start();
            LockSupport.parkNanos(30_000_000L);
            flag.stop = true;
            crew.join(Duration.ofSeconds(10), "every thread finishes its updates and sums when asked to stop");
        } finally {
            ticker.stop();
        }
        long want = 0;
        for (int k = 0; k < threads; k++) {
            want += started.get(k * STRIDE);
        }
        long s = t.call("sum() after every thread finished", c::sum);
        t.check(s == want, String.format(Locale.ROOT, "sum() after every thread finished = %,d", s),
                String.format(Locale.ROOT, "exactly %,d, the total of every update made", want));
        t.metric("sums checked against their bounds", String.format(Locale.ROOT, "%,d in the last round", sums.get()));
    }

    private static ladder.grading.Violation boundsViolation(Trial t, int i, long sum, long lo, long hi, long calls, Roles roles) {
        String expected = String.format(Locale.ROOT,
                "a sum between %,d (updates finished before the call) and %,d (updates started before it returned)", lo, hi);
        String when = "Call " + calls + " of worker-" + i + "; the workers were " + roles + ", adding non-negative amounts.";
        if (sum < lo) {
            return t.fail(String.format(Locale.ROOT,
                            "worker-%d's sum() returned %,d, but updates totalling %,d had already returned before it was called (%,d missing)",
                            i, sum, lo, lo - sum), expected)
                    .detail(when)
                    .detail("A sum misses finished updates when it returns a cached total, or when a value is on its way "
                            + "from one word to another (taken out of a cell, not yet added elsewhere) while it reads.");
        }
        return t.fail(String.format(Locale.ROOT,
                        "worker-%d's sum() returned %,d, but only updates totalling %,d had even started when it returned (%,d too many)",
                        i, sum, hi, sum - hi), expected)
                .detail(when)
                .detail("A sum counts too much when a value is copied into another word before it is removed from the "
                        + "first, so that for a moment it is in both.");
    }

    // ---- successive sums never go down ------------------------------------------------------

    private Scenario sumMonotonic() {
        return Scenario.named("sum-monotonic").subject("StripedCounter")
                .proves("Successive sums of an increment-only workload never go down, as each observer sees them")
                .trials(1).budget(Duration.ofMillis(1))
                .body(t -> {
                    Effort effort = Effort.of(800, 900, 3_500);
                    int round = 0;
                    do {
                        monotonicRound(t, ROLES[(++round) % ROLES.length]); // starts with one updater and one observer
                    } while (effort.more());
                    t.metric("rounds", effort.summary());
                });
    }

    private static void monotonicRound(Trial t, Roles roles) throws InterruptedException {
        StopFlag flag = new StopFlag();
        StripedCounter c = t.call("new StripedCounter()", StripedCounter::new);
        AtomicLong sums = new AtomicLong();
        long seed = t.random().nextLong();
        Crew crew = t.crew("worker", roles.threads(), i -> {
            SplittableRandom r = new SplittableRandom(seed + i * GOLDEN);
            boolean writes = roles.writes(i);
            boolean observes = roles.observes(i);
            long prev = Long.MIN_VALUE;
            long calls = 0;
            while (!flag.stop) {
                if (writes) {
                    for (int k = 0; k < 16; k++) {
                        if (r.nextInt(8) == 0) {
                            c.add(r.nextLong(0, 4));
                        } else {
                            c.increment();
                        }
                    }
                }
                if (observes) {
                    long s = c.sum();
                    calls++;
                    if (s < prev) {
                        throw t.fail(String.format(Locale.ROOT,
                                        "worker-%d's sum() went down from %,d to %,d (by %,d) between its calls %d and %d",
                                        i, prev, s, prev - s, calls - 1, calls),
                                        "each sum at least the one before it: every thread was only incrementing")
                                .detail("The workers were " + roles + ".")
                                .detail("A sum goes down when a value is taken out of one word and only later added to another "
                                        + "(a flush or a merge of cells), or counted in two words for a moment.");
                    }
                    prev = s;
                }
            }
            sums.addAndGet(calls);
        });
        Ticker ticker = Ticker.start();
        try {
            crew.start();
            LockSupport.parkNanos(30_000_000L);
            flag.stop = true;
            crew.join(Duration.ofSeconds(10), "every thread finishes its updates and sums when asked to stop");
        } finally {
            ticker.stop();
        }
        t.metric("successive sums checked", String.format(Locale.ROOT, "%,d in the last round", sums.get()));
    }

    // ---- throughput against AtomicLong and LongAdder ----------------------------------------

    private enum Kind {
        ATOMIC_LONG("AtomicLong"), LONG_ADDER("LongAdder"), STRIPED("StripedCounter");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Speed is graded only where contention is real. */
    static final int MIN_GRADED_CORES = 4;
    /** The speed verdict: the best round's StripedCounter/AtomicLong ratio must reach this. */
    static final double MIN_RATIO_VS_ATOMIC_LONG = 1.0;

    private Scenario throughput() {
        return Scenario.named("throughput").subject("StripedCounter")
                .proves("Throughput under contention, measured against AtomicLong and LongAdder in the same run and shown; "
                        + "the speed verdict counts only on " + MIN_GRADED_CORES + "+ cores")
                .trials(1).budget(Duration.ofSeconds(2)).quiet()
                .body(t -> {
                    int cores = Runtime.getRuntime().availableProcessors();
                    boolean graded = cores >= MIN_GRADED_CORES;
                    int threads = graded ? Math.min(cores, 16) : 4;
                    int maxRounds = graded ? 8 : 2;
                    long windowNanos = graded ? 40_000_000L : 30_000_000L;
                    for (Kind k : Kind.values()) {
                        measure(t, k, threads, 60_000_000L); // warm-up: let the JIT compile all three
                    }
                    double[] best = new double[Kind.values().length];
                    double bestVsAtomic = 0;
                    double bestVsAdder = 0;
                    List<String> perRound = new ArrayList<>();
                    int rounds = 0;
                    // Best of a few rounds: stop early once the criterion is met (after at least 3 when graded).
                    while (rounds < maxRounds && !(graded && rounds >= 3 && bestVsAtomic >= MIN_RATIO_VS_ATOMIC_LONG)) {
                        int r = rounds++;
                        double[] rate = new double[Kind.values().length];
                        for (int j = 0; j < Kind.values().length; j++) {
                            Kind k = Kind.values()[(j + r) % Kind.values().length]; // rotate who runs first
                            rate[k.ordinal()] = measure(t, k, threads, windowNanos);
                            best[k.ordinal()] = Math.max(best[k.ordinal()], rate[k.ordinal()]);
                        }
                        double vsAtomic = rate[Kind.STRIPED.ordinal()] / rate[Kind.ATOMIC_LONG.ordinal()];
                        double vsAdder = rate[Kind.STRIPED.ordinal()] / rate[Kind.LONG_ADDER.ordinal()];
                        bestVsAtomic = Math.max(bestVsAtomic, vsAtomic);
                        bestVsAdder = Math.max(bestVsAdder, vsAdder);
                        perRound.add(String.format(Locale.ROOT, "%.2f×", vsAtomic));
                    }
                    t.metric("threads", threads + " on " + cores + " cores");
                    for (Kind k : Kind.values()) {
                        t.metric(k.label + " ops/ms (best of " + rounds + ")", String.format(Locale.ROOT, "%,.0f", best[k.ordinal()]));
                    }
                    t.metric("StripedCounter ÷ AtomicLong (best round)", String.format(Locale.ROOT, "%.2f×", bestVsAtomic));
                    t.metric("StripedCounter ÷ LongAdder (best round)", String.format(Locale.ROOT, "%.2f×", bestVsAdder));
                    if (!graded) {
                        t.metric("speed verdict", "speed not graded on " + cores + " core" + (cores == 1 ? "" : "s")
                                + " (needs " + MIN_GRADED_CORES + "+ for real contention): figures shown for information, "
                                + "correctness graded as everywhere");
                        return;
                    }
                    t.metric("speed verdict", String.format(Locale.ROOT,
                            "graded on %d cores: at least %.1f× AtomicLong in the best of up to %d rounds", cores, MIN_RATIO_VS_ATOMIC_LONG, maxRounds));
                    if (bestVsAtomic < MIN_RATIO_VS_ATOMIC_LONG) {
                        throw t.fail(String.format(Locale.ROOT,
                                        "with %d threads on %d cores StripedCounter reached %,.0f ops/ms against AtomicLong's %,.0f "
                                                + "(best ratio %.2f× over %d rounds: %s)",
                                        threads, cores, best[Kind.STRIPED.ordinal()], best[Kind.ATOMIC_LONG.ordinal()],
                                        bestVsAtomic, rounds, String.join(", ", perRound)),
                                        String.format(Locale.ROOT, "at least as fast as one AtomicLong under contention (%.1f×); LongAdder did %,.0f ops/ms",
                                                MIN_RATIO_VS_ATOMIC_LONG, best[Kind.LONG_ADDER.ordinal()]))
                                .detail("Cells that share a cache line (no padding), every thread hashing to the same cell, or a lock "
                                        + "around updates make a striped counter no faster than one atomic word.");
                    }
                });
    }

    /** Runs {@code threads} threads updating one counter of {@code kind} for a window; returns ops/ms. */
    private static double measure(Trial t, Kind kind, int threads, long windowNanos) throws InterruptedException {
        AtomicLongArray counts = new AtomicLongArray(threads * STRIDE);
        StopFlag flag = new StopFlag();
        Crew crew;
        AtomicLong al = new AtomicLong();
        LongAdder la = new LongAdder();
        StripedCounter sc = kind == Kind.STRIPED ? t.call("new StripedCounter()", StripedCounter::new) : null;
        switch (kind) {
            case ATOMIC_LONG -> crew = t.crew("atomiclong", threads, i -> {
                long n = 0;
                while (!flag.stop) {
                    for (int k = 0; k < 64; k++) {
                        al.incrementAndGet();
                    }
                    n += 64;
                }
                counts.set(i * STRIDE, n);
            });
            case LONG_ADDER -> crew = t.crew("longadder", threads, i -> {
                long n = 0;
                while (!flag.stop) {
                    for (int k = 0; k < 64; k++) {
                        la.increment();
                    }
                    n += 64;
                }
                counts.set(i * STRIDE, n);
            });
            default -> crew = t.crew("striped", threads, i -> {
                long n = 0;
                while (!flag.stop) {
                    for (int k = 0; k < 64; k++) {
                        sc.increment();
                    }
                    n += 64;
                }
                counts.set(i * STRIDE, n);
            });
        }
        long t0 = System.nanoTime();
        crew.start();
        LockSupport.parkNanos(windowNanos);
        flag.stop = true;
        crew.join(Duration.ofSeconds(10), "every " + kind.label + " thread stops when asked");
        long elapsed = System.nanoTime() - t0;
        long total = 0;
        for (int i = 0; i < threads; i++) {
            total += counts.get(i * STRIDE);
        }
        if (kind == Kind.STRIPED) {
            long s = t.call("sum() after the throughput run", sc::sum);
            t.check(s == total, String.format(Locale.ROOT, "after %d threads made %,d increments, sum() = %,d", threads, total, s),
                    String.format(Locale.ROOT, "exactly %,d", total));
        }
        return total / (elapsed / 1e6);
    }

    private static final class StopFlag {
        volatile boolean stop;
    }
}
