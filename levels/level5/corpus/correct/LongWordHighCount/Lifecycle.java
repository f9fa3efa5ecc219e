package ladder.level5;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ladder.toolkit.Futex;

/**
 * Correct alternative (corpus): one AtomicLong, count in the high half.
 *
 * <pre>
 *   bits 63..32  COUNT     units in flight
 *   bit  2       CLOSING   the mover is running onClosed (reads as DRAINING)
 *   bits 1..0    STATE     0 INIT, 1 RUNNING, 2 DRAINING, 3 CLOSED
 * </pre>
 *
 * CLOSED is published only after onClosed has finished, so state() reads DRAINING while it runs
 * (the contract allows either). Waiters sleep on a separate Futex word, set once to 1.
 */
public final class Lifecycle {

    public enum State { INIT, RUNNING, DRAINING, CLOSED }

    private static final long STATE_MASK = 0b11L;
    private static final long CLOSING_BIT = 1L << 2;
    private static final int COUNT_SHIFT = 32;
    private static final long COUNT_UNIT = 1L << COUNT_SHIFT;

    private static final int INIT = 0;
    private static final int RUNNING = 1;
    private static final int DRAINING = 2;
    private static final int CLOSED = 3;
    private static final State[] STATES = State.values();
    private static final int SPINS = 100;

    private static int stateOf(long c) {
        return (int) (c & STATE_MASK);
    }

    private static long countOf(long c) {
        return c >>> COUNT_SHIFT;
    }

    private final AtomicLong ctl = new AtomicLong(INIT);
    private final AtomicInteger closedWord = new AtomicInteger();
    private final Runnable onClosed;

    public Lifecycle(Runnable onClosed) {
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    public boolean start() {
        return ctl.compareAndSet(INIT, RUNNING);
    }

    public boolean enter() {
        for (;;) {
            long c = ctl.get();
            if (stateOf(c) != RUNNING) {
                return false;
            }
            if (ctl.compareAndSet(c, c + COUNT_UNIT)) {
                return true;
            }
        }
    }

    public void exit() {
        for (;;) {
            long c = ctl.get();
            long n = countOf(c);
            if (n == 0) {
                throw new IllegalStateException("exit() with no unit in flight");
            }
            boolean last = stateOf(c) == DRAINING && n == 1;
            long next = last ? DRAINING | CLOSING_BIT : c - COUNT_UNIT;
            if (ctl.compareAndSet(c, next)) {
                if (last) {
                    close();
                }
                return;
            }
        }
    }

    public boolean shutdown() {
        for (;;) {
            long c = ctl.get();
            int s = stateOf(c);
            boolean mover = s == INIT || (s == RUNNING && countOf(c) == 0);
            if (!mover && s != RUNNING) {
                return false;
            }
            long next = mover ? DRAINING | CLOSING_BIT : (c & ~STATE_MASK) | DRAINING;
            if (ctl.compareAndSet(c, next)) {
                if (mover) {
                    close();
                }
                return true;
            }
        }
    }

    private void close() {
        try {
            onClosed.run();
        } finally {
            ctl.set(CLOSED); // nobody else writes a CLOSING word
            closedWord.set(1);
            Futex.wakeAll(closedWord);
        }
    }

    public void awaitClosed() throws InterruptedException {
        for (int spins = 0; closedWord.get() == 0; spins++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Futex.await(closedWord, 0);
            }
        }
    }

    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (int spins = 0; closedWord.get() == 0; spins++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0L) {
                return false;
            }
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Futex.await(closedWord, 0, left, TimeUnit.NANOSECONDS);
            }
        }
        return true;
    }

    public State state() {
        return STATES[stateOf(ctl.get())];
    }

    public int inFlight() {
        return (int) countOf(ctl.get());
    }
}
