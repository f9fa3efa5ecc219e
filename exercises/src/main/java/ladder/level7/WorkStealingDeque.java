package ladder.level7;

/**
 * Level 7: a work-stealing deque (Chase-Lev), the heart of ForkJoinPool and of Go's scheduler.
 *
 * <p>The story: a scheduler gives every worker thread its own queue of tasks. A worker pushes the
 * tasks it spawns and pops them back, newest first (they are hot in its cache), with no atomic
 * read-modify-write at all in the common case. An idle worker steals from another's queue, oldest
 * first (the biggest chunks of work), with one compare-and-set. Owner and thieves only meet on the
 * last element.
 *
 * <p>The invariant to keep: <b>every element pushed is taken exactly once, by the owner's pop or
 * by one thief's steal</b>: never lost, never twice, including the race for the last element and
 * while the array grows.
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>The thread that calls the constructor owns the deque. {@code push} and {@code pop} by any
 *       other thread: {@code IllegalStateException}. {@code push(null)}: {@code NullPointerException},
 *       checked before ownership.</li>
 *   <li>{@code pop} takes the newest element (LIFO), {@code steal} the oldest (FIFO); both return
 *       null when the deque is empty, and {@code steal} may also return null when it lost a race.</li>
 *   <li>It grows without bound: double a circular array when it is full.</li>
 *   <li>{@code size()} is an estimate: never negative, exact when no operation is running.</li>
 *   <li>Allowed: atomics, {@code VarHandle} ({@code VarHandle.fullFence()}). Not allowed:
 *       {@code ConcurrentLinkedDeque}, {@code ForkJoinPool} and the blocking deques.</li>
 * </ul>
 */
public final class WorkStealingDeque<E> {

    // TODO: top (thieves take here, with a CAS), bottom (the owner pushes and pops here), a
    //       circular array whose length is a power of two, and the owner thread.

    /** Creates an empty deque owned by the calling thread. */
    public WorkStealingDeque() {
        // TODO: remember the owner; allocate a small array.
        throw new UnsupportedOperationException("TODO WorkStealingDeque()");
    }

    /** Pushes {@code e} at the bottom (owner only). */
    public void push(E e) {
        // TODO: null check, then owner check; grow if full (copy indices top..bottom-1 into an array
        //       twice as large, and leave the old one intact); write the slot, then publish bottom + 1.
        throw new UnsupportedOperationException("TODO WorkStealingDeque.push()");
    }

    /** Pops the newest element, or null if empty (owner only). */
    public E pop() {
        // TODO: store bottom - 1, then a full fence, then read top. One element left? Race the
        //       thieves for it with a CAS on top, and restore bottom either way.
        throw new UnsupportedOperationException("TODO WorkStealingDeque.pop()");
    }

    /** Steals the oldest element, or returns null if empty or if this thief lost a race (any thread). */
    public E steal() {
        // TODO: read top, then bottom; read the element BEFORE the CAS on top (after it, the slot may
        //       be reused); a failed CAS means another thread took it: return null.
        throw new UnsupportedOperationException("TODO WorkStealingDeque.steal()");
    }

    /** An estimate of the number of elements: never negative, exact when no operation is running. */
    public int size() {
        // TODO
        throw new UnsupportedOperationException("TODO WorkStealingDeque.size()");
    }
}
