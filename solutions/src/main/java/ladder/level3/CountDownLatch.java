package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * A one-shot gate built from one atomic counter and the toolkit's {@link Futex}: threads that
 * call {@link #await()} wait until {@link #countDown()} has been called {@code count} times.
 *
 * <p>The count starts at the value given to the constructor and only goes down: each
 * {@code countDown()} takes one off, never below zero, and the call that takes it to zero opens
 * the gate for good. From then on every {@code await()}, past or future, returns at once; there
 * is no way to close the gate again (use a {@link CyclicBarrier} for a gate that re-arms). A
 * latch created with a count of zero is open from the start.
 *
 * <p>Waiting threads are parked, not spinning. {@code await} is interruptible: a thread
 * interrupted before or while it waits throws {@link InterruptedException}, clears its interrupt
 * status, and leaves the latch exactly as it was (the count is untouched, the other waiters keep
 * waiting).
 *
 * <p><b>Memory consistency effects:</b> until the count reaches zero, actions in a thread prior
 * to calling {@code countDown()} <i>happen-before</i> actions following a successful return from
 * a corresponding {@code await()} in another thread. Plain fields that the counting threads wrote
 * before counting down are therefore visible to every thread that got through {@code await()}.
 */
public final class CountDownLatch {

    /*
     * Implementation overview.
     *
     * The invariant: count >= 0 at all times, it never goes up, and it is 0 iff the latch is
     * open. The whole state is that one word, so there is nothing to keep consistent with
     * anything else.
     *
     *   count (AtomicInteger)  the number of countDown() calls still needed. It is also the futex
     *                          word: waiters sleep on it with Futex.await(count, c).
     *
     * countDown(): a CAS loop c -> c - 1 that refuses to move when c is already 0 (a plain
     * decrementAndGet would go negative, and a get-then-set would lose concurrent decrements).
     * Exactly one call sees c == 1 succeed, and that call wakes every sleeper: the release
     * happens once.
     *
     * await(): read c; if 0, done. Otherwise Futex.await(count, c) sleeps only if the word still
     * reads c, atomically with respect to Futex.wake. The last countDown writes 0 *before* it
     * calls wakeAll, so a waiter either saw 0 (and never slept) or was queued (and is woken):
     * no wake-up is lost. Earlier countDowns change the word without waking anyone; a sleeper
     * with a stale c is still woken by the final wakeAll, which does not compare values. Every
     * return from Futex.await is only "look again" (woken, value changed, spurious, interrupted),
     * so the check runs in a loop.
     *
     * Memory ordering: every successful CAS is a volatile read-modify-write of count, and the
     * CASes form one chain in count's modification order, so a countDown happens-before every
     * later CAS and every read that sees its value or a later one. A waiter leaves only after a
     * volatile read of count that returned 0, which is the value written by the last CAS in
     * that chain: everything written before any countDown is visible to it.
     *
     * Benign races: none. The count is the only shared state, and it is only ever read or
     * changed atomically.
     */

    private final AtomicInteger count;

    /**
     * Creates a latch that opens after {@code count} calls to {@link #countDown()}.
     *
     * @param count the number of {@code countDown()} calls needed to open the latch (0: open now)
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public CountDownLatch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        this.count = new AtomicInteger(count);
    }

    /**
     * Decrements the count, opening the latch (and waking every waiting thread) when it reaches
     * zero. Does nothing when the count is already zero.
     */
    public void countDown() {
        for (;;) {
            int c = count.get();
            if (c == 0) {
                return; // already open: the count never goes below zero
            }
            if (count.compareAndSet(c, c - 1)) {
                if (c == 1) {
                    Futex.wakeAll(count); // this call opened the latch: release everyone, once
                }
                return;
            }
        }
    }

    /**
     * Waits until the count reaches zero. Returns at once if it already has.
     *
     * @throws InterruptedException if the calling thread is interrupted before or while waiting
     *     (its interrupt status is cleared)
     */
    public void await() throws InterruptedException {
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int c = count.get();
            if (c == 0) {
                return;
            }
            Futex.await(count, c); // sleeps only while the word still reads c
        }
    }

    /**
     * Waits until the count reaches zero or the timeout elapses, whichever comes first.
     *
     * @param timeout the longest time to wait; zero or less means "do not wait"
     * @param unit    the unit of {@code timeout}
     * @return {@code true} if the count reached zero, {@code false} if the timeout elapsed first
     * @throws InterruptedException if the calling thread is interrupted before or while waiting
     *     (its interrupt status is cleared)
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (count.get() == 0) {
            return true;
        }
        if (nanos <= 0L) {
            return false;
        }
        long deadline = System.nanoTime() + nanos;
        for (;;) {
            int c = count.get();
            if (c == 0) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0L) {
                return false;
            }
            Futex.await(count, c, left, TimeUnit.NANOSECONDS); // a return only means "look again"
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** The current count: how many more {@code countDown()} calls open the latch (0 once open). */
    public long getCount() {
        return count.get();
    }

    @Override
    public String toString() {
        return super.toString() + "[count=" + count.get() + "]";
    }
}
