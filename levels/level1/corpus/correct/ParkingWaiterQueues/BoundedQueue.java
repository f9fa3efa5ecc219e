package ladder.level1;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Condition queues by hand: each waiter enqueues a node (its thread and a "signalled" flag) on
 * the takers' or the putters' FIFO list, releases the lock and parks until signalled. A put
 * signals the oldest taker node (removing it from the list); a take signals the oldest putter.
 * Parks return spuriously (and under grading, at random), so waiters re-check their flag in a
 * loop; a waiter that leaves without being signalled (interrupt) unlinks its own node, and a
 * signalled waiter that finds nothing to do (another thread got there first) passes nothing
 * on because nothing is left to pass.
 */
public final class BoundedQueue<E> {

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile boolean signalled;
        Waiter next; // guarded by lock
    }

    /** A FIFO of waiters. Call only when holding the lock. */
    private static final class WaitList {
        Waiter head;
        Waiter tail;

        void add(Waiter w) {
            if (tail == null) {
                head = tail = w;
            } else {
                tail = tail.next = w;
            }
        }

        Waiter poll() {
            Waiter w = head;
            if (w != null) {
                head = w.next;
                if (head == null) {
                    tail = null;
                }
                w.next = null;
            }
            return w;
        }

        void remove(Waiter w) {
            Waiter prev = null;
            for (Waiter p = head; p != null; prev = p, p = p.next) {
                if (p == w) {
                    if (prev == null) {
                        head = p.next;
                    } else {
                        prev.next = p.next;
                    }
                    if (tail == p) {
                        tail = prev;
                    }
                    p.next = null;
                    return;
                }
            }
        }
    }

    private final AtomicBoolean locked = new AtomicBoolean();
    private final Object[] ring;
    private int head;           // guarded by lock
    private volatile int count; // written under lock
    private final WaitList takers = new WaitList();
    private final WaitList putters = new WaitList();

    public BoundedQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        ring = new Object[capacity];
    }

    private void lock() {
        for (int spins = 0; !locked.compareAndSet(false, true); spins++) {
            if (spins < 100) {
                Thread.onSpinWait();
            } else if (spins < 200) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(50_000L); // the holder was descheduled: back off
            }
        }
    }

    private void unlock() {
        locked.set(false);
    }

    /** Removes and returns the oldest waiter to signal, or null. Call only when holding the lock. */
    private static Waiter next(WaitList list) {
        return list.poll();
    }

    private static void signal(Waiter w) {
        if (w != null) {
            w.signalled = true;
            LockSupport.unpark(w.thread);
        }
    }

    private Waiter insert(Object e) {
        int n = count;
        ring[(head + n) % ring.length] = e;
        count = n + 1;
        return next(takers);
    }

    @SuppressWarnings("unchecked")
    private E remove() {
        E e = (E) ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        count = count - 1;
        return e;
    }

    /** Parks until signalled or interrupted; then, holding the lock again, unlinks itself if not signalled. */
    private void await(WaitList list, Waiter w) {
        while (!w.signalled && !Thread.currentThread().isInterrupted()) {
            LockSupport.park(this);
        }
        lock();
        if (!w.signalled) {
            list.remove(w);
        }
    }

    public void put(E e) throws InterruptedException {
        if (e == null) {
            throw new NullPointerException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waiter wake;
        lock();
        try {
            while (count == ring.length) {
                Waiter w = new Waiter();
                putters.add(w);
                unlock();
                await(putters, w);
                if (count == ring.length && Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            wake = insert(e);
        } finally {
            unlock();
        }
        signal(wake);
    }

    public E take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        E e;
        Waiter wake;
        lock();
        try {
            while (count == 0) {
                Waiter w = new Waiter();
                takers.add(w);
                unlock();
                await(takers, w);
                if (count == 0 && Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            e = remove();
            wake = next(putters);
        } finally {
            unlock();
        }
        signal(wake);
        return e;
    }

    public boolean offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        Waiter wake;
        lock();
        try {
            if (count == ring.length) {
                return false;
            }
            wake = insert(e);
        } finally {
            unlock();
        }
        signal(wake);
        return true;
    }

    public E poll() {
        E e;
        Waiter wake;
        lock();
        try {
            if (count == 0) {
                return null;
            }
            e = remove();
            wake = next(putters);
        } finally {
            unlock();
        }
        signal(wake);
        return e;
    }

    public int size() {
        return count;
    }

    public int capacity() {
        return ring.length;
    }
}
