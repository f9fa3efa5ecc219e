package ladder.level5;

// Corpus: broken variant SeparateStateAndCount: state and count in two separate atomics:
// shutdown() reads the count, then moves RUNNING to CLOSED with a CAS on the state alone, so an
// enter() admitted in between is in flight when the lifecycle closes. Look for "BUG" below.

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Broken variant (corpus): the state and the count live in two atomics. Admission is careful
 * (count first, then check the state, Dekker-style), but shutdown() decides "nothing in flight,
 * close at once" from a read of the count that is separate from its CAS on the state.
 */
public final class Lifecycle {

    public enum State { INIT, RUNNING, DRAINING, CLOSED }

    private static final int INIT = 0;
    private static final int RUNNING = 1;
    private static final int DRAINING = 2;
    private static final int CLOSED = 3;
    private static final State[] STATES = State.values();

    private final AtomicInteger state = new AtomicInteger(INIT);
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final Runnable onClosed;

    public Lifecycle(Runnable onClosed) {
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    public boolean start() {
        return state.compareAndSet(INIT, RUNNING);
    }

    public boolean enter() {
        count.incrementAndGet();
        if (state.get() == RUNNING) {
            return true;
        }
        leave();
        return false;
    }

    public void exit() {
        for (;;) {
            int n = count.get();
            if (n == 0) {
                throw new IllegalStateException("exit() with no unit in flight");
            }
            if (count.compareAndSet(n, n - 1)) {
                break;
            }
        }
        if (count.get() == 0 && state.get() == DRAINING && state.compareAndSet(DRAINING, CLOSED)) {
            finishClose();
        }
    }

    private void leave() {
        if (count.decrementAndGet() == 0 && state.get() == DRAINING && state.compareAndSet(DRAINING, CLOSED)) {
            finishClose();
        }
    }

    public boolean shutdown() {
        for (;;) {
            int s = state.get();
            if (s == INIT) {
                if (state.compareAndSet(INIT, CLOSED)) {
                    finishClose();
                    return true;
                }
                continue;
            }
            if (s != RUNNING) {
                return false;
            }
            if (count.get() == 0) {
                // BUG: the count was read apart from this CAS; an enter() may have been admitted since.
                if (state.compareAndSet(RUNNING, CLOSED)) {
                    finishClose();
                    return true;
                }
            } else if (state.compareAndSet(RUNNING, DRAINING)) {
                if (count.get() == 0 && state.compareAndSet(DRAINING, CLOSED)) {
                    finishClose();
                }
                return true;
            }
        }
    }

    private void finishClose() {
        try {
            onClosed.run();
        } finally {
            done.set(1);
            Futex.wakeAll(done);
        }
    }

    public void awaitClosed() throws InterruptedException {
        while (done.get() == 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Futex.await(done, 0);
        }
    }

    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (done.get() == 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0L) {
                return false;
            }
            Futex.await(done, 0, left, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    public State state() {
        return STATES[state.get()];
    }

    public int inFlight() {
        return count.get();
    }
}
