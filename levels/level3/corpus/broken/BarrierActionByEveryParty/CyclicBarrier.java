package ladder.level3;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ladder.toolkit.Futex;

/** BROKEN on purpose (corpus): every arriving party runs the barrier action, not just the last one */
public final class CyclicBarrier {

    /*
     * One Generation object per round, as java.util.concurrent.CyclicBarrier has, but built from
     * atomics: each generation's word packs its arrivals and its outcome, and is also the futex
     * word its waiters sleep on. A waiter holds its own generation, so however late it wakes, the
     * outcome it reads is its own round's.
     *
     *   bit  31      BROKEN    the generation broke (interrupt, failed action, reset)
     *   bit  30      TRIPPED   every party arrived and the action ran: the waiters are released
     *   bits 29..0   ARRIVED   parties that arrived in this generation
     *
     * ARRIVED == parties without TRIPPED or BROKEN: the last arriver is running the action.
     */
    private static final int ARRIVED_MASK = (1 << 30) - 1;
    private static final int TRIPPED = 1 << 30;
    private static final int BROKEN = 1 << 31;

    private static final class Generation {
        final AtomicInteger word = new AtomicInteger();
    }

    private final int parties;
    private final Runnable barrierAction;
    private final AtomicReference<Generation> current = new AtomicReference<>(new Generation());

    public CyclicBarrier(int parties, Runnable barrierAction) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties < 1: " + parties);
        }
        this.parties = parties;
        this.barrierAction = barrierAction;
    }

    public int await() throws InterruptedException, BrokenBarrierException {
        for (;;) {
            Generation g = current.get();
            int w = g.word.get();
            if ((w & BROKEN) != 0) {
                throw new BrokenBarrierException();
            }
            if ((w & TRIPPED) != 0) {
                continue; // the tripper installs the next generation before it marks this one tripped
            }
            int n = w & ARRIVED_MASK;
            if (n == parties) {
                sleepUninterruptibly(g.word, w); // the last arriver runs the action: wait for the next round
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                if (g.word.compareAndSet(w, w | BROKEN)) {
                    Futex.wakeAll(g.word);
                    Thread.interrupted();
                    throw new InterruptedException();
                }
                continue;
            }
            if (barrierAction != null) {
                barrierAction.run(); // BUG: each party runs the action as it arrives
            }
            if (g.word.compareAndSet(w, w + 1)) {
                int index = parties - 1 - n;
                return index == 0 ? trip(g) : awaitTrip(g, index);
            }
        }
    }

    private int trip(Generation g) {
        current.compareAndSet(g, new Generation());
        g.word.getAndUpdate(x -> x | TRIPPED);
        Futex.wakeAll(g.word);
        return 0;
    }

    private int awaitTrip(Generation g, int index) throws InterruptedException, BrokenBarrierException {
        boolean lateInterrupt = false;
        for (;;) {
            int w = g.word.get();
            if ((w & TRIPPED) != 0) {
                if (lateInterrupt) {
                    Thread.currentThread().interrupt();
                }
                return index;
            }
            if ((w & BROKEN) != 0) {
                if (lateInterrupt) {
                    Thread.currentThread().interrupt();
                }
                throw new BrokenBarrierException();
            }
            if (Thread.interrupted()) {
                int w2 = g.word.get();
                if ((w2 & (BROKEN | TRIPPED)) == 0 && (w2 & ARRIVED_MASK) == parties) {
                    lateInterrupt = true; // every party is in: too late to break this round
                } else if ((w2 & (BROKEN | TRIPPED)) == 0 && g.word.compareAndSet(w2, w2 | BROKEN)) {
                    Futex.wakeAll(g.word);
                    throw new InterruptedException();
                } else {
                    Thread.currentThread().interrupt(); // the word moved: look again, interrupt pending
                }
                continue;
            }
            Futex.await(g.word, w);
        }
    }

    private static void sleepUninterruptibly(AtomicInteger word, int expected) {
        boolean interrupted = Thread.interrupted();
        Futex.await(word, expected);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public int getParties() {
        return parties;
    }

    public boolean isBroken() {
        return (current.get().word.get() & BROKEN) != 0;
    }

    public void reset() {
        for (;;) {
            Generation g = current.get();
            int w = g.word.get();
            if ((w & (BROKEN | TRIPPED)) == 0 && (w & ARRIVED_MASK) == parties) {
                sleepUninterruptibly(g.word, w); // a trip is under way: reset the round after it
                continue;
            }
            if (current.compareAndSet(g, new Generation())) {
                // Break the old round unless its last party got in meanwhile (then it trips normally).
                g.word.getAndUpdate(x -> (x & (BROKEN | TRIPPED)) == 0 && (x & ARRIVED_MASK) == parties ? x : x | BROKEN);
                Futex.wakeAll(g.word);
                return;
            }
        }
    }
}
