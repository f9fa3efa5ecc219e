package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * A non-reentrant mutual-exclusion lock built from one atomic word and the toolkit's
 * {@link Futex}.
 *
 * <p>At most one thread holds the lock at a time. {@link #lock()} waits (parked, not spinning)
 * until the lock is free; {@link #tryLock()} never waits. The lock is not reentrant: the holder's
 * {@code tryLock()} returns {@code false} and its {@code lock()} deadlocks, as a default pthread
 * mutex does. {@code lock()} is not interruptible: an interrupt does not end the wait, and
 * {@code lock()} returns with the interrupt status still set.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before {@link #unlock()}
 * <i>happen-before</i> actions in any thread after a subsequent successful {@link #lock()} or
 * {@link #tryLock()}: plain fields guarded by the lock need no {@code volatile}.
 */
public final class Mutex {

    /*
     * Implementation overview (Ulrich Drepper, "Futexes Are Tricky", mutex 2).
     *
     * The invariant: state == UNLOCKED iff no thread holds the lock; the holder is recorded in
     * `owner` while it holds it. state has three values:
     *
     *   UNLOCKED  (0)  free
     *   LOCKED    (1)  held, and no thread is (known to be) asleep waiting for it
     *   CONTENDED (2)  held, and some thread may be asleep in Futex.await: unlock must wake one
     *
     * lock(): one CAS 0 -> 1 on the fast path. Otherwise announce contention by swapping in 2
     * and sleep on the word while it reads 2; whoever wakes swaps 2 in again, so that a thread
     * which took the lock after being woken still wakes the next sleeper on its own unlock (a
     * waiter never knows whether it was the last one).
     *
     * unlock(): getAndSet(0). If the old value was 2, someone may sleep: wake one.
     *
     * Why no wake-up is lost: a waiter only sleeps through Futex.await(state, 2), which checks
     * that the word still reads 2 atomically with going to sleep. An unlocker sets 0 before it
     * calls wake, so a waiter either sees 0 (and retries) or is already queued (and is woken).
     *
     * Memory ordering: the CAS/getAndSet on `state` are volatile read-modify-writes, so the
     * release in unlock() synchronizes-with the acquire of the next lock(). `owner` is a plain
     * field written only by the holder; it is read by other threads only in
     * isHeldByCurrentThread() and unlock(), where a stale value can never equal the reader's
     * own thread (a benign race: a thread only ever sees its own write as itself).
     */

    private static final int UNLOCKED = 0;
    private static final int LOCKED = 1;
    private static final int CONTENDED = 2;

    private final AtomicInteger state = new AtomicInteger(UNLOCKED);
    private volatile Thread owner;

    /** Creates an unlocked mutex. */
    public Mutex() {}

    /**
     * Acquires the lock, waiting while another thread holds it. Not interruptible: an interrupt
     * does not end the wait, and the method returns with the interrupt status set.
     */
    public void lock() {
        if (!state.compareAndSet(UNLOCKED, LOCKED)) {
            lockContended();
        }
        owner = Thread.currentThread();
    }

    private void lockContended() {
        boolean interrupted = false;
        int spins = 64; // a short spin first: most critical sections are shorter than a park/unpark
        while (state.get() != UNLOCKED && spins-- > 0) {
            Thread.onSpinWait();
        }
        while (state.getAndSet(CONTENDED) != UNLOCKED) {
            Futex.await(state, CONTENDED);
            if (Thread.interrupted()) {
                interrupted = true; // keep waiting: lock() is not interruptible
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Acquires the lock only if it is free at the time of the call. Never waits.
     *
     * @return {@code true} if the lock was acquired (also {@code false} when the caller already holds it)
     */
    public boolean tryLock() {
        if (state.compareAndSet(UNLOCKED, LOCKED)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    /**
     * Releases the lock and wakes one waiting thread, if any.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("unlock() by a thread that does not hold this Mutex");
        }
        owner = null;
        if (state.getAndSet(UNLOCKED) == CONTENDED) {
            Futex.wake(state, 1);
        }
    }

    /** Whether the calling thread holds this lock. */
    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
