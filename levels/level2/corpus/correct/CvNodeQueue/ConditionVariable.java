package ladder.level2;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import ladder.level0.Mutex;
import ladder.toolkit.Futex;

/**
 * Corpus variant CvNodeQueue (correct): a FIFO queue of waiter nodes, as JUC's ConditionObject.
 * Each waiter enqueues its own node while it still holds the mutex, then sleeps on the node's own
 * futex word; signal dequeues the oldest node and wakes exactly that waiter. A waiter that leaves
 * (timeout, interrupt) cancels its node with a CAS; if the CAS loses, it was signalled and returns
 * normally. The queue is guarded by a tiny spin lock (its critical sections are a few pointer moves).
 * Never returns spuriously.
 */
public final class ConditionVariable {

    private static final int WAITING = 0;
    private static final int SIGNALLED = 1;
    private static final int CANCELLED = 2;

    private static final class Node {
        final AtomicInteger state = new AtomicInteger(WAITING);
        Node prev;
        Node next;
        boolean queued; // guarded by the queue lock
    }

    private final AtomicBoolean queueLock = new AtomicBoolean();
    private Node head; // guarded by queueLock
    private Node tail; // guarded by queueLock

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
        Node woken = null;
        lockQueue();
        try {
            for (Node n = head; n != null; n = head) {
                unlink(n);
                if (n.state.compareAndSet(WAITING, SIGNALLED)) {
                    woken = n;
                    break;
                }
            }
        } finally {
            unlockQueue();
        }
        if (woken != null) {
            Futex.wake(woken.state, 1);
        }
    }

    public void signalAll() {
        Node all;
        lockQueue();
        try {
            all = head;
            for (Node n = head; n != null; n = n.next) {
                n.queued = false;
            }
            head = tail = null;
        } finally {
            unlockQueue();
        }
        for (Node n = all; n != null; ) {
            Node next = n.next;
            if (n.state.compareAndSet(WAITING, SIGNALLED)) {
                Futex.wake(n.state, 1);
            }
            n = next;
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
        lockQueue();
        try {
            node.queued = true;
            node.prev = tail;
            if (tail == null) {
                head = node;
            } else {
                tail.next = node;
            }
            tail = node;
        } finally {
            unlockQueue();
        }
        mutex.unlock(); // the node is queued: a signal from now on finds it
        while (node.state.get() == WAITING && !Thread.currentThread().isInterrupted()) {
            if (timed) {
                long left = deadline - System.nanoTime();
                if (left <= 0L) {
                    break;
                }
                Futex.await(node.state, WAITING, left, TimeUnit.NANOSECONDS);
            } else {
                Futex.await(node.state, WAITING);
            }
        }
        boolean signalled = !node.state.compareAndSet(WAITING, CANCELLED); // lost the race: a signal came
        if (!signalled) {
            lockQueue();
            try {
                if (node.queued) {
                    unlink(node);
                }
            } finally {
                unlockQueue();
            }
        }
        mutex.lock();
        if (Thread.interrupted()) {
            if (signalled) {
                Thread.currentThread().interrupt(); // keep the signal; the next await throws
                return true;
            }
            throw new InterruptedException();
        }
        return signalled || !timed;
    }

    /** Call only when holding the queue lock, for a queued node. */
    private void unlink(Node n) {
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.queued = false;
        n.prev = null;
    }

    private void lockQueue() {
        while (!queueLock.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
    }

    private void unlockQueue() {
        queueLock.set(false);
    }
}
