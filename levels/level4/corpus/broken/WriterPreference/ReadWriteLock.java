package ladder.level4;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** BROKEN (writer preference): waiting writers always go before waiting readers. */
public final class ReadWriteLock {
    // bits 0..14 readers inside, bit 15 writer holds, bits 16..30 writers waiting
    private static final int READERS_MASK = 0x7FFF;
    private static final int WRITER = 1 << 15;
    private static final int WAITING_ONE = 1 << 16;
    private static final int WAITING_MASK = 0x7FFF << 16;

    private final AtomicInteger state = new AtomicInteger();
    private volatile Thread owner;
    private final ThreadLocal<int[]> holds = ThreadLocal.withInitial(() -> new int[1]);

    public ReadWriteLock() {}

    private static boolean readerMayEnter(int s) {
        return (s & (WRITER | WAITING_MASK)) == 0;
    }

    public void lockRead() {
        boolean interrupted = false;
        for (;;) {
            int s = state.get();
            if (readerMayEnter(s)) {
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
            if (!readerMayEnter(s)) {
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
        int s = state.decrementAndGet();
        if ((s & READERS_MASK) == 0 && (s & WAITING_MASK) != 0) {
            Futex.wakeAll(state);
        }
    }

    public void lockWrite() {
        boolean interrupted = false;
        state.getAndAdd(WAITING_ONE);
        for (;;) {
            int s = state.get();
            if ((s & (WRITER | READERS_MASK)) == 0) {
                if (state.compareAndSet(s, s - WAITING_ONE + WRITER)) {
                    break;
                }
                continue;
            }
            Futex.await(state, s);
            interrupted |= Thread.interrupted();
        }
        owner = Thread.currentThread();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean tryLockWrite() {
        int s = state.get();
        if ((s & (WRITER | READERS_MASK)) == 0 && state.compareAndSet(s, s + WRITER)) {
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
        state.getAndAdd(-WRITER);
        Futex.wakeAll(state); // waiting readers wake too, but see the waiting writers and sleep again
    }
}
