package ladder.level3;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * BROKEN on purpose (corpus): the arrival count is not reset with the generation. Two words: an
 * arrival counter and a generation number (the futex word). The last arriver opens the next
 * generation and wakes the waiters first, and only then sets the counter back to 0: a released
 * thread that arrives again in between is counted, and then wiped out.
 */
public final class CyclicBarrier {

    private final int parties;
    private final Runnable barrierAction;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger(); // futex word; odd = broken
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
        int g = generation.get();
        int n = arrived.incrementAndGet();
        if (n >= parties) {
            if (barrierAction != null) {
                try {
                    barrierAction.run();
                } catch (RuntimeException | Error e) {
                    breakBarrier();
                    throw e;
                }
            }
            generation.incrementAndGet();
            Futex.wakeAll(generation);
            arrived.set(0); // BUG: too late: a released thread may already have arrived again
            return 0;
        }
        for (;;) {
            if (broken) {
                throw new BrokenBarrierException();
            }
            if (generation.get() != g) {
                return parties - n;
            }
            if (Thread.interrupted()) {
                breakBarrier();
                throw new InterruptedException();
            }
            Futex.await(generation, g);
        }
    }

    private void breakBarrier() {
        broken = true;
        generation.incrementAndGet();
        Futex.wakeAll(generation);
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
