package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** Broken: lock() is right, but tryLock() checks and then sets in two steps. */
public final class Mutex {
    private static final int UNLOCKED = 0;
    private static final int LOCKED = 1;
    private static final int CONTENDED = 2;

    private final AtomicInteger state = new AtomicInteger(UNLOCKED);
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        if (!state.compareAndSet(UNLOCKED, LOCKED)) {
            boolean interrupted = false;
            while (state.getAndSet(CONTENDED) != UNLOCKED) {
                Futex.await(state, CONTENDED);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        owner = Thread.currentThread();
    }

    public boolean tryLock() {
        if (state.get() == UNLOCKED) {
            state.set(LOCKED); // BUG: check-then-act: a lock() or another tryLock() can get in between
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
