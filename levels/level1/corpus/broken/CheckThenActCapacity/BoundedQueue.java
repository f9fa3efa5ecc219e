package ladder.level1;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * BROKEN on purpose (grader corpus): an ArrayDeque under a Futex mutex, with an atomic count that
 * put() and offer() check BEFORE taking the lock. Two producers can both see "count < capacity"
 * and both insert: the queue grows past its capacity.
 */
public final class BoundedQueue<E> {
    private final int capacity;
    private final ArrayDeque<E> items = new ArrayDeque<>();
    private final AtomicInteger lock = new AtomicInteger();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger notEmpty = new AtomicInteger();
    private final AtomicInteger notFull = new AtomicInteger();

    public BoundedQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** A Level 0 style mutex: 0 free, 1 held, 2 held with sleepers. */
    private void lock() {
        if (lock.compareAndSet(0, 1)) {
            return;
        }
        boolean interrupted = false;
        while (lock.getAndSet(2) != 0) {
            Futex.await(lock, 2);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void unlock() {
        if (lock.getAndSet(0) == 2) {
            Futex.wake(lock, 1);
        }
    }

    private void add(E e) {
        lock();
        try {
            items.addLast(e);
            count.incrementAndGet();
        } finally {
            unlock();
        }
        notEmpty.incrementAndGet();
        Futex.wake(notEmpty, 1);
    }

    private E removeOrNull() {
        E e;
        lock();
        try {
            e = items.pollFirst();
            if (e != null) {
                count.decrementAndGet();
            }
        } finally {
            unlock();
        }
        if (e != null) {
            notFull.incrementAndGet();
            Futex.wake(notFull, 1);
        }
        return e;
    }

    public void put(E e) throws InterruptedException {
        if (e == null) {
            throw new NullPointerException();
        }
        while (true) {
            int seq = notFull.get();
            if (count.get() < capacity) { // BUG: checked outside the lock, then acted on
                add(e);
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Futex.await(notFull, seq);
        }
    }

    public E take() throws InterruptedException {
        while (true) {
            int seq = notEmpty.get();
            E e = removeOrNull();
            if (e != null) {
                return e;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Futex.await(notEmpty, seq);
        }
    }

    public boolean offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        if (count.get() >= capacity) { // BUG: checked outside the lock, then acted on
            return false;
        }
        add(e);
        return true;
    }

    public E poll() {
        return removeOrNull();
    }

    public int size() {
        return count.get();
    }

    public int capacity() {
        return capacity;
    }
}
