package ladder.level7;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** A ring buffer under a spin lock. Simple and correct; thieves never wait. */
public final class WorkStealingDeque<E> {
    private final Thread owner = Thread.currentThread();
    private final AtomicBoolean lock = new AtomicBoolean();
    private Object[] ring = new Object[4]; // guarded by lock
    private int head;                      // guarded by lock: the oldest element
    private int count;                     // guarded by lock
    private volatile int size;             // a copy of count for size()

    public WorkStealingDeque() {}

    private void lock() {
        int spins = 0;
        while (!lock.compareAndSet(false, true)) {
            if (++spins > 100) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void own() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("not the owner");
        }
    }

    public void push(E e) {
        Objects.requireNonNull(e);
        own();
        lock();
        try {
            if (count == ring.length) {
                Object[] bigger = new Object[ring.length * 2];
                for (int i = 0; i < count; i++) {
                    bigger[i] = ring[(head + i) % ring.length];
                }
                ring = bigger;
                head = 0;
            }
            ring[(head + count) % ring.length] = e;
            count++;
            size = count;
        } finally {
            lock.set(false);
        }
    }

    @SuppressWarnings("unchecked")
    public E pop() {
        own();
        lock();
        try {
            if (count == 0) {
                return null;
            }
            int i = (head + count - 1) % ring.length;
            Object x = ring[i];
            ring[i] = null;
            count--;
            size = count;
            return (E) x;
        } finally {
            lock.set(false);
        }
    }

    @SuppressWarnings("unchecked")
    public E steal() {
        if (!lock.compareAndSet(false, true)) {
            return null; // lost a race
        }
        try {
            if (count == 0) {
                return null;
            }
            Object x = ring[head];
            ring[head] = null;
            head = (head + 1) % ring.length;
            count--;
            size = count;
            return (E) x;
        } finally {
            lock.set(false);
        }
    }

    public int size() {
        return size;
    }
}
