package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** Broken: unlock() wakes only when a "someone waits" flag is set, and clears it after one wake. */
public final class Mutex {
    private final AtomicInteger state = new AtomicInteger();
    private volatile boolean contended;
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        boolean interrupted = false;
        while (!state.compareAndSet(0, 1)) {
            contended = true;
            Futex.await(state, 1);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        owner = Thread.currentThread();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        state.set(0);
        if (contended) {
            contended = false; // BUG: other sleepers (or one about to sleep) are forgotten
            Futex.wake(state, 1);
        }
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
