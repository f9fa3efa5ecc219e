package ladder.level2;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import ladder.level0.Mutex;

/**
 * Level 2: a pool of reusable resources (database connections, say) that threads lease and
 * return, built on your {@link Mutex} and {@link ConditionVariable}.
 *
 * <p>The story: a service has ten database connections and a hundred request threads. A
 * request leases a connection with {@code acquire()}, waits while none is free, and gives it
 * back with {@code release}. This is HikariCP's and every connection pool's core, and the
 * textbook use of a condition variable: wait until "a resource is free", and when one is
 * returned, wake <em>one</em> waiter, because one resource can serve only one of them.
 *
 * <p>The invariant to keep: <b>every resource is either free in the pool or leased to exactly
 * one caller</b>, never both and never twice; and <b>no thread waits while a resource is
 * free</b>.
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>The constructor copies the resources: an empty collection throws
 *       {@link IllegalArgumentException}, a null element {@link NullPointerException}.</li>
 *   <li>{@code acquire()} waits (blocked, not spinning) while no resource is free. Re-check
 *       after every wake-up: the condition variable may wake you spuriously, or another thread
 *       may have taken the resource first.</li>
 *   <li>{@code acquire(timeout, unit)} returns {@code null} when the timeout elapses first, and
 *       then has taken nothing.</li>
 *   <li>An interrupt ends the wait with {@link InterruptedException}, and then nothing is taken.</li>
 *   <li>{@code release(r)} throws {@link IllegalArgumentException} unless {@code r} is currently
 *       leased from this pool (a stranger, a free one, a second release). Resources are told
 *       apart by identity ({@code ==}), as connections are.</li>
 *   <li>{@code release} wakes one waiter with {@code signal()}, not all of them: the grader
 *       measures wasted wake-ups per release. A waiter that leaves without a resource (timeout,
 *       interrupt) must not leave another waiter asleep while a resource is free.</li>
 *   <li>Allowed: {@code java.util} collections, atomics, your {@link Mutex} and
 *       {@link ConditionVariable}. Not allowed: {@code Semaphore}, blocking queues,
 *       {@code synchronized}, {@code wait/notify}.</li>
 * </ul>
 *
 * @param <R> the type of the pooled resources
 */
public final class ResourcePool<R> {

    // TODO: one Mutex guards everything below; one ConditionVariable means "a resource may be free".
    private final Mutex mutex = new Mutex();
    private final ConditionVariable notEmpty = new ConditionVariable();
    // TODO: the free resources, and the leased ones (by identity: Collections.newSetFromMap(new IdentityHashMap<>())).
    private final ArrayDeque<R> free = new ArrayDeque<>();
    private final Set<R> leased = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * Creates a pool holding {@code resources}, all free.
     *
     * @throws IllegalArgumentException if {@code resources} is empty
     * @throws NullPointerException if {@code resources} or any element is null
     */
    public ResourcePool(Collection<? extends R> resources) {
        // TODO: check the argument as the rules say, then put every resource in the free list.
        throw new UnsupportedOperationException("TODO ResourcePool(Collection)");
    }

    /**
     * Leases a free resource, waiting while none is free.
     *
     * @throws InterruptedException if interrupted while waiting (nothing is taken)
     */
    public R acquire() throws InterruptedException {
        // TODO: under the mutex: while nothing is free, await on the condition variable; then
        //       move one resource from free to leased and return it.
        throw new UnsupportedOperationException("TODO ResourcePool.acquire()");
    }

    /**
     * Leases a free resource, waiting at most {@code timeout}.
     *
     * @return the resource, or {@code null} if the timeout elapsed first (nothing is taken)
     * @throws InterruptedException if interrupted while waiting (nothing is taken)
     */
    public R acquire(long timeout, TimeUnit unit) throws InterruptedException {
        // TODO: as acquire(), with a deadline computed once (System.nanoTime() + unit.toNanos(timeout))
        //       and the timed await. Check "is one free?" before "is the time up?".
        throw new UnsupportedOperationException("TODO ResourcePool.acquire(long, TimeUnit)");
    }

    /**
     * Returns a leased resource to the pool and wakes one waiter.
     *
     * @throws IllegalArgumentException if {@code resource} is not currently leased from this pool
     */
    public void release(R resource) {
        // TODO: refuse what is not leased; move it back to free; signal ONE waiter.
        throw new UnsupportedOperationException("TODO ResourcePool.release(R)");
    }

    /** How many resources are free now (a snapshot). */
    public int available() {
        // TODO
        throw new UnsupportedOperationException("TODO ResourcePool.available()");
    }
}
