package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * A count-down latch with two words: the count (CAS, never below zero) and a separate gate
 * (0 closed, 1 open) that waiters spin on briefly and then sleep on with Futex. The count is
 * what getCount() reports; the gate is what await() trusts. The last countDown() opens the gate
 * (a volatile write after its CAS) and then wakes the sleepers: Futex.await(gate, 0) sleeps only
 * while the gate still reads 0, so no wake-up is lost.
 */
public final class CountDownLatch {

    private static final int SPINS = 200;

    private final AtomicInteger count;
    private final AtomicInteger gate;

    public CountDownLatch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        this.count = new AtomicInteger(count);
        this.gate = new AtomicInteger(count == 0 ? 1 : 0);
    }

    public void countDown() {
        int c;
        do {
            c = count.get();
            if (c == 0) {
                return;
            }
        } while (!count.compareAndSet(c, c - 1));
        if (c == 1) {
            gate.set(1);
            Futex.wakeAll(gate);
        }
    }

    public void await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        for (int i = 0; i < SPINS && gate.get() == 0; i++) {
            Thread.onSpinWait();
        }
        while (gate.get() == 0) {
            Futex.await(gate, 0);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (int i = 0; i < SPINS && gate.get() == 0; i++) {
            Thread.onSpinWait();
        }
        while (gate.get() == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0L) {
                return false;
            }
            Futex.await(gate, 0, left, TimeUnit.NANOSECONDS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    public long getCount() {
        return count.get();
    }
}
