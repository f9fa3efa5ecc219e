package ladder.level3;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.atomic.AtomicLong;

import ladder.toolkit.Futex;

/**
 * Level 3: a cyclic barrier, a rendezvous for a fixed number of threads that re-arms itself.
 *
 * <p>The story: a physics simulation splits its grid among four worker threads. In every step each
 * worker computes its part, then waits at the barrier until all four are done; only then may any
 * of them read its neighbours' cells for the next step. One worker must never start step 12 while
 * another is still writing step 11. Between two steps, the barrier action (run once, by the last
 * worker to arrive) swaps the grids.
 *
 * <p>The invariant to keep: <b>a generation is released only when all {@code parties} threads have
 * arrived, exactly once, after the barrier action ran, and a thread released from generation g can
 * never get through generation g + 1 before every party has arrived there too</b>.
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>{@code new CyclicBarrier(parties, action)}: {@code parties < 1} throws
 *       {@link IllegalArgumentException}; the action may be {@code null}.</li>
 *   <li>{@code await()} returns the arrival index: {@code parties - 1} for the first thread to
 *       arrive in a generation, {@code 0} for the last.</li>
 *   <li>The last thread to arrive runs the action (on its own thread) once per generation, before
 *       anyone is released. Everything written before {@code await()} or by the action is visible to
 *       every party after {@code await()}. If the action throws, the barrier breaks: the last
 *       arriver gets the action's exception, the others {@link BrokenBarrierException}.</li>
 *   <li>An interrupted waiter breaks the barrier: it throws {@link InterruptedException}, every
 *       other waiter of its generation (and every later arrival) throws
 *       {@link BrokenBarrierException}, and {@code isBroken()} is {@code true} until {@code reset()}.
 *       An interrupt that comes after the last party arrived is too late to break anything: that
 *       thread returns its index normally and keeps its interrupt status.</li>
 *   <li>{@code reset()} breaks the waiters of the current generation (they get
 *       {@link BrokenBarrierException}) and leaves the barrier unbroken and usable again.</li>
 *   <li>Waiting must block (in {@link Futex#await} or {@code LockSupport.park}), not spin, and must
 *       survive spurious wake-ups.</li>
 *   <li>Allowed: {@code java.util.concurrent.atomic}, {@code LockSupport}, {@code Thread.onSpinWait},
 *       {@link Futex} and your {@link CountDownLatch}. Not allowed: {@code synchronized},
 *       {@code wait/notify}, {@code java.util.concurrent.CyclicBarrier} and the other synchronizers.</li>
 * </ul>
 */
public final class CyclicBarrier {

    // TODO: the state. Which facts must a thread read or change in ONE atomic step?
    //       (the generation, how many parties arrived in it, whether it is broken...)
    //       One AtomicLong can pack them all; Futex sleeps on an AtomicInteger.
    private final AtomicLong state = new AtomicLong();

    /**
     * Creates a barrier for {@code parties} threads.
     *
     * @param barrierAction run by the last arriving thread once per generation; may be {@code null}
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public CyclicBarrier(int parties, Runnable barrierAction) {
        // TODO: refuse parties < 1; remember parties and the action.
        throw new UnsupportedOperationException("TODO CyclicBarrier(int, Runnable)");
    }

    /**
     * Waits until all parties have called {@code await()}.
     *
     * @return the arrival index: {@code getParties() - 1} for the first to arrive, {@code 0} for the last
     * @throws InterruptedException   if this thread was interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException if the barrier is or becomes broken while this thread waits
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        // TODO: arrive with one compare-and-set, which gives you your index.
        // TODO: the last arriver: run the action, then open the next generation and wake everyone.
        // TODO: the others: sleep until THEIR generation is over (tripped or broken); re-check after
        //       every wake-up. On interrupt, break the generation for the others.
        throw new UnsupportedOperationException("TODO CyclicBarrier.await()");
    }

    /** The number of parties required to trip this barrier. */
    public int getParties() {
        // TODO
        throw new UnsupportedOperationException("TODO CyclicBarrier.getParties()");
    }

    /** Whether the current generation is broken (by an interrupt or a failed action) and not yet reset. */
    public boolean isBroken() {
        // TODO
        throw new UnsupportedOperationException("TODO CyclicBarrier.isBroken()");
    }

    /** Breaks the waiters of the current generation, then leaves the barrier unbroken and ready for use. */
    public void reset() {
        // TODO: the waiters get BrokenBarrierException; wake them. Then start a fresh generation.
        throw new UnsupportedOperationException("TODO CyclicBarrier.reset()");
    }
}
