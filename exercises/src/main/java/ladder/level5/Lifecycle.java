package ladder.level5;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Level 5: the lifecycle of a service, {@code INIT → RUNNING → DRAINING → CLOSED}, as one
 * atomic state machine.
 *
 * <p>The story: a server takes requests while it runs. To shut it down you stop admitting new
 * requests, let the ones in flight finish, then release resources, exactly once. With a lock
 * this is easy and slow; with two separate atomics ("state" and "count") it is fast and wrong:
 * a request that checked "RUNNING" a moment ago slips in after shutdown, or the last request
 * and a late one both think the other will close the door, and nobody does. Your job is to keep
 * the state and the count in flight in ONE atomic word and to make every transition a single
 * compare-and-set of that word, as {@code ThreadPoolExecutor}'s {@code ctl} does.
 *
 * <p>The invariant to keep: <b>states only move forward</b> (INIT, RUNNING, DRAINING, CLOSED),
 * <b>no {@code enter()} succeeds once shutdown has begun</b>, and <b>CLOSED is never reached
 * while a unit of work is in flight</b>.
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>{@code start()}: INIT → RUNNING; {@code false} in any other state.</li>
 *   <li>{@code enter()} admits one unit and counts it in flight, only while RUNNING;
 *       otherwise {@code false}. {@code exit()} ends one unit; with none in flight it throws
 *       {@link IllegalStateException} and changes nothing.</li>
 *   <li>{@code shutdown()}: RUNNING → DRAINING (straight on to CLOSED if nothing is in flight),
 *       or INIT → CLOSED. It returns {@code true} only for the one call that made the move;
 *       every other call, however many race, returns {@code false}.</li>
 *   <li>DRAINING becomes CLOSED when the last unit in flight exits. Whoever makes the move to
 *       CLOSED (that {@code exit()} or that {@code shutdown()}) runs {@code onClosed} on its own
 *       thread, exactly once, before any {@code awaitClosed} returns. If {@code onClosed} throws,
 *       the waiters are still released and the exception propagates to that caller.</li>
 *   <li>{@code awaitClosed} waits (blocked, not spinning) until CLOSED and {@code onClosed} has
 *       finished; it throws {@link InterruptedException} when interrupted, and the timed form
 *       returns {@code false} when the time is up.</li>
 *   <li>{@code new Lifecycle(null)} throws {@link NullPointerException}.</li>
 *   <li>Allowed: {@code java.util.concurrent.atomic}, {@code LockSupport},
 *       {@code Thread.onSpinWait} and {@link Futex}. Not allowed: {@code synchronized},
 *       {@code wait/notify}, locks, latches, executors.</li>
 * </ul>
 *
 * <p>Run {@code ladder lesson level5} to read the lesson, {@code ladder hint level5} when stuck,
 * and {@code ladder check level5} to grade.
 */
public final class Lifecycle {

    /** The states, in the only order in which they may ever be taken. (Given: do not change.) */
    public enum State { INIT, RUNNING, DRAINING, CLOSED }

    // TODO: ONE atomic word holding both the state (2 bits are enough) and the count in flight.
    //       Write down its bit table first, then constants such as STATE_MASK / COUNT_SHIFT and
    //       small decoders: stateOf(word), countOf(word), ctlOf(state, count).
    //       (Futex waits on an AtomicInteger, so this word can also be what awaitClosed sleeps on;
    //       how will a waiter know that onClosed has *finished*, not just that the state is CLOSED?)
    private final AtomicInteger ctl = new AtomicInteger();

    private final Runnable onClosed;

    /**
     * Creates a lifecycle in state INIT.
     *
     * @param onClosed run once by the thread that moves the lifecycle to CLOSED
     * @throws NullPointerException if {@code onClosed} is null
     */
    public Lifecycle(Runnable onClosed) {
        // TODO: refuse null (see the rules), keep the callback.
        this.onClosed = onClosed;
        throw new UnsupportedOperationException("TODO Lifecycle(Runnable)");
    }

    /** INIT → RUNNING: {@code true} only for the call that made the move. */
    public boolean start() {
        // TODO: one compare-and-set. Two threads racing here: exactly one may win.
        throw new UnsupportedOperationException("TODO Lifecycle.start()");
    }

    /** Admits one unit of work if RUNNING and counts it in flight; {@code false} otherwise. */
    public boolean enter() {
        // TODO: a CAS loop: read the word, give up unless its state is RUNNING, CAS in count + 1.
        //       Checking the state and incrementing the count must be ONE step: why?
        throw new UnsupportedOperationException("TODO Lifecycle.enter()");
    }

    /**
     * Ends one unit of work; the last one out while DRAINING moves the lifecycle to CLOSED.
     *
     * @throws IllegalStateException if no unit is in flight (and nothing changes)
     */
    public void exit() {
        // TODO: a CAS loop: refuse when the count is 0; compute count - 1; if the state is
        //       DRAINING and nothing remains, the SAME CAS stores CLOSED. If your CAS stored
        //       CLOSED, you are the mover: run onClosed, then release the waiters.
        throw new UnsupportedOperationException("TODO Lifecycle.exit()");
    }

    /**
     * RUNNING → DRAINING (or CLOSED at once if nothing is in flight); INIT → CLOSED.
     *
     * @return {@code true} only for the one call that made the move
     */
    public boolean shutdown() {
        // TODO: a CAS loop over the states. Which transitions make this caller the mover?
        throw new UnsupportedOperationException("TODO Lifecycle.shutdown()");
    }

    /** Waits until CLOSED and onClosed has finished. */
    public void awaitClosed() throws InterruptedException {
        // TODO: sleep with Futex.await while not closed; re-check after every wake-up;
        //       throw InterruptedException when interrupted.
        throw new UnsupportedOperationException("TODO Lifecycle.awaitClosed()");
    }

    /** As {@link #awaitClosed()}, giving up after the timeout: {@code false} when the time is up. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        // TODO: the same loop with a deadline (System.nanoTime), sleeping at most the time left.
        throw new UnsupportedOperationException("TODO Lifecycle.awaitClosed(long, TimeUnit)");
    }

    /** The current state (a snapshot). */
    public State state() {
        // TODO: decode the state bits of one read of the word.
        throw new UnsupportedOperationException("TODO Lifecycle.state()");
    }

    /** The number of units in flight (a snapshot); never negative. */
    public int inFlight() {
        // TODO: decode the count bits of one read of the word.
        throw new UnsupportedOperationException("TODO Lifecycle.inFlight()");
    }
}
