package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** BROKEN on purpose (corpus): the last countDown() wakes one waiter (Futex.wake(count, 1)) instead of all of them */
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
                    Futex.wake(count, 1); // BUG: the other waiters sleep on
                }
                return;
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
