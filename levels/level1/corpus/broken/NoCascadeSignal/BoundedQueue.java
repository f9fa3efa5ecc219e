package ladder.level1;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * BROKEN on purpose (grader corpus): the two-lock queue without its cascading signals. A put
 * wakes a taker only when the queue goes from empty to non-empty, and a taker that leaves
 * elements behind does not wake the next: with several takers asleep, puts made while the queue
 * is non-empty wake nobody, and sleepers stay asleep next to elements.
 *
 * Two-lock linked queue (Michael & Scott's two-lock queue, as in LinkedBlockingQueue): producers
 * and consumers work at different ends under different locks, and only meet through an atomic
 * count. Signals cascade: a put wakes takers only on the empty -> non-empty transition and a
 * woken taker that leaves elements behind wakes the next taker (and symmetrically for puts).
 */
public final class BoundedQueue<E> {

    private static final class Node<E> {
        E item;
        Node<E> next;

        Node(E item) {
            this.item = item;
        }
    }

    /** A CAS lock with sleep on contention (Drepper's mutex 2). Not interruptible. */
    private static final class Lock {
        private final AtomicInteger state = new AtomicInteger();

        void lock() {
            if (state.compareAndSet(0, 1)) {
                return;
            }
            boolean interrupted = false;
            while (state.getAndSet(2) != 0) {
                Futex.await(state, 2);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void unlock() {
            if (state.getAndSet(0) == 2) {
                Futex.wake(state, 1);
            }
        }
    }

    private final int capacity;
    private final AtomicInteger count = new AtomicInteger();
    private Node<E> head; // guarded by takeLock; head.item == null
    private Node<E> last; // guarded by putLock
    private final Lock takeLock = new Lock();
    private final Lock putLock = new Lock();
    private final AtomicInteger notEmpty = new AtomicInteger();
    private final AtomicInteger notFull = new AtomicInteger();
    private int takeWaiters; // guarded by takeLock
    private int putWaiters;  // guarded by putLock

    public BoundedQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        last = head = new Node<>(null);
    }

    /** Wake one taker. Call with takeLock held. */
    private boolean signalNotEmptyLocked() {
        if (takeWaiters > 0) {
            notEmpty.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Wake one putter. Call with putLock held. */
    private boolean signalNotFullLocked() {
        if (putWaiters > 0) {
            notFull.incrementAndGet();
            return true;
        }
        return false;
    }

    private void signalNotEmpty() {
        takeLock.lock();
        boolean wake = signalNotEmptyLocked();
        takeLock.unlock();
        if (wake) {
            Futex.wake(notEmpty, 1);
        }
    }

    private void signalNotFull() {
        putLock.lock();
        boolean wake = signalNotFullLocked();
        putLock.unlock();
        if (wake) {
            Futex.wake(notFull, 1);
        }
    }

    private void enqueue(E e) {
        last = last.next = new Node<>(e);
    }

    private E dequeue() {
        Node<E> first = head.next;
        head.next = head; // help GC
        head = first;
        E x = first.item;
        first.item = null;
        return x;
    }

    public void put(E e) throws InterruptedException {
        if (e == null) {
            throw new NullPointerException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int c;
        boolean wakeNext = false;
        putLock.lock();
        try {
            while (count.get() == capacity) {
                putWaiters++;
                int seq = notFull.get();
                putLock.unlock();
                Futex.await(notFull, seq);
                putLock.lock();
                putWaiters--;
                if (count.get() == capacity && Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            enqueue(e);
            c = count.getAndIncrement();
            // BUG: no cascade to the next waiting putter
        } finally {
            putLock.unlock();
        }
        if (wakeNext) {
            Futex.wake(notFull, 1);
        }
        if (c == 0) {
            signalNotEmpty();
        }
    }

    public E take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        E x;
        int c;
        boolean wakeNext = false;
        takeLock.lock();
        try {
            while (count.get() == 0) {
                takeWaiters++;
                int seq = notEmpty.get();
                takeLock.unlock();
                Futex.await(notEmpty, seq);
                takeLock.lock();
                takeWaiters--;
                if (count.get() == 0 && Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            x = dequeue();
            c = count.getAndDecrement();
            // BUG: no cascade to the next waiting taker
        } finally {
            takeLock.unlock();
        }
        if (wakeNext) {
            Futex.wake(notEmpty, 1);
        }
        if (c == capacity) {
            signalNotFull();
        }
        return x;
    }

    public boolean offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        if (count.get() == capacity) {
            return false;
        }
        int c = -1;
        boolean wakeNext = false;
        putLock.lock();
        try {
            if (count.get() < capacity) {
                enqueue(e);
                c = count.getAndIncrement();
                // BUG: no cascade to the next waiting putter
            }
        } finally {
            putLock.unlock();
        }
        if (wakeNext) {
            Futex.wake(notFull, 1);
        }
        if (c == 0) {
            signalNotEmpty();
        }
        return c >= 0;
    }

    public E poll() {
        if (count.get() == 0) {
            return null;
        }
        E x = null;
        int c = -1;
        boolean wakeNext = false;
        takeLock.lock();
        try {
            if (count.get() > 0) {
                x = dequeue();
                c = count.getAndDecrement();
                // BUG: no cascade to the next waiting taker
            }
        } finally {
            takeLock.unlock();
        }
        if (wakeNext) {
            Futex.wake(notEmpty, 1);
        }
        if (c == capacity) {
            signalNotFull();
        }
        return x;
    }

    public int size() {
        return count.get();
    }

    public int capacity() {
        return capacity;
    }
}
