package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** Broken: unlock() wakes a sleeper before it releases the lock (three-state futex mutex). */
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
        if (state.get() == CONTENDED) {
            Futex.wake(state, 1); // BUG: the woken thread may run before the release below,
        }                         // mark the word CONTENDED and sleep again...
        state.set(UNLOCKED);      // ...and this overwrites its mark: nobody will ever wake it
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
