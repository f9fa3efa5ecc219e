package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** BROKEN on purpose (corpus): await(timeout) never times out: it waits like await() for the latch to open */
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
        await(); // BUG: the timeout is ignored
        return true;
    }

    public long getCount() {
        return count.get();
    }
}
