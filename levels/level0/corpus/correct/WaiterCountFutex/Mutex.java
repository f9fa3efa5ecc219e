package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Correct, a different design: a two-state lock word (0 free, 1 held) plus a separate count
 * of waiters. A waiter announces itself in {@code waiters} before it re-tries the CAS and
 * sleeps with Futex.await(state, 1); unlock() releases with set(0) and then wakes one thread
 * if the count is non-zero. Both are volatile, so either the unlocker sees the waiter's count
 * or the waiter's CAS sees the release.
 */
public final class Mutex {
    private final AtomicInteger state = new AtomicInteger();
    private final AtomicInteger waiters = new AtomicInteger();
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        if (!state.compareAndSet(0, 1)) {
            waiters.incrementAndGet();
            boolean interrupted = false;
            while (!state.compareAndSet(0, 1)) {
                Futex.await(state, 1);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            waiters.decrementAndGet();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        owner = Thread.currentThread();
    }

    public boolean tryLock() {
        if (state.compareAndSet(0, 1)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("not the holder");
        }
        owner = null;
        state.set(0);
        if (waiters.get() > 0) {
            Futex.wake(state, 1);
        }
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
