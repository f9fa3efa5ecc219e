package ladder.level2;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import ladder.level0.Mutex;

/**
 * Corpus variant PoolHandOff (correct): a fair pool with direct hand-off. Each waiter queues a
 * record with its own ConditionVariable; release gives the resource straight to the oldest waiter
 * (no barging) and signals that waiter's own condition variable, so exactly the right thread wakes.
 * A waiter that leaves (timeout, interrupt) after being handed a resource hands it on to the next
 * waiter, or back to the free list; an interrupt wins over a hand-off.
 */
public final class ResourcePool<R> {

    private static final class Waiter<R> {
        final ConditionVariable turn = new ConditionVariable();
        R given; // guarded by the pool's mutex
    }

    private final Mutex mutex = new Mutex();
    private final ArrayDeque<R> free = new ArrayDeque<>();
    private final Map<R, Boolean> leased = new IdentityHashMap<>();
    private final ArrayDeque<Waiter<R>> waiters = new ArrayDeque<>();
    private volatile int freeCount;

    public ResourcePool(Collection<? extends R> resources) {
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("empty pool");
        }
        for (R r : resources) {
            free.addLast(Objects.requireNonNull(r, "null resource"));
        }
        freeCount = free.size();
    }

    public R acquire() throws InterruptedException {
        return acquire(false, 0L);
    }

    public R acquire(long timeout, TimeUnit unit) throws InterruptedException {
        return acquire(true, unit.toNanos(timeout));
    }

    private R acquire(boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + nanos;
        mutex.lock();
        try {
            if (!free.isEmpty()) { // waiters exist only while nothing is free
                R r = free.pollFirst();
                leased.put(r, Boolean.TRUE);
                freeCount = free.size();
                return r;
            }
            if (timed && nanos <= 0L) {
                return null;
            }
            Waiter<R> me = new Waiter<>();
            waiters.addLast(me);
            try {
                while (me.given == null) {
                    if (timed) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0L) {
                            waiters.remove(me);
                            return null;
                        }
                        me.turn.await(mutex, left, TimeUnit.NANOSECONDS);
                    } else {
                        me.turn.await(mutex);
                    }
                }
                return me.given; // already recorded as leased by release
            } catch (InterruptedException e) {
                if (me.given != null) {
                    handOver(me.given); // the interrupt wins: pass the resource on
                } else {
                    waiters.remove(me);
                }
                throw e;
            }
        } finally {
            mutex.unlock();
        }
    }

    public void release(R resource) {
        Objects.requireNonNull(resource, "resource");
        mutex.lock();
        try {
            if (!leased.containsKey(resource)) {
                throw new IllegalArgumentException("not leased from this pool: " + resource);
            }
            handOver(resource);
        } finally {
            mutex.unlock();
        }
    }

    /** Call only when holding the mutex, with a resource recorded as leased. */
    private void handOver(R r) {
        Waiter<R> next = waiters.pollFirst();
        if (next != null) {
            next.given = r; // stays in leased, now for the next waiter
            next.turn.signal();
        } else {
            leased.remove(r);
            free.addFirst(r);
            freeCount = free.size();
        }
    }

    public int available() {
        return freeCount;
    }
}
