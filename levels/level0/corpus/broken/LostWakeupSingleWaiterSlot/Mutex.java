package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Broken: parked waiters register in one slot, so a second waiter overwrites the first. */
public final class Mutex {
    private final AtomicInteger state = new AtomicInteger();
    private volatile Thread waiter; // BUG: room for one sleeper only
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        while (!state.compareAndSet(0, 1)) {
            waiter = me;
            if (state.get() != 0) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        }
        owner = me;
        if (interrupted) {
            me.interrupt();
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
        Thread w = waiter;
        if (w != null) {
            waiter = null;
            LockSupport.unpark(w);
        }
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
