package ladder.level3;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * BROKEN on purpose (corpus): run-ahead. The last arriver releases the others by handing out
 * parties - 1 permits, like a semaphore ("one turnstile"). A waiter leaves by taking any permit,
 * not one of its own generation: a fast thread that comes back for the next round can take a
 * permit meant for a slow waiter of the previous round and pass a barrier that the others have
 * not reached.
 */
public final class CyclicBarrier {

    private final int parties;
    private final Runnable barrierAction;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger permits = new AtomicInteger(); // also the futex word
    private volatile boolean broken;

    public CyclicBarrier(int parties, Runnable barrierAction) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties < 1: " + parties);
        }
        this.parties = parties;
        this.barrierAction = barrierAction;
    }

    public int await() throws InterruptedException, BrokenBarrierException {
        if (broken) {
            throw new BrokenBarrierException();
        }
        if (Thread.interrupted()) {
            breakBarrier();
            throw new InterruptedException();
        }
        int n = arrived.incrementAndGet();
        if (n == parties) {
            arrived.set(0);
            if (barrierAction != null) {
                try {
                    barrierAction.run();
                } catch (RuntimeException | Error e) {
                    breakBarrier();
                    throw e;
                }
            }
            permits.addAndGet(parties - 1); // release the waiters
            Futex.wakeAll(permits);
            return 0;
        }
        for (;;) {
            int p = permits.get();
            if (p > 0) {
                if (permits.compareAndSet(p, p - 1)) { // BUG: any permit will do, whichever round it was for
                    return parties - n;
                }
                continue;
            }
            if (broken) {
                throw new BrokenBarrierException();
            }
            if (Thread.interrupted()) {
                breakBarrier();
                throw new InterruptedException();
            }
            Futex.await(permits, p);
        }
    }

    private void breakBarrier() {
        broken = true;
        permits.incrementAndGet();
        permits.decrementAndGet();
        Futex.wakeAll(permits);
    }

    public int getParties() {
        return parties;
    }

    public boolean isBroken() {
        return broken;
    }

    public void reset() {
        breakBarrier();
        arrived.set(0);
        broken = false;
    }
}
