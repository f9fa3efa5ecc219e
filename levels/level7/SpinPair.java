package level7;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A two-party spin barrier for races between two threads, one round at a time.
 *
 * <p>It spins without yielding: on a loaded 2-core machine a yielding pair tends to end up
 * sharing one core and never runs at the same instant (measured: 0 of 2,000 releases within
 * 200 ns, against 95% when spinning). After 2 ms without the partner it yields once, in case the
 * partner waits for this very core.
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
        long since = System.nanoTime();
        while (arrivals.get() < 2 * round) {
            if (stopped) {
                // The partner may have arrived just before it stopped the pair at a later round.
                return arrivals.get() >= 2 * round;
            }
            Thread.onSpinWait();
            if (System.nanoTime() - since > 2_000_000L) {
                Thread.yield();
                since = System.nanoTime();
            }
        }
        return true;
    }

    /** Stops the pair: a thread waiting for its partner returns false. */
    void stop() {
        stopped = true;
    }
}
