package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** BROKEN on purpose (corpus): lost wake-up: await() checks the count, then sleeps on a separate word that countDown() never changes, so a release between the check and the sleep is missed */
public final class CountDownLatch {
    private final AtomicInteger count;
    private final AtomicInteger bell = new AtomicInteger(); // always 0: just something to sleep on

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
                    Futex.wakeAll(bell);
                }
                return;
            }
        }
    }

    public void await() throws InterruptedException {
        while (count.get() != 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Futex.await(bell, 0); // BUG: bell still reads 0 after the release: the check above is stale
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
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
            Futex.await(bell, 0, left, TimeUnit.NANOSECONDS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    public long getCount() {
        return count.get();
    }
}
