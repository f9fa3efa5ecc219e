package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** Broken: correct until interrupted; then Futex.await returns at once and the wait loop spins. */
public final class Mutex {
    private final AtomicInteger state = new AtomicInteger();
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        if (!state.compareAndSet(0, 1)) {
            while (state.getAndSet(2) != 0) {
                Futex.await(state, 2); // BUG: with the interrupt status set this returns at once, every time
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
            throw new IllegalMonitorStateException();
        }
        owner = null;
        if (state.getAndSet(0) == 2) {
            Futex.wake(state, 1);
        }
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
