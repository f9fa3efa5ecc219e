package ladder.level5;

// Corpus: broken variant OnClosedOnAnotherThread: onClosed handed to a new thread ("so that
// shutdown() does not block"): it runs on a thread that did not make the move, and possibly after
// awaitClosed returned. Look for "BUG" below.

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * The lifecycle of a service, as one atomic state machine:
 * {@code INIT → RUNNING → DRAINING → CLOSED}, together with the number of units of work in
 * flight. It is the part of a thread pool, a server or a connection that answers "may I still
 * take this request?" and "is everything finished?" without a lock.
 *
 * <ul>
 *   <li>{@link #start()} moves {@code INIT → RUNNING}, once.</li>
 *   <li>{@link #enter()} admits one unit of work, only while {@code RUNNING}, and counts it in
 *       flight; {@link #exit()} ends one.</li>
 *   <li>{@link #shutdown()} moves {@code RUNNING → DRAINING} (or {@code INIT → CLOSED}). From
 *       then on every {@code enter()} returns {@code false}. When the last unit in flight exits,
 *       or at once if none is in flight, the machine moves {@code DRAINING → CLOSED}.</li>
 *   <li>The callback given to the constructor runs exactly once, on the thread whose call made
 *       the move to {@code CLOSED} (a {@code shutdown()} or the last {@code exit()}), and before
 *       any {@link #awaitClosed()} returns. {@link #state()} may already read {@code CLOSED}
 *       while it runs. If it throws, waiters are still released and the exception propagates to
 *       the caller that made the move.</li>
 * </ul>
 *
 * <p>States only move forward, for every observer: once a thread has seen a state, no later
 * read by any thread that happens-after it sees an earlier one. Exactly one {@code start()}
 * and exactly one {@code shutdown()} return {@code true}, however many race.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before a call to {@code exit()}
 * <i>happen-before</i> the callback runs and before any {@code awaitClosed} returns
 * {@code true} (or returns normally). Actions in the callback happen-before any
 * {@code awaitClosed} returns. Actions before a {@code shutdown()} that returns {@code true}
 * happen-before any {@code enter()} that returns {@code false} because of it, and before every
 * read of {@link #state()} that sees {@code DRAINING} or {@code CLOSED}.
 */
public final class Lifecycle {

    /** The states, in the only order in which they are ever taken. */
    public enum State { INIT, RUNNING, DRAINING, CLOSED }

    /*
     * Implementation overview.
     *
     * The invariant: the state and the count in flight live in ONE word, `ctl`, and every
     * transition is a compare-and-set of that word from a value read to a value computed from
     * it. A check ("is it RUNNING?") and the act that depends on it ("count one more") can
     * therefore never be separated by another thread's move: either the CAS sees the world the
     * check saw, or it fails and the loop reads again. This is the idea behind the `ctl` word of
     * java.util.concurrent.ThreadPoolExecutor (runState | workerCount).
     *
     * Bit table of ctl (an int):
     *
     *   bits 31..3  COUNT   units in flight (0 .. 2^29-1), read with >>> COUNT_SHIFT
     *   bit  2      DONE    the callback has finished (normally or not): awaitClosed may return
     *   bits 1..0   STATE   State.ordinal(): 0 INIT, 1 RUNNING, 2 DRAINING, 3 CLOSED
     *
     * Reachable words:
     *   INIT     count 0, DONE 0
     *   RUNNING  count n >= 0, DONE 0
     *   DRAINING count n >= 1, DONE 0   (DRAINING with 0 in flight is never stored: the move
     *                                    that would leave it there goes straight to CLOSED)
     *   CLOSED   count 0, DONE 0 while the callback runs, then DONE 1
     *
     * Transitions (each one CAS on ctl):
     *   start     INIT,0                -> RUNNING,0
     *   enter     RUNNING,n             -> RUNNING,n+1
     *   exit      RUNNING,n (n>0)       -> RUNNING,n-1
     *             DRAINING,n (n>1)      -> DRAINING,n-1
     *             DRAINING,1            -> CLOSED,0        the caller is the mover
     *   shutdown  INIT,0                -> CLOSED,0        the caller is the mover
     *             RUNNING,0             -> CLOSED,0        the caller is the mover
     *             RUNNING,n (n>0)       -> DRAINING,n
     *   mover     CLOSED,0              -> CLOSED,0|DONE   after the callback, then wake all
     *
     * Why the late-enter / last-exit race cannot strand DRAINING: enter never touches a word
     * whose state is not RUNNING (the check is part of the CAS), so once DRAINING is stored the
     * count only goes down, and the exit that takes it from 1 to 0 is the same CAS that stores
     * CLOSED. There is no moment where the count is 0, the state DRAINING, and nobody is
     * responsible for closing.
     *
     * Why exactly one mover: the only transitions into CLOSED are CASes from a word that is not
     * CLOSED; the word never leaves CLOSED; so exactly one CAS ever stores CLOSED, and its
     * caller runs the callback. The same argument gives one winner for start() and shutdown().
     *
     * Waiting: awaitClosed sleeps in Futex.await(ctl, seen) while the DONE bit is clear. The
     * mover sets DONE (in a finally, so a throwing callback still releases everyone) and then
     * calls Futex.wakeAll(ctl); a waiter either read the word with DONE set or was queued before
     * the change and is woken. Enter/exit traffic changes the word while a waiter sleeps, but
     * only the mover wakes waiters, so that traffic costs a waiter at most a re-read when the
     * word changed between its read and its sleep.
     *
     * Benign races: state() and inFlight() are single volatile reads of ctl, a snapshot that may
     * be out of date by the time the caller looks at it; because states only move forward, a
     * stale read never shows a state "from the future", and a thread's successive reads are
     * monotonic. Setting DONE with a plain volatile store (not a CAS) is safe because once the
     * word is CLOSED,0 no other thread can change it: enter refuses, exit throws (count 0) and
     * shutdown returns false, all without writing.
     */

    static final int STATE_SHIFT = 0;
    static final int STATE_MASK = 0b11 << STATE_SHIFT;
    static final int DONE_SHIFT = 2;
    static final int DONE_MASK = 1 << DONE_SHIFT;
    static final int COUNT_SHIFT = 3;
    static final int COUNT_MASK = -1 << COUNT_SHIFT;
    /** One unit in flight, as an addend of ctl. */
    static final int COUNT_UNIT = 1 << COUNT_SHIFT;
    static final int MAX_COUNT = COUNT_MASK >>> COUNT_SHIFT;

    static final int INIT = 0;
    static final int RUNNING = 1;
    static final int DRAINING = 2;
    static final int CLOSED = 3;

    private static final State[] STATES = State.values();

    static int stateOf(int c) {
        return (c & STATE_MASK) >>> STATE_SHIFT;
    }

    static int countOf(int c) {
        return (c & COUNT_MASK) >>> COUNT_SHIFT;
    }

    static boolean isDone(int c) {
        return (c & DONE_MASK) != 0;
    }

    static int ctlOf(int state, int count) {
        return (count << COUNT_SHIFT) | (state << STATE_SHIFT);
    }

    private final AtomicInteger ctl = new AtomicInteger(ctlOf(INIT, 0));
    private final Runnable onClosed;

    /**
     * Creates a lifecycle in state {@code INIT}.
     *
     * @param onClosed run once, by the thread that moves the lifecycle to {@code CLOSED}
     * @throws NullPointerException if {@code onClosed} is null
     */
    public Lifecycle(Runnable onClosed) {
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    /** Volatile load of ctl. */
    private int lvCtl() {
        return ctl.get();
    }

    private boolean casCtl(int expected, int next) {
        return ctl.compareAndSet(expected, next);
    }

    /**
     * Moves {@code INIT → RUNNING}.
     *
     * @return {@code true} for the one call that made the move; {@code false} in any other state
     */
    public boolean start() {
        // In INIT the word is exactly INIT,0: nothing else can be stored there (enter refuses,
        // exit throws), so one CAS from that value is the whole transition.
        return casCtl(ctlOf(INIT, 0), ctlOf(RUNNING, 0));
    }

    /**
     * Admits one unit of work if the lifecycle is {@code RUNNING}, counting it in flight. A
     * caller that gets {@code true} must call {@link #exit()} once when the work is done.
     *
     * @return {@code true} if admitted; {@code false} before {@code start()} and once
     *     {@code shutdown()} has begun
     * @throws IllegalStateException if 2^29-1 units are already in flight
     */
    public boolean enter() {
        for (;;) {
            int c = lvCtl();
            if (stateOf(c) != RUNNING) {
                return false;
            }
            if (countOf(c) == MAX_COUNT) {
                throw new IllegalStateException("too many units in flight: " + MAX_COUNT);
            }
            if (casCtl(c, c + COUNT_UNIT)) {
                return true;
            }
        }
    }

    /**
     * Ends one unit of work. If the lifecycle is {@code DRAINING} and this was the last unit in
     * flight, moves it to {@code CLOSED} and runs the callback on this thread before returning.
     *
     * @throws IllegalStateException if no unit is in flight (the word is left unchanged)
     * @throws RuntimeException      whatever the callback threw, when this call made the move
     */
    public void exit() {
        for (;;) {
            int c = lvCtl();
            int n = countOf(c);
            if (n == 0) {
                throw new IllegalStateException("exit() with no unit in flight (state " + STATES[stateOf(c)] + ")");
            }
            int next = (stateOf(c) == DRAINING && n == 1) ? ctlOf(CLOSED, 0) : c - COUNT_UNIT;
            if (casCtl(c, next)) {
                if (stateOf(next) == CLOSED) {
                    finishClose();
                }
                return;
            }
        }
    }

    /**
     * Begins shutdown: {@code RUNNING → DRAINING}, or straight to {@code CLOSED} when nothing is
     * in flight; {@code INIT → CLOSED}. When this call moves the lifecycle to {@code CLOSED}, it
     * runs the callback before returning.
     *
     * @return {@code true} for the one call that made the move; {@code false} if shutdown had
     *     already begun
     * @throws RuntimeException whatever the callback threw, when this call made the move
     */
    public boolean shutdown() {
        for (;;) {
            int c = lvCtl();
            int next;
            switch (stateOf(c)) {
                case INIT -> next = ctlOf(CLOSED, 0);
                case RUNNING -> next = countOf(c) == 0 ? ctlOf(CLOSED, 0) : ctlOf(DRAINING, countOf(c));
                default -> {
                    return false;
                }
            }
            if (casCtl(c, next)) {
                if (stateOf(next) == CLOSED) {
                    finishClose();
                }
                return true;
            }
        }
    }

    /** Call only from the thread whose CAS stored CLOSED: runs the callback, then releases the waiters. */
    private void finishClose() {
        // BUG: onClosed must run on the thread that made the move, before awaitClosed returns.
        Thread closer = new Thread(() -> {
            try {
                onClosed.run();
            } finally {
                ctl.set(ctlOf(CLOSED, 0) | DONE_MASK);
                Futex.wakeAll(ctl);
            }
        }, "lifecycle-closer");
        closer.setDaemon(true);
        closer.start();
    }

    /**
     * Waits until the lifecycle is {@code CLOSED} and its callback has finished.
     *
     * @throws InterruptedException if the calling thread is interrupted before or while waiting
     */
    public void awaitClosed() throws InterruptedException {
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int c = lvCtl();
            if (isDone(c)) {
                return;
            }
            Futex.await(ctl, c); // returns at once if the word moved on; callers re-check
        }
    }

    /**
     * Waits at most {@code timeout} until the lifecycle is {@code CLOSED} and its callback has
     * finished.
     *
     * @return {@code true} if it closed, {@code false} if the waiting time elapsed first
     * @throws InterruptedException if the calling thread is interrupted before or while waiting
     * @throws NullPointerException if {@code unit} is null
     */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int c = lvCtl();
            if (isDone(c)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0L) {
                return false;
            }
            Futex.await(ctl, c, left, TimeUnit.NANOSECONDS);
        }
    }

    /** The current state (a snapshot). */
    public State state() {
        return STATES[stateOf(lvCtl())];
    }

    /** The number of units in flight (a snapshot); never negative. */
    public int inFlight() {
        return countOf(lvCtl());
    }

    @Override
    public String toString() {
        int c = lvCtl();
        return "Lifecycle[" + STATES[stateOf(c)] + ", inFlight=" + countOf(c) + (isDone(c) ? ", closed" : "") + "]";
    }
}
