package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/** BROKEN on purpose (corpus): await() spins on the count (Thread.onSpinWait) for the whole wait instead of blocking */
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
        while (count.get() != 0) { // BUG: burns a core for the whole wait
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.onSpinWait();
        }
    }

    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (count.get() != 0) { // BUG: burns a core for the whole wait
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    public long getCount() {
        return count.get();
    }
}
