package ladder.level5;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Correct alternative (corpus): the state machine is an AtomicReference to immutable snapshots;
 * every transition replaces the whole snapshot with one CAS. Waiters do not use Futex: they push
 * a node on a Treiber stack and park; the mover swaps the stack for a tombstone and unparks all.
 */
public final class Lifecycle {

    public enum State { INIT, RUNNING, DRAINING, CLOSED }

    /** One immutable view of the machine: (state, units in flight, onClosed finished). */
    private record Snap(State state, int count, boolean finished) {}

    private static final Snap INIT = new Snap(State.INIT, 0, false);
    private static final Snap CLOSING = new Snap(State.CLOSED, 0, false);
    private static final Snap CLOSED = new Snap(State.CLOSED, 0, true);

    /** A parked waiter. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final Waiter next;
        volatile boolean gone; // the waiter left (interrupt, timeout): the mover may skip it

        Waiter(Waiter next) {
            this.next = next;
        }
    }

    /** Marks the stack as released: no one pushes after it. */
    private static final Waiter RELEASED = new Waiter(null);

    private final AtomicReference<Snap> snap = new AtomicReference<>(INIT);
    private final AtomicReference<Waiter> waiters = new AtomicReference<>();
    private final Runnable onClosed;

    public Lifecycle(Runnable onClosed) {
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    public boolean start() {
        return snap.compareAndSet(INIT, new Snap(State.RUNNING, 0, false));
    }

    public boolean enter() {
        for (;;) {
            Snap s = snap.get();
            if (s.state() != State.RUNNING) {
                return false;
            }
            if (snap.compareAndSet(s, new Snap(State.RUNNING, s.count() + 1, false))) {
                return true;
            }
        }
    }

    public void exit() {
        for (;;) {
            Snap s = snap.get();
            if (s.count() == 0) {
                throw new IllegalStateException("exit() with no unit in flight");
            }
            Snap next = s.state() == State.DRAINING && s.count() == 1 ? CLOSING : new Snap(s.state(), s.count() - 1, false);
            if (snap.compareAndSet(s, next)) {
                if (next == CLOSING) {
                    close();
                }
                return;
            }
        }
    }

    public boolean shutdown() {
        for (;;) {
            Snap s = snap.get();
            Snap next;
            if (s.state() == State.INIT || (s.state() == State.RUNNING && s.count() == 0)) {
                next = CLOSING;
            } else if (s.state() == State.RUNNING) {
                next = new Snap(State.DRAINING, s.count(), false);
            } else {
                return false;
            }
            if (snap.compareAndSet(s, next)) {
                if (next == CLOSING) {
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
            snap.set(CLOSED);
            for (Waiter w = waiters.getAndSet(RELEASED); w != null && w != RELEASED; w = w.next) {
                if (!w.gone) {
                    LockSupport.unpark(w.thread);
                }
            }
        }
    }

    public void awaitClosed() throws InterruptedException {
        await(false, 0L);
    }

    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return await(true, unit.toNanos(timeout));
    }

    private boolean await(boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (snap.get().finished()) {
            return true;
        }
        long deadline = System.nanoTime() + nanos;
        Waiter me = null;
        for (;;) {
            Waiter head = waiters.get();
            if (head == RELEASED) {
                break;
            }
            while (head != null && head.gone) { // drop waiters that left, from the top
                waiters.compareAndSet(head, head.next);
                head = waiters.get();
            }
            if (head == RELEASED) {
                break;
            }
            me = new Waiter(head);
            if (waiters.compareAndSet(head, me)) {
                break;
            }
        }
        try {
            while (!snap.get().finished()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0L) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
            }
            return true;
        } finally {
            if (me != null) {
                me.gone = true;
            }
        }
    }

    public State state() {
        return snap.get().state();
    }

    public int inFlight() {
        return snap.get().count();
    }
}
