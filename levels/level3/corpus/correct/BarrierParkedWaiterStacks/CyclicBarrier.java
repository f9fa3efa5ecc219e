package ladder.level3;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A cyclic barrier whose waiters park on their own nodes (LockSupport): each generation has a
 * packed state word (arrived | TRIPPED | BROKEN) and a Treiber stack of waiter nodes. Whoever
 * ends a generation (the last arriver, a breaker, reset) first sets its outcome in the state word,
 * then swaps the stack for a CLOSED sentinel and hands every node its outcome before unparking it.
 * A waiter that finds CLOSED when it tries to push reads the outcome from the state word.
 */
public final class CyclicBarrier {

    private static final int ARRIVED_MASK = (1 << 29) - 1;
    private static final int TRIPPED = 1 << 29;
    private static final int BROKEN = 1 << 30;

    private static final int WAITING = 0;
    private static final int RELEASED = 1;
    private static final int BROKE = 2;

    private static final class Waiter {
        final Thread thread;
        Waiter next;
        volatile int outcome;

        Waiter(Thread thread) {
            this.thread = thread;
        }
    }

    private static final Waiter CLOSED = new Waiter(null);

    private static final class Generation {
        final AtomicInteger state = new AtomicInteger();
        final AtomicReference<Waiter> waiters = new AtomicReference<>();
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
            int s = g.state.get();
            if ((s & BROKEN) != 0) {
                throw new BrokenBarrierException();
            }
            if ((s & TRIPPED) != 0) {
                continue; // the next generation is installed before this one is marked tripped
            }
            int n = s & ARRIVED_MASK;
            if (n == parties) {
                pauseWhileTripping(); // the last arriver is running the action
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                if (g.state.compareAndSet(s, s | BROKEN)) {
                    release(g, BROKE);
                    Thread.interrupted();
                    throw new InterruptedException();
                }
                continue;
            }
            if (g.state.compareAndSet(s, s + 1)) {
                int index = parties - 1 - n;
                return index == 0 ? trip(g) : awaitOutcome(g, index);
            }
        }
    }

    private int trip(Generation g) {
        Runnable action = barrierAction;
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                g.state.getAndUpdate(x -> x | BROKEN);
                release(g, BROKE);
                throw e;
            }
        }
        current.compareAndSet(g, new Generation());
        g.state.getAndUpdate(x -> x | TRIPPED);
        release(g, RELEASED);
        return 0;
    }

    private int awaitOutcome(Generation g, int index) throws InterruptedException, BrokenBarrierException {
        Waiter me = new Waiter(Thread.currentThread());
        for (;;) {
            Waiter h = g.waiters.get();
            if (h == CLOSED) { // the generation already ended: its state word says how
                if ((g.state.get() & BROKEN) != 0) {
                    throw new BrokenBarrierException();
                }
                return index;
            }
            me.next = h;
            if (g.waiters.compareAndSet(h, me)) {
                break;
            }
        }
        boolean lateInterrupt = false;
        for (;;) {
            int o = me.outcome;
            if (o != WAITING) {
                if (lateInterrupt) {
                    Thread.currentThread().interrupt();
                }
                if (o == BROKE) {
                    throw new BrokenBarrierException();
                }
                return index;
            }
            LockSupport.park(this);
            if (Thread.interrupted()) {
                for (;;) {
                    int s = g.state.get();
                    if ((s & (BROKEN | TRIPPED)) != 0 || (s & ARRIVED_MASK) == parties) {
                        lateInterrupt = true; // all parties are in, or it ended: too late to break it
                        break;
                    }
                    if (g.state.compareAndSet(s, s | BROKEN)) {
                        release(g, BROKE);
                        throw new InterruptedException();
                    }
                }
            }
        }
    }

    /** Hands every waiter of {@code g} its outcome and unparks it. Call after setting g's state. */
    private static void release(Generation g, int outcome) {
        for (Waiter w = g.waiters.getAndSet(CLOSED); w != null && w != CLOSED; w = w.next) {
            w.outcome = outcome;
            LockSupport.unpark(w.thread);
        }
    }

    private static void pauseWhileTripping() {
        boolean interrupted = Thread.interrupted();
        LockSupport.parkNanos(50_000L); // the action is short: poll for its end
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public int getParties() {
        return parties;
    }

    public boolean isBroken() {
        return (current.get().state.get() & BROKEN) != 0;
    }

    public void reset() {
        for (;;) {
            Generation g = current.get();
            int s = g.state.get();
            if ((s & (BROKEN | TRIPPED)) == 0 && (s & ARRIVED_MASK) == parties) {
                pauseWhileTripping();
                continue;
            }
            if (current.compareAndSet(g, new Generation())) {
                int before = g.state.getAndUpdate(x ->
                        (x & (BROKEN | TRIPPED)) == 0 && (x & ARRIVED_MASK) == parties ? x : x | BROKEN);
                if ((before & (BROKEN | TRIPPED)) == 0 && (before & ARRIVED_MASK) != parties) {
                    release(g, BROKE);
                }
                return;
            }
        }
    }
}
