package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Corpus variant MutexHeldByAnyone (BROKEN): Level 0 Mutex: isHeldByCurrentThread() reports whether anybody holds the lock, not whether the caller does
 */
public final class Mutex {

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
        return state.get() != UNLOCKED; // "held" by somebody, not necessarily the caller
    }
}
