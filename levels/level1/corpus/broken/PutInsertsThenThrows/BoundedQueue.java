package ladder.level1;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * BROKEN on purpose (grader corpus): put() loops over offer() and checks the interrupt between offer() and return: when the offer
 * succeeded, the caller is told "not inserted" for an element that is in the queue.
 */
public final class BoundedQueue<E> {
    private final AtomicInteger lock = new AtomicInteger(); // 0 free, 1 held, 2 held and contended
    private final AtomicInteger notEmpty = new AtomicInteger();
    private final AtomicInteger notFull = new AtomicInteger();
    private final AtomicInteger takeWaiters = new AtomicInteger();
    private final AtomicInteger putWaiters = new AtomicInteger();
    private final Object[] items;
    private int head;           // guarded by lock
    private volatile int count; // written under lock

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
        while (true) {
            putWaiters.incrementAndGet();
            int seq = notFull.get();
            boolean ok = offer(e);
            if (Thread.interrupted()) { // BUG: checked after offer(): the element may already be in
                putWaiters.decrementAndGet();
                throw new InterruptedException();
            }
            if (ok) {
                putWaiters.decrementAndGet();
                return;
            }
            Futex.await(notFull, seq);
            putWaiters.decrementAndGet();
        }
    }

    public E take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        while (true) {
            takeWaiters.incrementAndGet();
            int seq = notEmpty.get();
            E e = poll();
            if (e != null) {
                takeWaiters.decrementAndGet();
                return e;
            }
            if (Thread.interrupted()) {
                takeWaiters.decrementAndGet();
                throw new InterruptedException();
            }
            Futex.await(notEmpty, seq);
            takeWaiters.decrementAndGet();
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
            items[(head + count) % items.length] = e;
            count = count + 1;
        } finally {
            unlock();
        }
        if (takeWaiters.get() > 0) {
            notEmpty.incrementAndGet();
            Futex.wake(notEmpty, 1);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    public E poll() {
        E e;
        lock();
        try {
            if (count == 0) {
                return null;
            }
            e = (E) items[head];
            items[head] = null;
            head = (head + 1) % items.length;
            count = count - 1;
        } finally {
            unlock();
        }
        if (putWaiters.get() > 0) {
            notFull.incrementAndGet();
            Futex.wake(notFull, 1);
        }
        return e;
    }

    public int size() {
        return count;
    }

    public int capacity() {
        return items.length;
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
