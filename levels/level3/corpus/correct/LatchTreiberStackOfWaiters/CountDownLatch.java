package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A count-down latch whose waiters park on their own nodes (LockSupport), kept in a Treiber
 * stack; the last countDown() swaps the stack for an OPEN sentinel and unparks every node.
 *
 * <p>Invariant: once {@code waiters} holds OPEN it never changes again, and OPEN is installed only
 * after the count reached 0. A waiter either pushed its node before OPEN (it is in the chain the
 * releaser took, and gets released = true) or found OPEN (and returns): no wake-up is lost.
 * Cancelled nodes (interrupt, timeout) are popped when they are on top, else left for the release.
 */
public final class CountDownLatch {

    private static final class Node {
        final Thread thread;
        Node next;
        volatile boolean released;
        volatile boolean cancelled;

        Node(Thread thread) {
            this.thread = thread;
        }
    }

    private static final Node OPEN = new Node(null);

    private final AtomicInteger count;
    private final AtomicReference<Node> waiters = new AtomicReference<>();

    public CountDownLatch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        this.count = new AtomicInteger(count);
        if (count == 0) {
            waiters.set(OPEN);
        }
    }

    public void countDown() {
        for (;;) {
            int c = count.get();
            if (c == 0) {
                return;
            }
            if (count.compareAndSet(c, c - 1)) {
                if (c == 1) {
                    for (Node n = waiters.getAndSet(OPEN); n != null && n != OPEN; n = n.next) {
                        n.released = true;
                        LockSupport.unpark(n.thread);
                    }
                }
                return;
            }
        }
    }

    public void await() throws InterruptedException {
        awaitNanos(false, 0L);
    }

    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitNanos(true, unit.toNanos(timeout));
    }

    private boolean awaitNanos(boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (count.get() == 0) {
            return true;
        }
        if (timed && nanos <= 0L) {
            return false;
        }
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        Node me = new Node(Thread.currentThread());
        for (;;) {
            Node h = waiters.get();
            if (h == OPEN) {
                return true;
            }
            while (h != null && h != OPEN && h.cancelled) { // pop cancelled nodes off the top
                waiters.compareAndSet(h, h.next);
                h = waiters.get();
            }
            if (h == OPEN) {
                return true;
            }
            me.next = h;
            if (waiters.compareAndSet(h, me)) {
                break;
            }
        }
        while (!me.released) {
            if (timed) {
                long left = deadline - System.nanoTime();
                if (left <= 0L) {
                    me.cancelled = true;
                    return me.released;
                }
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                if (me.released) {
                    Thread.currentThread().interrupt(); // released at the same moment: keep the interrupt
                    return true;
                }
                me.cancelled = true;
                throw new InterruptedException();
            }
        }
        return true;
    }

    public long getCount() {
        return count.get();
    }
}
