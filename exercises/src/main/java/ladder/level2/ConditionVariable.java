package ladder.level2;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import ladder.level0.Mutex;
import ladder.toolkit.Futex;

/**
 * Level 2: a condition variable for your own Level 0 {@link Mutex}, built from one atomic word
 * and {@link Futex}.
 *
 * <p>The story: a lock keeps threads out of each other's way, but it cannot make a thread
 * <em>wait until something becomes true</em> ("a connection is free", "the queue is not
 * empty"). Checking in a loop burns a core; checking and then sleeping has a gap in between,
 * and a signal that falls into that gap is lost forever. A condition variable closes the gap:
 * {@code await} releases the mutex and goes to sleep as one step with respect to
 * {@code signal}, and takes the mutex back before it returns.
 *
 * <p>The invariant to keep: <b>a signal sent after a waiter released the mutex in
 * {@code await} is never lost</b>, and {@code await} always returns (or throws) with the
 * caller holding the mutex again.
 *
 * <p>How callers use it, always with a loop, because {@code await} may return spuriously:
 * <pre>{@code
 * mutex.lock();
 * try {
 *     while (!ready) {          // the predicate, read under the mutex
 *         cond.await(mutex);    // releases the mutex while asleep, holds it again on return
 *     }
 *     ...                       // ready is true and the mutex is held
 * } finally {
 *     mutex.unlock();
 * }
 * // the other side: mutex.lock(); ready = true; cond.signal(); mutex.unlock();
 * }</pre>
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>{@code await} by a thread that does not hold the mutex throws
 *       {@link IllegalMonitorStateException} (use {@link Mutex#isHeldByCurrentThread()}) and
 *       leaves the mutex as it was.</li>
 *   <li>{@code await} may return spuriously (callers re-check), but it always holds the mutex
 *       again when it returns, times out or throws.</li>
 *   <li>An interrupt ends the wait with {@link InterruptedException}, thrown after the mutex is
 *       held again.</li>
 *   <li>The timed {@code await} returns {@code false} only when the timeout elapsed; a timeout
 *       of zero or less does not wait.</li>
 *   <li>{@code signal()} wakes one waiter (not all: waking every waiter for one event is the
 *       "thundering herd"); {@code signalAll()} wakes every waiter.</li>
 *   <li>Waiting must block in {@link Futex#await} (or {@code LockSupport.park}), not spin.</li>
 *   <li>Allowed: {@code java.util.concurrent.atomic}, {@code LockSupport},
 *       {@code Thread.onSpinWait}, {@link Futex} and your {@link Mutex}. Not allowed:
 *       {@code synchronized}, {@code wait/notify}, {@code java.util.concurrent.locks.Condition}
 *       and friends.</li>
 * </ul>
 *
 * <p>Run {@code ladder lesson level2} to read the lesson, {@code ladder hint level2} when stuck,
 * and {@code ladder check level2} to grade.
 */
public final class ConditionVariable {

    // TODO: the word waiters sleep on. A sequence number that every signal changes is enough:
    //       a waiter that read it before releasing the mutex can tell whether a signal came since.
    private final AtomicInteger seq = new AtomicInteger();

    /** Creates a condition variable with no waiters. */
    public ConditionVariable() {}

    /**
     * Releases {@code mutex}, waits until signalled (or spuriously), and holds {@code mutex}
     * again before returning.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold {@code mutex}
     * @throws InterruptedException if interrupted while waiting (the mutex is held again)
     */
    public void await(Mutex mutex) throws InterruptedException {
        // TODO: refuse a caller that does not hold the mutex.
        // TODO: read the word BEFORE you release the mutex (why before? think of a signal sent
        //       right after your unlock), release it, sleep with Futex.await while the word still
        //       has the value you read, then lock the mutex again.
        // TODO: interrupted? Throw InterruptedException, but only once you hold the mutex again.
        throw new UnsupportedOperationException("TODO ConditionVariable.await(Mutex)");
    }

    /**
     * As {@link #await(Mutex)}, giving up after {@code timeout}.
     *
     * @return {@code false} if the timeout elapsed (the mutex is held again), {@code true} otherwise
     * @throws IllegalMonitorStateException if the calling thread does not hold {@code mutex}
     * @throws InterruptedException if interrupted while waiting (the mutex is held again)
     */
    public boolean await(Mutex mutex, long timeout, TimeUnit unit) throws InterruptedException {
        // TODO: as await(Mutex), with Futex.await(word, expected, timeout, unit). Convert the
        //       timeout with unit.toNanos. Return false only when the time is really up.
        throw new UnsupportedOperationException("TODO ConditionVariable.await(Mutex, long, TimeUnit)");
    }

    /**
     * Waits until {@code predicate} is true. Returns only with the predicate true and the mutex
     * held; the predicate is evaluated while holding the mutex.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold {@code mutex}
     * @throws InterruptedException if interrupted while waiting (the mutex is held again)
     */
    public void awaitUntil(Mutex mutex, BooleanSupplier predicate) throws InterruptedException {
        // TODO: the loop every caller of await writes, once and for all.
        throw new UnsupportedOperationException("TODO ConditionVariable.awaitUntil(Mutex, BooleanSupplier)");
    }

    /** Wakes one waiting thread, if any. */
    public void signal() {
        // TODO: change the word, then wake ONE sleeper.
        throw new UnsupportedOperationException("TODO ConditionVariable.signal()");
    }

    /** Wakes every waiting thread. */
    public void signalAll() {
        // TODO: change the word, then wake every sleeper.
        throw new UnsupportedOperationException("TODO ConditionVariable.signalAll()");
    }
}
