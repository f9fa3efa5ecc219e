package ladder.level1;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import ladder.toolkit.Futex;

/**
 * A lock-free multi-producer multi-consumer ring. Position p lives in slot p % capacity, lap
 * p / capacity. Each slot has a turn number: 2*lap means "empty, ready for the producer of lap",
 * 2*lap + 1 "full, ready for the consumer of lap". A producer claims position tail by CAS, writes
 * the element, then publishes turn 2*lap + 1; a consumer claims head by CAS, reads, then
 * publishes 2*lap + 2.
 *
 * <p>offer/poll never fail because a partner is in flight (claimed but not yet published): they
 * wait for it, so false/null mean the queue was really full/empty at the moment tail and head
 * were compared. Blocking put/take sleep on event-count words with atomic waiter counts.
 */
public final class BoundedQueue<E> {

    private final int capacity;
    private final Object[] values;
    private final AtomicLongArray turns;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicInteger notEmpty = new AtomicInteger();
    private final AtomicInteger notFull = new AtomicInteger();
    private final AtomicInteger takeWaiters = new AtomicInteger();
    private final AtomicInteger putWaiters = new AtomicInteger();

    public BoundedQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.values = new Object[capacity];
        this.turns = new AtomicLongArray(capacity); // all 0: empty, ready for lap 0
    }

    private static void backOff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield(); // the partner we wait for may have been descheduled
        }
    }

    public boolean offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        for (int spins = 0; ; spins++) {
            long pos = tail.get();
            int i = (int) (pos % capacity);
            long lap = pos / capacity;
            long turn = turns.get(i);
            if (turn == 2 * lap) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    values[i] = e;
                    turns.set(i, 2 * lap + 1);
                    if (takeWaiters.get() > 0) {
                        notEmpty.incrementAndGet();
                        Futex.wake(notEmpty, 1);
                    }
                    return true;
                }
            } else if (turn < 2 * lap) {
                // The slot still holds lap-1's element. Full, unless its consumer has claimed it.
                if (head.get() == pos - capacity) {
                    return false; // tail == pos and head == pos - capacity at this moment: full
                }
                backOff(spins);
            }
            // else: tail moved on since we read it; retry
        }
    }

    @SuppressWarnings("unchecked")
    public E poll() {
        for (int spins = 0; ; spins++) {
            long pos = head.get();
            int i = (int) (pos % capacity);
            long lap = pos / capacity;
            long turn = turns.get(i);
            if (turn == 2 * lap + 1) {
                if (head.compareAndSet(pos, pos + 1)) {
                    E e = (E) values[i];
                    values[i] = null;
                    turns.set(i, 2 * lap + 2);
                    if (putWaiters.get() > 0) {
                        notFull.incrementAndGet();
                        Futex.wake(notFull, 1);
                    }
                    return e;
                }
            } else if (turn < 2 * lap + 1) {
                if (tail.get() == pos) {
                    return null; // head == tail at this moment: empty
                }
                backOff(spins); // a producer claimed pos and is writing
            }
        }
    }

    public void put(E e) throws InterruptedException {
        if (e == null) {
            throw new NullPointerException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        while (!offer(e)) {
            putWaiters.incrementAndGet();
            int seq = notFull.get();
            if (offer(e)) {
                putWaiters.decrementAndGet();
                return;
            }
            if (Thread.interrupted()) {
                putWaiters.decrementAndGet();
                throw new InterruptedException();
            }
            Futex.await(notFull, seq);
            putWaiters.decrementAndGet();
        }
    }

    public E take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        for (;;) {
            E e = poll();
            if (e != null) {
                return e;
            }
            takeWaiters.incrementAndGet();
            int seq = notEmpty.get();
            e = poll();
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

    public int size() {
        long h = head.get();
        long t = tail.get();
        return (int) Math.max(0, Math.min(capacity, t - h));
    }

    public int capacity() {
        return capacity;
    }
}
