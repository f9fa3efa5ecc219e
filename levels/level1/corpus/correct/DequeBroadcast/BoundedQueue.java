package ladder.level1;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * The simplest correct design: a plain ArrayDeque guarded by a lock built from one CAS word, and
 * one futex "something changed" word that every put and take bumps and broadcasts (wakeAll) when
 * anyone waits. Waiters of both kinds sleep on the same word and all re-check: wasteful under
 * contention (thundering herd), but it never loses a wake-up.
 *
 * <p>Called with the interrupt status set, put/take complete without waiting when they can (the
 * other behaviour the contract accepts); they throw only when they would have to wait.
 */
public final class BoundedQueue<E> {

    private final int capacity;
    private final ArrayDeque<E> items; // guarded by lock
    private final AtomicInteger lock = new AtomicInteger(); // 0 free, 1 held
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger waiters = new AtomicInteger();
    private volatile int size;

    public BoundedQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    private void lock() {
        int spins = 0;
        boolean interrupted = false;
        while (!lock.compareAndSet(0, 1)) {
            if (++spins < 50) {
                Thread.onSpinWait();
            } else {
                Futex.await(lock, 1, 1, java.util.concurrent.TimeUnit.MILLISECONDS); // "mutex 1": no waiter count
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void unlock() {
        lock.set(0);
        Futex.wake(lock, 1);
    }

    /** After a change, with the lock released. */
    private void broadcast() {
        if (waiters.get() > 0) {
            changes.incrementAndGet();
            Futex.wakeAll(changes);
        }
    }

    public void put(E e) throws InterruptedException {
        if (e == null) {
            throw new NullPointerException();
        }
        for (;;) {
            waiters.incrementAndGet();
            int seq = changes.get();
            lock();
            boolean done = false;
            try {
                if (items.size() < capacity) {
                    items.addLast(e);
                    size = items.size();
                    done = true;
                }
            } finally {
                unlock();
            }
            if (done) {
                waiters.decrementAndGet();
                broadcast();
                return;
            }
            if (Thread.interrupted()) {
                waiters.decrementAndGet();
                throw new InterruptedException();
            }
            Futex.await(changes, seq);
            waiters.decrementAndGet();
        }
    }

    public E take() throws InterruptedException {
        for (;;) {
            waiters.incrementAndGet();
            int seq = changes.get();
            E e;
            lock();
            try {
                e = items.pollFirst();
                size = items.size();
            } finally {
                unlock();
            }
            if (e != null) {
                waiters.decrementAndGet();
                broadcast();
                return e;
            }
            if (Thread.interrupted()) {
                waiters.decrementAndGet();
                throw new InterruptedException();
            }
            Futex.await(changes, seq);
            waiters.decrementAndGet();
        }
    }

    public boolean offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        lock();
        try {
            if (items.size() == capacity) {
                return false;
            }
            items.addLast(e);
            size = items.size();
        } finally {
            unlock();
        }
        broadcast();
        return true;
    }

    public E poll() {
        E e;
        lock();
        try {
            e = items.pollFirst();
            size = items.size();
        } finally {
            unlock();
        }
        if (e != null) {
            broadcast();
        }
        return e;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }
}
