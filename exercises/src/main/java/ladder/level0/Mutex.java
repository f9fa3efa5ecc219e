package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Level 0: a mutual-exclusion lock, built from one atomic word and {@link Futex}.
 *
 * <p>The story: every shared data structure you will write on this ladder starts with this
 * lock. Two threads that both "check that the lock is free, then take it" will both take it;
 * your job is to make the check and the take one indivisible step (a compare-and-set), and to
 * let the threads that lose the race sleep instead of burning a core.
 *
 * <p>The invariant to keep: <b>at most one thread is between {@code lock()} and {@code unlock()}
 * at any moment</b>, and everything the holder wrote before {@code unlock()} is visible to the
 * next thread after its {@code lock()}.
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>{@code lock()} waits while another thread holds the lock. Waiting must block (in
 *       {@link Futex#await}), not spin for the whole wait. It is not interruptible: keep waiting
 *       through an interrupt and return with the interrupt status still set.</li>
 *   <li>{@code tryLock()} never waits: it takes a free lock or returns {@code false}.</li>
 *   <li>{@code unlock()} by a thread that does not hold the lock (also: of an unlocked Mutex)
 *       throws {@link IllegalMonitorStateException} and changes nothing.</li>
 *   <li>Not reentrant: the holder's {@code tryLock()} returns {@code false}.</li>
 *   <li>A return from {@code Futex.await} means only "look again" (a wake-up, a spurious
 *       wake-up, an interrupt, or another thread got in first): wait in a {@code while} loop.</li>
 *   <li>Allowed: {@code java.util.concurrent.atomic}, {@code LockSupport}, {@code Thread.onSpinWait}
 *       and {@link Futex}. Not allowed: {@code synchronized}, {@code wait/notify},
 *       {@code ReentrantLock} and friends, {@code Thread.sleep} polling.</li>
 * </ul>
 *
 * <p>Run {@code ladder lesson level0} to read the lesson, {@code ladder hint level0} when stuck,
 * and {@code ladder check level0} to grade.
 */
public final class Mutex {

    // TODO: the state of the lock. One AtomicInteger is enough: which values will it take?
    //       (Futex waits on an AtomicInteger, so this is also the word sleepers wait on.)
    private final AtomicInteger state = new AtomicInteger();

    // TODO: remember which thread holds the lock, so unlock() can refuse the others.

    /** Creates an unlocked mutex. */
    public Mutex() {}

    /**
     * Acquires the lock, waiting (blocked, not spinning) while another thread holds it. Not
     * interruptible: returns holding the lock, with the interrupt status still set.
     */
    public void lock() {
        // TODO: take the lock with one compare-and-set; if that fails, sleep with Futex.await
        //       until it may be free, then try again. Re-check after every wake-up.
        // TODO: an interrupted thread's Futex.await returns at once: clear the status while you
        //       wait (Thread.interrupted()) and set it again before returning.
        throw new UnsupportedOperationException("TODO Mutex.lock()");
    }

    /** Acquires the lock only if it is free now; never waits. */
    public boolean tryLock() {
        // TODO: one compare-and-set, no waiting.
        throw new UnsupportedOperationException("TODO Mutex.tryLock()");
    }

    /**
     * Releases the lock and wakes a waiting thread, if any.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public void unlock() {
        // TODO: refuse callers that do not hold the lock; clear the owner; release the lock with an
        //       atomic (never plain) write; then wake one sleeper, if any.
        throw new UnsupportedOperationException("TODO Mutex.unlock()");
    }

    /** Whether the calling thread holds this lock. */
    public boolean isHeldByCurrentThread() {
        // TODO
        throw new UnsupportedOperationException("TODO Mutex.isHeldByCurrentThread()");
    }
}
