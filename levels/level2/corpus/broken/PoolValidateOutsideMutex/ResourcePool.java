package ladder.level2;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import ladder.level0.Mutex;

/**
 * Corpus variant PoolValidateOutsideMutex (BROKEN): double lease: acquire picks a resource under the mutex, validates it outside, and takes it in a second critical section, so two threads can take the same one
 */
public final class ResourcePool<R> {

    private final Mutex mutex = new Mutex();
    private final ConditionVariable notEmpty = new ConditionVariable();
    /** The free resources. Guarded by mutex. */
    private final ArrayDeque<R> free;
    /** The leased resources, by identity. Guarded by mutex. */
    private final Set<R> leased = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Threads waiting in acquire. Guarded by mutex. */
    private int waiting;
    /** free.size(), written under mutex, read anywhere. */
    private volatile int freeCount;

    /**
     * Creates a pool holding {@code resources}, all free.
     *
     * @throws IllegalArgumentException if {@code resources} is empty or holds the same object twice
     * @throws NullPointerException if {@code resources} or any element is null
     */
    public ResourcePool(Collection<? extends R> resources) {
        Objects.requireNonNull(resources, "resources");
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one resource");
        }
        Set<R> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<R> copy = new ArrayDeque<>(resources.size());
        for (R r : resources) {
            Objects.requireNonNull(r, "null resource");
            if (!seen.add(r)) {
                throw new IllegalArgumentException("the same resource twice: " + r);
            }
            copy.addLast(r);
        }
        this.free = copy;
        this.freeCount = copy.size(); // volatile write: publishes the pool's state with it
    }

    /**
     * Leases a free resource, waiting while none is free.
     *
     * @return a resource, now leased to the caller
     * @throws InterruptedException if interrupted before a resource was taken (nothing is taken)
     */
    public R acquire() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        mutex.lock();
        try {
            while (free.isEmpty()) {
                waiting++;
                try {
                    notEmpty.await(mutex);
                } catch (InterruptedException e) {
                    waiting--;
                    passOn();
                    throw e;
                }
                waiting--;
            }
            R r = free.peekFirst(); // picked under the mutex ...
            mutex.unlock();
            validate(r);            // ... checked outside it (a slow "is the connection alive?") ...
            mutex.lock();           // ... and taken in a second critical section: another thread may have picked it too
            free.remove(r);
            leased.add(r);
            freeCount = free.size();
            return r;
        } finally {
            mutex.unlock();
        }
    }

    private static void validate(Object r) {
        java.util.concurrent.locks.LockSupport.parkNanos(10_000L); // a liveness ping to the server, say
    }

    /**
     * Leases a free resource, waiting at most {@code timeout}.
     *
     * @return a resource, now leased to the caller, or {@code null} if the timeout elapsed first
     * @throws InterruptedException if interrupted before a resource was taken (nothing is taken)
     * @throws NullPointerException if {@code unit} is null
     */
    public R acquire(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + nanos;
        mutex.lock();
        try {
            while (free.isEmpty()) {
                if (nanos <= 0L) {
                    return null; // free is empty: no wake-up to pass on
                }
                waiting++;
                try {
                    notEmpty.await(mutex, nanos, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    waiting--;
                    passOn();
                    throw e;
                }
                waiting--;
                nanos = deadline - System.nanoTime();
            }
            return take();
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Returns {@code resource} to the pool and wakes one waiting thread, if any.
     *
     * @throws IllegalArgumentException if {@code resource} is not currently leased from this pool
     * @throws NullPointerException if {@code resource} is null
     */
    public void release(R resource) {
        Objects.requireNonNull(resource, "resource");
        mutex.lock();
        try {
            if (!leased.remove(resource)) {
                throw new IllegalArgumentException("not leased from this pool: " + resource);
            }
            free.addFirst(resource); // LIFO reuse keeps the most recently used resource warm
            freeCount = free.size();
            if (waiting > 0) {
                notEmpty.signal(); // one resource, one waiter
            }
        } finally {
            mutex.unlock();
        }
    }

    /** How many resources are free now (a snapshot that may be stale as soon as it returns). */
    public int available() {
        return freeCount;
    }

    /** Call only when holding mutex and free is not empty. */
    private R take() {
        R r = free.pollFirst();
        leased.add(r);
        freeCount = free.size();
        return r;
    }

    /** Call only when holding mutex, when leaving the wait loop without a resource. */
    private void passOn() {
        if (!free.isEmpty() && waiting > 0) {
            notEmpty.signal();
        }
    }
}
