package ladder.level1;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * BROKEN on purpose (grader corpus): Futex.await(word, word.get()) after unlock(): a put that lands between the unlock and the
 * read bumps the word first, so the waiter sleeps on the new value and misses the wake-up.
 */
public final class BoundedQueue<E> {
    private final AtomicInteger lock = new AtomicInteger(); // 0 free, 1 held, 2 held and contended
    private final AtomicInteger notEmpty = new AtomicInteger();
    private final AtomicInteger notFull = new AtomicInteger();
    private final Object[] items;
    private int head;           // guarded by lock
    private volatile int count; // written under lock
    private int takeWaiters;    // guarded by lock
    private int putWaiters;     // guarded by lock

    public BoundedQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        items = new Object[capacity];
    }

    public void put(E e) throws InterruptedException {
        if (e == null) {
            throw new NullPointerException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        lock();
        try {
            while (count == items.length) {
                putWaiters++;
                unlock();
                Futex.await(notFull, notFull.get()); // BUG: reads the word after unlocking
                lock();
                putWaiters--;
                if (count == items.length && Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            insert(e);
        } finally {
            unlock();
        }
    }

    public E take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        lock();
        try {
            while (count == 0) {
                takeWaiters++;
                unlock();
                Futex.await(notEmpty, notEmpty.get()); // BUG: reads the word after unlocking
                lock();
                takeWaiters--;
                if (count == 0 && Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return remove();
        } finally {
            unlock();
        }
    }

    public boolean offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        lock();
        try {
            if (count == items.length) {
                return false;
            }
            insert(e);
            return true;
        } finally {
            unlock();
        }
    }

    public E poll() {
        lock();
        try {
            if (count == 0) {
                return null;
            }
            return remove();
        } finally {
            unlock();
        }
    }

    public int size() {
        return count;
    }

    public int capacity() {
        return items.length;
    }

    /** Call only when holding the lock. */
    private void insert(Object e) {
        items[(head + count) % items.length] = e;
        count = count + 1;
        if (takeWaiters > 0) {
            notEmpty.incrementAndGet();
            Futex.wake(notEmpty, 1);
        }
    }

    /** Call only when holding the lock. */
    @SuppressWarnings("unchecked")
    private E remove() {
        E e = (E) items[head];
        items[head] = null;
        head = (head + 1) % items.length;
        count = count - 1;
        if (putWaiters > 0) {
            notFull.incrementAndGet();
            Futex.wake(notFull, 1);
        }
        return e;
    }

    private void lock() {
        if (lock.compareAndSet(0, 1)) {
            return;
        }
        boolean interrupted = false;
        for (int i = 0; i < 64; i++) {
            if (lock.get() == 0 && lock.compareAndSet(0, 1)) {
                return;
            }
            Thread.onSpinWait();
        }
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
}
