package ladder.level7;

import java.util.concurrent.atomic.AtomicIntegerArray;

import ladder.toolkit.EventLoop;

/**
 * Level 7: waiting without a thread. Java's counterpart of ECMAScript's {@code Atomics.waitAsync}.
 *
 * <p>The story: a JavaScript page cannot block its main thread, yet it shares memory with
 * workers and must wait for them. {@code Atomics.waitAsync(array, index, value, timeout)} answers
 * at once and, when it has to wait, hands back a promise that the event loop resolves when
 * another agent calls {@code Atomics.notify} on that element, or when the timeout passes. It is
 * the futex of Level 0 with the sleeping thread replaced by a promise: the same "check the value,
 * then wait" protocol, the same lost-wake-up trap, and one more: a waiter that times out must
 * leave nothing behind.
 *
 * <p>The invariant to keep: <b>every waiter that got a promise is in its element's FIFO list until
 * it is resolved, and it is resolved exactly once: "ok" by the notify that counted it, or
 * "timed-out" by its timer, never both, always on the loop's thread.</b>
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>{@code waitAsync}: if {@code array[index] != expected}, return {@code (false, "not-equal", null)};
 *       else if the timeout is 0 or negative, {@code (false, "timed-out", null)}; else enqueue and
 *       return {@code (true, null, promise)}. {@code Long.MAX_VALUE} waits forever (no timer).</li>
 *   <li>{@code notify}: wake up to {@code count} waiters of that element, oldest first, and return
 *       how many; {@code count <= 0} wakes none. Their promises resolve "ok", on the loop, in the
 *       order they were woken.</li>
 *   <li>A timed-out waiter resolves "timed-out" and removes itself; a woken waiter's timer is
 *       cancelled ({@code EventLoop.Timer.cancel()}). Nothing may keep a resolved waiter, its
 *       promise or its array reachable: remove empty lists too.</li>
 *   <li>A store followed by {@code notify} must never miss a waiter that checked the value just
 *       before the store: check the value again after enqueueing.</li>
 *   <li>Resolve promises only on the loop: {@code loop.execute(...)} from other threads; timers
 *       already run on the loop.</li>
 *   <li>Bad index: {@code IndexOutOfBoundsException}; null array: {@code NullPointerException}.</li>
 *   <li>Allowed: atomics, {@code ConcurrentHashMap} (to find an element's list, keyed by the array's
 *       identity and the index) and {@code ConcurrentLinkedQueue} (for the lists): the lesson is the
 *       protocol, not the list. Not allowed: {@code synchronized}, locks, blocking queues.</li>
 * </ul>
 */
public final class AsyncAtomics {

    // TODO: the waiter lists, one per (array, index) that has waiters. A record Address(array, index)
    //       works as a map key: AtomicIntegerArray compares by identity.
    // TODO: a Waiter: its promise, its timer, and a state word (WAITING, NOTIFIED, TIMED_OUT, ...)
    //       that notify and the timer both try to move with one compare-and-set.

    /** Creates waiting support whose promises are resolved on {@code loop}. */
    public AsyncAtomics(EventLoop loop) {
        // TODO: keep the loop.
        throw new UnsupportedOperationException("TODO AsyncAtomics(EventLoop)");
    }

    /**
     * Waits asynchronously until {@code array[index]} is notified, if it holds {@code expected}.
     * {@code timeoutMillis}: {@code Long.MAX_VALUE} waits forever, a negative value counts as 0.
     */
    public WaitAsyncResult waitAsync(AtomicIntegerArray array, int index, int expected, long timeoutMillis) {
        // TODO: validate; "not-equal" first, then "timed-out"; otherwise enqueue a waiter, re-check
        //       the value (a store + notify may have slipped in), and schedule its timer.
        throw new UnsupportedOperationException("TODO AsyncAtomics.waitAsync()");
    }

    /** Wakes up to {@code count} waiters of {@code array[index]}, oldest first; returns how many. */
    public int notify(AtomicIntegerArray array, int index, int count) {
        // TODO: validate; take waiters from the head, claim each with a CAS (skip ones that timed
        //       out), cancel their timers, and resolve their promises "ok" on the loop, in order.
        throw new UnsupportedOperationException("TODO AsyncAtomics.notify()");
    }
}
