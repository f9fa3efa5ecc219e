package level7;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A two-party spin barrier for races between two threads, one round at a time.
 *
 * <p>It spins on a plain volatile read, without yielding and without {@code Thread.onSpinWait()}:
 * <ul>
 *   <li>on a loaded 2-core machine a yielding pair tends to end up sharing one core and never runs
 *       at the same instant (measured: 0 of 2,000 releases within 200 ns, against 95% when
 *       spinning; a staged lost wake-up showed in 0% of rounds against 20 to 68%);</li>
 *   <li>in a virtual machine the PAUSE instruction behind {@code onSpinWait()} may trap to the
 *       hypervisor (measured here: 225 ns per call), and so may {@code System.nanoTime()} (200 to
 *       500 ns): both would blur the release by hundreds of nanoseconds, wider than the races.</li>
 * </ul>
 * After 20 ms without the partner it yields once, in case the partner waits for this very core.
 *
 * <p>Either thread may stop the pair (its deadline passed, or it failed): {@link #await} then
 * returns false in both, and both have completed the same rounds: a round a thread passed is a
 * round its partner passed too.
 */
final class SpinPair {

    private final AtomicInteger arrivals = new AtomicInteger();
    private final long deadline;
    private volatile boolean stopped;

    /** @param budgetNanos no new round starts after this much time */
    SpinPair(long budgetNanos) {
        this.deadline = System.nanoTime() + budgetNanos;
    }

    /** Arrival at round {@code round} (1, 2, 3, …); false once the pair has stopped. */
    boolean await(int round) {
        if (stopped || System.nanoTime() - deadline > 0) {
            stopped = true;
            return false;
        }
        arrivals.incrementAndGet();
        int target = 2 * round;
        long since = 0;
        int spins = 0;
        while (arrivals.get() < target) {
            if (stopped) {
                // The partner may have arrived just before it stopped the pair at a later round.
                return arrivals.get() >= target;
            }
            if ((++spins & 0xFFF) == 0) {
                long now = System.nanoTime();
                if (since == 0) {
                    since = now;
                } else if (now - since > 20_000_000L) {
                    Thread.yield();
                    since = 0;
                }
            }
        }
        return true;
    }

    /** Stops the pair: a thread waiting for its partner returns false. */
    void stop() {
        stopped = true;
    }

    private static volatile int sink;

    /**
     * Busy-waits about {@code iterations} nanoseconds (a counted loop of dependent arithmetic,
     * with neither the clock nor PAUSE): shifts one thread against the other after a release.
     */
    static void delay(long iterations) {
        int x = 1;
        for (long i = 0; i < iterations; i++) {
            x = x * 31 + (int) i;
        }
        sink = x;
    }
}
