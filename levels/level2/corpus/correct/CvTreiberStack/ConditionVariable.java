package ladder.level2;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import ladder.level0.Mutex;

/**
 * Corpus variant CvTreiberStack (correct): a lock-free LIFO stack of waiter nodes with
 * LockSupport.park/unpark, no Futex. A waiter pushes its node while holding the mutex; signal pops
 * nodes until it wins a WAITING -> SIGNALLED CAS and unparks that thread (the newest waiter: LIFO,
 * which the contract allows). A leaving waiter wins WAITING -> CANCELLED or, having lost, was
 * signalled. Cancelled nodes stay on the stack until popped (push pops cancelled nodes on top).
 */
public final class ConditionVariable {

    private static final int WAITING = 0;
    private static final int SIGNALLED = 1;
    private static final int CANCELLED = 2;

    private static final class Node {
        final Thread thread = Thread.currentThread();
        final AtomicInteger state = new AtomicInteger(WAITING);
        Node next; // set before the node is published by the CAS on top, never changed after
    }

    private final AtomicReference<Node> top = new AtomicReference<>();

    public ConditionVariable() {}

    public void await(Mutex mutex) throws InterruptedException {
        doAwait(mutex, false, 0L);
    }

    public boolean await(Mutex mutex, long timeout, TimeUnit unit) throws InterruptedException {
        return doAwait(mutex, true, unit.toNanos(timeout));
    }

    public void awaitUntil(Mutex mutex, BooleanSupplier predicate) throws InterruptedException {
        if (!mutex.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("awaitUntil without holding the mutex");
        }
        while (!predicate.getAsBoolean()) {
            doAwait(mutex, false, 0L);
        }
    }

    public void signal() {
        while (true) {
            Node n = top.get();
            if (n == null) {
                return;
            }
            if (top.compareAndSet(n, n.next) && n.state.compareAndSet(WAITING, SIGNALLED)) {
                LockSupport.unpark(n.thread);
                return;
            }
        }
    }

    public void signalAll() {
        for (Node n = top.getAndSet(null); n != null; n = n.next) {
            if (n.state.compareAndSet(WAITING, SIGNALLED)) {
                LockSupport.unpark(n.thread);
            }
        }
    }

    private boolean doAwait(Mutex mutex, boolean timed, long nanos) throws InterruptedException {
        if (!mutex.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("await without holding the mutex");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + nanos;
        Node node = new Node();
        while (true) {
            Node t = top.get();
            if (t != null && t.state.get() == CANCELLED) {
                top.compareAndSet(t, t.next); // clean up a cancelled node on top
                continue;
            }
            node.next = t;
            if (top.compareAndSet(t, node)) {
                break;
            }
        }
        mutex.unlock();
        while (node.state.get() == WAITING && !Thread.currentThread().isInterrupted()) {
            if (timed) {
                long left = deadline - System.nanoTime();
                if (left <= 0L) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
        }
        boolean signalled = !node.state.compareAndSet(WAITING, CANCELLED);
        mutex.lock();
        if (Thread.interrupted()) {
            if (signalled) {
                Thread.currentThread().interrupt();
                return true;
            }
            throw new InterruptedException();
        }
        return signalled || !timed;
    }
}
