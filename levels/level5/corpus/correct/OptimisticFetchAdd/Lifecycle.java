package ladder.level5;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Correct alternative (corpus): the reference's packed int (count from bit 3, DONE bit 2, state
 * bits 1..0), but admission is one getAndAdd: a unit counted while the state was not RUNNING is
 * undone at once, and the undo carries the closing duty, because the last exit() may have seen
 * that transient unit and left DRAINING for it. Transient units also appear in INIT and CLOSED,
 * so start() and the DONE bit use CAS loops rather than plain stores.
 */
public final class Lifecycle {

    public enum State { INIT, RUNNING, DRAINING, CLOSED }

    private static final int STATE_MASK = 0b11;
    private static final int DONE_BIT = 1 << 2;
    private static final int COUNT_SHIFT = 3;
    private static final int COUNT_UNIT = 1 << COUNT_SHIFT;

    private static final int INIT = 0;
    private static final int RUNNING = 1;
    private static final int DRAINING = 2;
    private static final int CLOSED = 3;
    private static final State[] STATES = State.values();

    private static int stateOf(int c) {
        return c & STATE_MASK;
    }

    private static int countOf(int c) {
        return c >>> COUNT_SHIFT;
    }

    private final AtomicInteger ctl = new AtomicInteger(INIT);
    private final Runnable onClosed;

    public Lifecycle(Runnable onClosed) {
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    public boolean start() {
        for (;;) {
            int c = ctl.get();
            if (stateOf(c) != INIT) {
                return false;
            }
            if (ctl.compareAndSet(c, (c & ~STATE_MASK) | RUNNING)) {
                return true;
            }
        }
    }

    public boolean enter() {
        int c = ctl.getAndAdd(COUNT_UNIT);
        if (stateOf(c) == RUNNING) {
            return true;
        }
        release(); // not admitted: take the unit back, closing if that empties a DRAINING lifecycle
        return false;
    }

    public void exit() {
        if (countOf(ctl.get()) == 0) {
            throw new IllegalStateException("exit() with no unit in flight");
        }
        release();
    }

    /** Takes one unit back; the CAS that empties a DRAINING lifecycle stores CLOSED and makes this caller the mover. */
    private void release() {
        for (;;) {
            int c = ctl.get();
            int n = countOf(c);
            if (n == 0) {
                throw new IllegalStateException("exit() with no unit in flight");
            }
            boolean last = stateOf(c) == DRAINING && n == 1;
            int next = last ? CLOSED : c - COUNT_UNIT;
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
            int c = ctl.get();
            int s = stateOf(c);
            if (s != INIT && s != RUNNING) {
                return false;
            }
            boolean mover = countOf(c) == 0;
            int next = mover ? CLOSED : (c & ~STATE_MASK) | DRAINING;
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
            ctl.getAndAdd(DONE_BIT); // transient units may come and go in CLOSED: add, do not store
            Futex.wakeAll(ctl);
        }
    }

    public void awaitClosed() throws InterruptedException {
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int c = ctl.get();
            if ((c & DONE_BIT) != 0) {
                return;
            }
            Futex.await(ctl, c);
        }
    }

    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int c = ctl.get();
            if ((c & DONE_BIT) != 0) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0L) {
                return false;
            }
            Futex.await(ctl, c, left, TimeUnit.NANOSECONDS);
        }
    }

    public State state() {
        return STATES[stateOf(ctl.get())];
    }

    public int inFlight() {
        return countOf(ctl.get());
    }
}
