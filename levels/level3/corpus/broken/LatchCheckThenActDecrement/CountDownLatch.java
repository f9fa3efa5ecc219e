package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** BROKEN on purpose (corpus): lost decrement: countDown() reads the count and then writes count - 1 (get-then-set instead of compare-and-set) */
public final class CountDownLatch {
    private final AtomicInteger count;

    public CountDownLatch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        this.count = new AtomicInteger(count);
    }

    public void countDown() {
        int c = count.get();
        if (c > 0) {
            count.set(c - 1); // BUG: two threads that read the same c both write c - 1
            if (c == 1) {
                Futex.wakeAll(count);
            }
        }
    }

    public void await() throws InterruptedException {
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int c = count.get();
            if (c == 0) {
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
            if (c == 0) {
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
