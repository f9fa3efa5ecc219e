package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Correct, a different design: a FIFO ticket lock. lock() draws a ticket from {@code next} and
 * waits (a short spin, then Futex.await) until {@code serving} shows it; unlock() advances
 * {@code serving} and wakes every sleeper, since only the one holding the next ticket may go.
 * tryLock() takes a ticket only if it would be served at once (next == serving).
 */
public final class Mutex {
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger serving = new AtomicInteger();
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        int ticket = next.getAndIncrement();
        int spins = 100;
        boolean interrupted = false;
        int now;
        while ((now = serving.get()) != ticket) {
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
                continue;
            }
            Futex.await(serving, now);
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
        int s = serving.get();
        if (next.compareAndSet(s, s + 1)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("not the holder");
        }
        owner = null;
        serving.incrementAndGet();
        Futex.wakeAll(serving);
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
