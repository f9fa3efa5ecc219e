package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** BROKEN on purpose (corpus): await() never checks for interrupts: an interrupted waiter spins (Futex.await returns at once) and never throws InterruptedException */
public final class CountDownLatch {
    private final AtomicInteger count;

    public CountDownLatch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        this.count = new AtomicInteger(count);
    }

    public void countDown() {
        for (;;) {
            int c = count.get();
            if (c == 0) {
                return;
            }
            if (count.compareAndSet(c, c - 1)) {
                if (c == 1) {
                    Futex.wakeAll(count);
                }
                return;
            }
        }
    }

    public void await() throws InterruptedException {
        for (;;) {
            int c = count.get();
            if (c == 0) {
                return;
            }
            Futex.await(count, c); // BUG: returns at once when interrupted, forever
        }
    }

    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (;;) {
            int c = count.get();
            if (c == 0) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Futex.await(count, c, left, TimeUnit.NANOSECONDS); // BUG: never throws InterruptedException
        }
    }

    public long getCount() {
        return count.get();
    }
}
