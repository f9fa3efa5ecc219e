package ladder.level1;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Level 1: a bounded blocking queue, the producer/consumer buffer.
 *
 * <p>The story: producers hand work to consumers through a buffer of fixed size. When the buffer
 * is full, producers must wait (that waiting is <em>backpressure</em>: it slows a fast producer
 * down to the pace of its consumers instead of letting memory grow without bound); when it is
 * empty, consumers must wait. Thread pools, logging pipelines and Go's buffered channels all
 * sit on this structure. Your job is to make many producers and consumers share it without ever
 * losing, duplicating or reordering an element, and to let the waiting ones sleep.
 *
 * <p>The invariant to keep: <b>the queue holds between 0 and {@code capacity} elements, in the
 * order they were put, and every element put is taken exactly once.</b>
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>{@code put} waits while the queue is full; {@code take} waits while it is empty. Waiting
 *       must block (in {@link Futex#await} or {@code LockSupport.park}), not spin for the whole
 *       wait. Re-check the condition after every wake-up: wake-ups can be spurious, and another
 *       thread may have taken the element (or the free slot) you were woken for.</li>
 *   <li>{@code offer} and {@code poll} never wait: {@code offer} returns {@code false} only if
 *       the queue was full, {@code poll} returns {@code null} only if it was empty.</li>
 *   <li>Elements come out in the order they went in (first in, first out).</li>
 *   <li>{@code put}/{@code take} respond to interruption by throwing
 *       {@link InterruptedException}, and an interrupted call changes nothing: a {@code put}
 *       that throws did not insert, a {@code take} that throws did not remove. (Called with the
 *       interrupt status already set, they may throw at once or complete without waiting.)</li>
 *   <li>Bad input: {@code capacity < 1} throws {@link IllegalArgumentException}, a null element
 *       throws {@link NullPointerException}.</li>
 *   <li>Allowed: {@code java.util.concurrent.atomic}, {@code VarHandle}, {@code LockSupport},
 *       {@code Thread.onSpinWait}, {@link Futex}, plain {@code java.util} collections guarded by
 *       a lock you build from atomics. Not allowed: {@code synchronized}, {@code wait/notify},
 *       {@code java.util.concurrent.locks} (but {@code LockSupport}), and any queue of
 *       {@code java.util.concurrent}.</li>
 * </ul>
 *
 * <p>Run {@code ladder lesson level1} to read the lesson, {@code ladder hint level1} when stuck,
 * and {@code ladder check level1} to grade.
 *
 * @param <E> the type of the elements
 */
public final class BoundedQueue<E> {

    // TODO: where the elements live (a ring of capacity slots is the classic choice) and the
    //       indices or counts that say which slots are full. Decide which of them a lock guards
    //       and which are atomic.

    // TODO: what a waiting thread sleeps on. Futex.await sleeps on an AtomicInteger: one word
    //       for "not empty any more" and one for "not full any more" lets a put wake a taker
    //       and not another putter.
    private final AtomicInteger notEmpty = new AtomicInteger();
    private final AtomicInteger notFull = new AtomicInteger();

    /**
     * Creates an empty queue that holds at most {@code capacity} elements.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public BoundedQueue(int capacity) {
        // TODO: refuse impossible capacities; allocate the storage.
        throw new UnsupportedOperationException("TODO BoundedQueue(int capacity)");
    }

    /**
     * Inserts {@code e} at the tail, waiting (blocked, not spinning) while the queue is full.
     *
     * @throws InterruptedException if interrupted while waiting; the element was then not inserted
     * @throws NullPointerException if {@code e} is null
     */
    public void put(E e) throws InterruptedException {
        // TODO: while full, sleep until a take may have made room (re-check after every wake-up);
        //       then insert, and wake a sleeping taker if there is one.
        throw new UnsupportedOperationException("TODO BoundedQueue.put()");
    }

    /**
     * Retrieves and removes the oldest element, waiting (blocked, not spinning) while the queue
     * is empty.
     *
     * @throws InterruptedException if interrupted while waiting; nothing was then removed
     */
    public E take() throws InterruptedException {
        // TODO: while empty, sleep until a put may have added something (re-check after every
        //       wake-up); then remove the oldest element, and wake a sleeping putter if any.
        throw new UnsupportedOperationException("TODO BoundedQueue.take()");
    }

    /**
     * Inserts {@code e} if there is room; never waits.
     *
     * @return {@code false} only if the queue was full
     * @throws NullPointerException if {@code e} is null
     */
    public boolean offer(E e) {
        // TODO: as put, but return false instead of waiting.
        throw new UnsupportedOperationException("TODO BoundedQueue.offer()");
    }

    /**
     * Retrieves and removes the oldest element if there is one; never waits.
     *
     * @return the oldest element, or {@code null} only if the queue was empty
     */
    public E poll() {
        // TODO: as take, but return null instead of waiting.
        throw new UnsupportedOperationException("TODO BoundedQueue.poll()");
    }

    /** The number of elements in the queue: never negative, never above {@link #capacity()}. */
    public int size() {
        // TODO
        throw new UnsupportedOperationException("TODO BoundedQueue.size()");
    }

    /** The most elements this queue holds, as given to the constructor. */
    public int capacity() {
        // TODO
        throw new UnsupportedOperationException("TODO BoundedQueue.capacity()");
    }
}
