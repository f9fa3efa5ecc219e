package ladder.level0;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Correct, a different design: one word packs the held bit and the number of sleepers
 * (bit 0: held; bits 1..31: sleepers). Every transition is a single CAS on the word; a waiter
 * registers as a sleeper in the same CAS that observes the lock held, then sleeps with
 * Futex.await on the exact value it wrote; unlock() clears the held bit and, if the count is
 * non-zero, wakes one sleeper, which deregisters itself before it retries.
 */
public final class Mutex {
    private static final int HELD = 1;
    private static final int SLEEPER = 2;

    private final AtomicInteger word = new AtomicInteger();
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        boolean interrupted = false;
        for (;;) {
            int w = word.get();
            if ((w & HELD) == 0) {
                if (word.compareAndSet(w, w | HELD)) {
                    break;
                }
                continue;
            }
            int registered = w + SLEEPER;
            if (!word.compareAndSet(w, registered)) {
                continue;
            }
            Futex.await(word, registered);
            if (Thread.interrupted()) {
                interrupted = true;
            }
            word.addAndGet(-SLEEPER); // deregister, then look again
        }
        owner = Thread.currentThread();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean tryLock() {
        int w = word.get();
        if ((w & HELD) == 0 && word.compareAndSet(w, w | HELD)) {
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
        int before = word.getAndAdd(-HELD);
        if (before >= SLEEPER) {
            Futex.wake(word, 1);
        }
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
