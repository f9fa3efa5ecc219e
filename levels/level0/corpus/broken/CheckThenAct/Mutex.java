package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** Broken: checks that the lock is free, then takes it, as two separate steps. */
public final class Mutex {
    private final AtomicInteger state = new AtomicInteger();
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        boolean interrupted = false;
        while (state.get() != 0) {
            Futex.await(state, 1);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        state.set(1); // BUG: another thread may have seen 0 too and set 1 at the same time
        owner = Thread.currentThread();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean tryLock() {
        if (state.get() == 0) {
            state.set(1); // BUG: check-then-act
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
        Futex.wake(state, 1);
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
