package ladder.level1;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import ladder.toolkit.Futex;

/**
 * BROKEN on purpose (grader corpus): semaphore-style permits (free places, ready elements)
 * correctly bound the count, but the ring indices are advanced with "read, then write + 1"
 * instead of one atomic step: two producers (or consumers) can get the same slot.
 */
public final class BoundedQueue<E> {
    private final int capacity;
    private final AtomicReferenceArray<E> slots;
    private final AtomicInteger free;                         // places not yet claimed by a put
    private final AtomicInteger ready = new AtomicInteger();  // elements not yet claimed by a take
    private volatile int tail;
    private volatile int head;

    public BoundedQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
        this.free = new AtomicInteger(capacity);
    }

    private static boolean tryAcquire(AtomicInteger permits) {
        for (int p = permits.get(); p > 0; p = permits.get()) {
            if (permits.compareAndSet(p, p - 1)) {
                return true;
            }
        }
        return false;
    }

    private static void release(AtomicInteger permits) {
        permits.incrementAndGet();
        Futex.wake(permits, 1);
    }

    private void insert(E e) {
        int t = tail;   // BUG: read ...
        tail = t + 1;   // ... then write: two producers can read the same t
        slots.set(Math.floorMod(t, capacity), e);
        release(ready);
    }

    private E remove() {
        int h = head;   // BUG: read ...
        head = h + 1;   // ... then write: two consumers can read the same h
        E e = slots.getAndSet(Math.floorMod(h, capacity), null);
        release(free);
        return e;
    }

    public void put(E e) throws InterruptedException {
        if (e == null) {
            throw new NullPointerException();
        }
        while (!tryAcquire(free)) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Futex.await(free, 0);
        }
        insert(e);
    }

    public E take() throws InterruptedException {
        while (!tryAcquire(ready)) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Futex.await(ready, 0);
        }
        return remove();
    }

    public boolean offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        if (!tryAcquire(free)) {
            return false;
        }
        insert(e);
        return true;
    }

    public E poll() {
        if (!tryAcquire(ready)) {
            return null;
        }
        return remove();
    }

    public int size() {
        return ready.get();
    }

    public int capacity() {
        return capacity;
    }
}
