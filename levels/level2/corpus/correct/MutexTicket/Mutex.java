package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Corpus variant MutexTicket (correct): a FIFO ticket lock. lock() takes a ticket and sleeps on the
 * "now serving" word until its turn; unlock() advances it and wakes every sleeper (each re-checks its
 * own ticket). Shows that Level 2 runs on any correct Level 0 Mutex, not only the reference's.
 */
public final class Mutex {

    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger serving = new AtomicInteger();
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        int my = next.getAndIncrement();
        boolean interrupted = false;
        int spins = 64;
        for (int s = serving.get(); s != my; s = serving.get()) {
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
                continue;
            }
            Futex.await(serving, s);
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
            throw new IllegalMonitorStateException("unlock() by a thread that does not hold this Mutex");
        }
        owner = null;
        serving.incrementAndGet();
        Futex.wakeAll(serving);
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
