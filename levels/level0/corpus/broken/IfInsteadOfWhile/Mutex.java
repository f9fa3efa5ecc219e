package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** Broken: waits once with `if` and takes the lock after any return from Futex.await. */
public final class Mutex {
    private final AtomicInteger state = new AtomicInteger();
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        int c = state.compareAndExchange(0, 1);
        if (c != 0) {
            if (c != 2) {
                c = state.getAndSet(2);
            }
            if (c != 0) { // BUG: `if`, not `while`: a spurious, interrupted or lost race return is taken as ownership
                boolean interrupted = false;
                Futex.await(state, 2);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
                state.getAndSet(2);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
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
