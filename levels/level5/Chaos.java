package level5;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Scheduling noise for the learner's code, ConTest-style: {@link ChaosLoader} inserts a call to
 * {@link #point()} before every atomic operation, VarHandle access, volatile field access, Futex
 * and LockSupport call of the learner's classes. While enabled, a point now and then pauses the
 * calling thread (a short sleep or a yield), so that a window of a few nanoseconds between two
 * atomic operations becomes, once in a while, a window of a hundred microseconds or more in which
 * the other threads go on. Correct code must allow any delay between any two of its steps, so
 * this never fails it; broken code meets its bad interleavings within a few thousand rounds,
 * even on a machine so loaded that two threads rarely run at the same time.
 *
 * <p>In the interleaved phase of a race (virtual threads sharing one carrier, see {@link
 * VirtualTeam}) a pause is a yield of the virtual thread: a context switch at that exact step,
 * which costs microseconds, not a trip through the operating system's scheduler.
 *
 * <p>The pause never touches the thread's park permit (it sleeps, it does not park) and never
 * changes its interrupt status: an interrupted thread is not paused, and an interrupt that
 * arrives during the pause is set again.
 */
public final class Chaos {

    private static volatile int driverPerMillion;
    private static volatile int workerPerMillion;
    private static volatile int interleavedPerMillion;
    private static volatile Thread driver;
    private static volatile boolean driverQuiet;
    private static volatile long pauses;

    private Chaos() {}

    /**
     * Turns the noise on: each point pauses with probability {@code driverPerMillion} / 1,000,000
     * on the driver thread of a race (see {@link #driver}), {@code workerPerMillion} / 1,000,000 on
     * every other thread. The driver plays the one-shot event of a round (a shutdown(), the last
     * exit()), so the windows inside that call are met only when the driver pauses often.
     */
    static void enable(int driverPerMillion, int workerPerMillion, int interleavedPerMillion) {
        Chaos.driverPerMillion = driverPerMillion;
        Chaos.workerPerMillion = workerPerMillion;
        Chaos.interleavedPerMillion = interleavedPerMillion;
    }

    static void disable() {
        driverPerMillion = 0;
        workerPerMillion = 0;
        interleavedPerMillion = 0;
        driver = null;
        driverQuiet = false;
    }

    /** Names the calling thread as the driver of the race now running. */
    public static void driver() {
        driver = Thread.currentThread();
    }

    /** While true, the driver is not paused (it builds or checks a round: noise there is wasted time). */
    public static void driverQuiet(boolean quiet) {
        driverQuiet = quiet;
    }

    /** How many pauses have been made (a figure for tuning, racy by design). */
    static long pauses() {
        return pauses;
    }

    /**
     * Makes the calling thread pause at its {@code n}-th synchronization step from now (PCT-style:
     * one pause at a random depth of a call covers each step of a short call with probability
     * 1/depth per round); 0 cancels. Works whether or not the noise is enabled.
     */
    public static void pauseAt(int n) {
        COUNTDOWN.get()[0] = n;
    }

    private static final ThreadLocal<int[]> COUNTDOWN = ThreadLocal.withInitial(() -> new int[1]);

    /** Called by the instrumented learner code before each synchronization step. */
    public static void point() {
        int[] countdown = COUNTDOWN.get();
        if (countdown[0] > 0 && --countdown[0] == 0) {
            pause(ThreadLocalRandom.current());
            return;
        }
        Thread me = Thread.currentThread();
        int p = me == driver ? (driverQuiet ? 0 : me.isVirtual() ? interleavedPerMillion : driverPerMillion)
                : me.isVirtual() ? interleavedPerMillion : workerPerMillion;
        if (p == 0) {
            return;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (r.nextInt(1_000_000) < p) {
            pause(r);
        }
    }

    /**
     * A yield or a short sleep; never a park (it would eat the thread's unpark permit). A virtual
     * thread (the interleaved phase, one carrier) yields: another thread runs until it yields.
     */
    private static void pause(ThreadLocalRandom r) {
        pauses++;
        if (Thread.currentThread().isVirtual()) {
            Thread.yield();
            return;
        }
        if (r.nextBoolean()) {
            Thread.yield();
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        try {
            Thread.sleep(0, r.nextInt(1_000, 100_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
