package ladder.grading;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Schedule noise: random, short delays at the synchronization points of learner code, so that a
 * race window a few nanoseconds wide is hit within a check rather than once a month.
 *
 * <p>The check pipeline weaves a call to {@link #point()} before every synchronization point of the
 * learner's classes (see {@code ladder.check.NoiseWeaver}): calls to atomics, {@code VarHandle}s,
 * the toolkit's {@code Futex}, {@code LockSupport}, {@code Object.wait/notify}, monitors, and
 * accesses to the learner's volatile fields. This is the noise injection of IBM's ConTest and of
 * rr's chaos mode: it changes how likely each interleaving is, not which ones are allowed, so a
 * correct implementation stays correct and a racy one loses its luck. Plain accesses are left
 * alone on purpose: a call beside them would stop the JIT hoisting them and hide visibility bugs.
 *
 * <p>A point usually costs one thread-local random draw. Rarely it yields the processor, and more
 * rarely it spins for up to {@value #MAX_SPIN_MICROS} µs. It never parks or sleeps: a park could
 * consume a permit meant for the learner's own {@code LockSupport.park}, and a sleeping thread
 * would look blocked to scenarios that sample thread states. Spinning shows as RUNNABLE and costs
 * CPU only in proportion to the code the learner runs, so a parked waiter stays at zero.
 *
 * <p>A yield also hides a spinner: a thread that yields every few microseconds gets a sliver of a
 * loaded core, so a busy-waiting learner would look parked to a CPU-time check. Scenarios that
 * measure time, throughput or CPU therefore declare themselves {@linkplain
 * Scenario.Builder#quiet() quiet}; the {@link ScenarioRunner} switches the noise off for them.
 * {@code -Dladder.noise=off} switches it off for a whole check (for an instructor comparing runs).
 */
public final class Noise {

    /** Out of 2^16 draws: how many yield, and how many spin. */
    private static final int YIELD_IN_65536 = 256;
    private static final int SPIN_IN_65536 = 64;
    private static final int MAX_SPIN_MICROS = 50;

    private static final boolean DISABLED = "off".equals(System.getProperty("ladder.noise"));

    /**
     * Whether points make noise now. Written by the scenario runner between scenarios, read at
     * every point by learner threads, hence volatile: a point must never be a plain read that the
     * JIT could hoist (see NoiseWeaver on why hoisting matters).
     */
    private static volatile boolean on;

    private Noise() {}

    /** Called by woven learner code before each synchronization point. */
    public static void point() {
        if (!on) {
            return;
        }
        int draw = ThreadLocalRandom.current().nextInt(1 << 16);
        if (draw < YIELD_IN_65536) {
            Thread.yield();
        } else if (draw < YIELD_IN_65536 + SPIN_IN_65536) {
            spin(1 + ThreadLocalRandom.current().nextInt(MAX_SPIN_MICROS));
        }
    }

    private static void spin(long micros) {
        long until = System.nanoTime() + micros * 1_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** Turns the noise on or off for the scenario about to run. */
    static void enable(boolean enabled) {
        on = enabled && !DISABLED;
    }
}
