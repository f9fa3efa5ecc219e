package ladder.level3;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * BROKEN on purpose (corpus): the count is a plain int. Updates go through a VarHandle CAS, but
 * await() reads it as a plain field in its wait loop: the JIT may read it once and keep the value
 * in a register, so a waiter never sees the count reach zero (and nothing orders the counting
 * threads' writes before the waiter's reads).
 */
public final class CountDownLatch {

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(CountDownLatch.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private int count; // BUG: plain field, read without any ordering in the wait loops below

    public CountDownLatch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        this.count = count;
    }

    public void countDown() {
        for (;;) {
            int c = (int) COUNT.getVolatile(this);
            if (c == 0) {
                return;
            }
            if (COUNT.compareAndSet(this, c, c - 1)) {
                return;
            }
        }
    }

    public void await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        while (count != 0) { // BUG: a plain read in a loop with nothing else in it may be hoisted
        }
    }

    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (count != 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
        }
        return true;
    }

    public long getCount() {
        return (int) COUNT.getVolatile(this);
    }
}
