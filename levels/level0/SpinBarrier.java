package level0;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for the grader's "burst" rounds: the threads of a crew meet here, then
 * all call into the Mutex at the same moment, so that races inside lock()/tryLock() meet a
 * competitor that is running, not one that is still on its way.
 *
 * <p>Waiters spin (they must be on a CPU when the round opens), then yield, then park for short
 * moments, so a stuck crew mate does not burn a core for long. An interrupt (the crew ending
 * after a failure) ends the wait with {@link InterruptedException}.
 */
final class SpinBarrier {

    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;

    SpinBarrier(int parties) {
        this.parties = parties;
    }

    void await() throws InterruptedException {
        int g = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = g + 1; // after the reset: nobody arrives for g + 1 before it is zero
            return;
        }
        int spins = 0;
        while (generation == g) {
            if (++spins < 4_000) {
                Thread.onSpinWait();
            } else if (spins < 4_100) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(50_000L);
                if (Thread.interrupted()) {
                    throw new InterruptedException("the crew ended");
                }
            }
        }
    }
}
