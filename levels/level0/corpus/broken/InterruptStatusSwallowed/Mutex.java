package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** Broken: lock() clears the interrupt status while it waits and never restores it. */
public final class Mutex {
    private static final int UNLOCKED = 0;
    private static final int LOCKED = 1;
    private static final int CONTENDED = 2;

    private final AtomicInteger state = new AtomicInteger(UNLOCKED);
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        if (!state.compareAndSet(UNLOCKED, LOCKED)) {
            while (state.getAndSet(CONTENDED) != UNLOCKED) {
                Futex.await(state, CONTENDED);
                Thread.interrupted(); // BUG: clears the status so the wait can sleep, but never sets it again
            }
        }
        owner = Thread.currentThread();
    }

    public boolean tryLock() {
        if (state.compareAndSet(UNLOCKED, LOCKED)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException();
        }
        owner = null;
        if (state.getAndSet(UNLOCKED) == CONTENDED) {
            Futex.wake(state, 1);
        }
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
