package ladder.level2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import ladder.level0.Mutex;

/**
 * Corpus variant PoolCascade (correct): free resources in a stack (ArrayList), leases in an
 * identity map, waiting through awaitUntil. Release signals one waiter if anyone waits; a thread
 * that takes a resource and sees more free while others still wait signals the next one (a
 * cascade), and so does a thread that leaves without a resource: nobody sleeps while a resource is
 * free. available() takes the mutex.
 */
public final class ResourcePool<R> {

    private final Mutex mutex = new Mutex();
    private final ConditionVariable changed = new ConditionVariable();
    private final ArrayList<R> free = new ArrayList<>();
    private final Map<R, Boolean> leased = new IdentityHashMap<>();
    private int waiting;

    public ResourcePool(Collection<? extends R> resources) {
        for (R r : resources) {
            free.add(Objects.requireNonNull(r, "null resource"));
        }
        if (free.isEmpty()) {
            throw new IllegalArgumentException("empty pool");
        }
    }

    public R acquire() throws InterruptedException {
        mutex.lock();
        try {
            waiting++;
            try {
                changed.awaitUntil(mutex, () -> !free.isEmpty());
            } finally {
                waiting--;
            }
            return takeAndCascade();
        } catch (InterruptedException e) {
            cascade();
            throw e;
        } finally {
            mutex.unlock();
        }
    }

    public R acquire(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        mutex.lock();
        try {
            waiting++;
            try {
                while (free.isEmpty()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0L) {
                        return null;
                    }
                    changed.await(mutex, left, TimeUnit.NANOSECONDS);
                }
            } finally {
                waiting--;
            }
            return takeAndCascade();
        } catch (InterruptedException e) {
            cascade();
            throw e;
        } finally {
            mutex.unlock();
        }
    }

    public void release(R resource) {
        mutex.lock();
        try {
            if (resource == null || leased.remove(resource) == null) {
                throw new IllegalArgumentException("not leased from this pool: " + resource);
            }
            free.add(resource);
            if (waiting > 0) {
                changed.signal();
            }
        } finally {
            mutex.unlock();
        }
    }

    public int available() {
        mutex.lock();
        try {
            return free.size();
        } finally {
            mutex.unlock();
        }
    }

    /** Call only when holding the mutex, with something free. */
    private R takeAndCascade() {
        R r = free.remove(free.size() - 1);
        leased.put(r, Boolean.TRUE);
        cascade();
        return r;
    }

    /** Call only when holding the mutex: wake the next waiter if something is still free. */
    private void cascade() {
        if (!free.isEmpty() && waiting > 0) {
            changed.signal();
        }
    }
}
