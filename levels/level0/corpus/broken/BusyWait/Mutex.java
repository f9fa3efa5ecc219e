package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

/** Broken: a correct spin lock, but waiters spin for the whole wait and never park. */
public final class Mutex {
    private final AtomicInteger state = new AtomicInteger();
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        while (!state.compareAndSet(0, 1)) {
            Thread.onSpinWait(); // BUG: burns a core for as long as the holder holds the lock
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
        state.set(0);
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
