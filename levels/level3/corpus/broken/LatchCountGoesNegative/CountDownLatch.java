package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** BROKEN on purpose (corpus): countDown() decrements with decrementAndGet() and no floor: the count goes below zero */
public final class CountDownLatch {
    private final AtomicInteger count;

    public CountDownLatch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        this.count = new AtomicInteger(count);
    }

    public void countDown() {
        if (count.decrementAndGet() == 0) { // BUG: keeps going below zero on an open latch
            Futex.wakeAll(count);
        }
    }

    public void await() throws InterruptedException {
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int c = count.get();
            if (c <= 0) {
                return;
            }
            Futex.await(count, c);
        }
    }

    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (;;) {
            int c = count.get();
            if (c <= 0) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Futex.await(count, c, left, TimeUnit.NANOSECONDS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    public long getCount() {
        return count.get();
    }
}
