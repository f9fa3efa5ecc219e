package ladder.level1;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * BROKEN on purpose (grader corpus): places and elements are counted as semaphore permits taken
 * optimistically (decrement first, give back if it went negative). The queue itself stays within
 * its capacity, but size() = capacity - freePlaces exposes the transient over-decrement: it reads
 * capacity + 1 (or more) while producers knock on a full queue.
 */
public final class BoundedQueue<E> {
    private final int capacity;
    private final Object[] items;
    private int head;  // guarded by lock
    private int count; // guarded by lock
    private final AtomicInteger lock = new AtomicInteger();
    private final AtomicInteger freePlaces;
    private final AtomicInteger readyItems = new AtomicInteger();

    public BoundedQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.items = new Object[capacity];
        this.freePlaces = new AtomicInteger(capacity);
    }

    private void lock() {
        int spins = 0;
        while (!lock.compareAndSet(0, 1)) {
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void unlock() {
        lock.set(0);
    }

    /** Optimistic acquire: take a permit, give it back if there was none. */
    private static boolean tryAcquire(AtomicInteger permits) {
        if (permits.decrementAndGet() >= 0) {
            return true;
        }
        permits.incrementAndGet();
        return false;
    }

    private static void release(AtomicInteger permits) {
        permits.incrementAndGet();
        Futex.wake(permits, 1);
    }

    private void insert(Object e) {
        lock();
        items[(head + count) % capacity] = e;
        count++;
        unlock();
        release(readyItems);
    }

    @SuppressWarnings("unchecked")
    private E remove() {
        lock();
        E e = (E) items[head];
        items[head] = null;
        head = (head + 1) % capacity;
        count--;
        unlock();
        release(freePlaces);
        return e;
    }

    public void put(E e) throws InterruptedException {
        if (e == null) {
            throw new NullPointerException();
        }
        while (!tryAcquire(freePlaces)) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Futex.await(freePlaces, 0);
        }
        insert(e);
    }

    public E take() throws InterruptedException {
        while (!tryAcquire(readyItems)) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Futex.await(readyItems, 0);
        }
        return remove();
    }

    public boolean offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        if (!tryAcquire(freePlaces)) {
            return false;
        }
        insert(e);
        return true;
    }

    public E poll() {
        if (!tryAcquire(readyItems)) {
            return null;
        }
        return remove();
    }

    public int size() {
        return capacity - freePlaces.get(); // BUG: sees the transient over-decrement of a failing tryAcquire
    }

    public int capacity() {
        return capacity;
    }
}
