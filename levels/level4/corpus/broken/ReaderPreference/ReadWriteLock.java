package ladder.level4;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** BROKEN (reader preference): a waiting writer does not stop new readers. */
public final class ReadWriteLock {
    private static final int WRITER = 1 << 30;          // bit 30: a writer holds the lock
    private static final int READERS_MASK = WRITER - 1; // bits 0..29: readers inside

    private final AtomicInteger state = new AtomicInteger();
    private volatile Thread owner;
    private final ThreadLocal<int[]> holds = ThreadLocal.withInitial(() -> new int[1]);

    public ReadWriteLock() {}

    public void lockRead() {
        boolean interrupted = false;
        for (;;) {
            int s = state.get();
            if ((s & WRITER) == 0) {
                if (state.compareAndSet(s, s + 1)) {
                    break;
                }
                continue;
            }
            Futex.await(state, s);
            interrupted |= Thread.interrupted();
        }
        holds.get()[0]++;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean tryLockRead() {
        for (;;) {
            int s = state.get();
            if ((s & WRITER) != 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 1)) {
                holds.get()[0]++;
                return true;
            }
        }
    }

    public void unlockRead() {
        int[] h = holds.get();
        if (h[0] == 0) {
            throw new IllegalMonitorStateException();
        }
        h[0]--;
        if ((state.decrementAndGet() & READERS_MASK) == 0) {
            Futex.wakeAll(state);
        }
    }

    public void lockWrite() {
        boolean interrupted = false;
        for (;;) {
            int s = state.get();
            if (s == 0) {
                if (state.compareAndSet(0, WRITER)) {
                    break;
                }
                continue;
            }
            Futex.await(state, s); // waits for "no readers, no writer", and announces nothing
            interrupted |= Thread.interrupted();
        }
        owner = Thread.currentThread();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean tryLockWrite() {
        if (state.compareAndSet(0, WRITER)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    public void unlockWrite() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException();
        }
        owner = null;
        state.set(0);
        Futex.wakeAll(state);
    }
}
