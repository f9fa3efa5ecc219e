package ladder.level3;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Level 3: a count-down latch, a one-time gate built from one atomic counter and {@link Futex}.
 *
 * <p>The story: a service starts five subsystems in parallel and must not accept requests before
 * all five are up. Each subsystem calls {@code countDown()} when it is ready; the request threads
 * call {@code await()} and sleep until the count reaches zero. Once open, the gate stays open
 * forever: a request thread that arrives an hour later walks straight through.
 *
 * <p>The invariant to keep: <b>the count never goes below zero and never goes up; it reaches zero
 * exactly once, and from that moment every {@code await()} returns at once</b>. Everything a
 * counting thread wrote before its {@code countDown()} is visible to every thread after its
 * {@code await()}.
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>{@code new CountDownLatch(n)}: {@code n < 0} throws {@link IllegalArgumentException};
 *       {@code n == 0} makes a latch that is open from the start.</li>
 *   <li>{@code countDown()} takes one off the count, never below zero (on an open latch it does
 *       nothing). Many threads count down at once: no decrement may be lost.</li>
 *   <li>{@code await()} waits until the count is zero. Waiting must block (in {@link Futex#await}),
 *       not spin, and must survive spurious wake-ups: re-check after every return.</li>
 *   <li>{@code await(timeout, unit)} returns {@code true} as soon as the count is zero and
 *       {@code false} only once the whole timeout has elapsed.</li>
 *   <li>Both {@code await}s are interruptible: an interrupted waiter throws
 *       {@link InterruptedException} and leaves the latch as it was.</li>
 *   <li>Allowed: {@code java.util.concurrent.atomic}, {@code LockSupport}, {@code Thread.onSpinWait}
 *       and {@link Futex}. Not allowed: {@code synchronized}, {@code wait/notify},
 *       {@code java.util.concurrent.CountDownLatch} and the other synchronizers.</li>
 * </ul>
 *
 * <p>Run {@code ladder lesson level3} to read the lesson, {@code ladder hint level3} when stuck,
 * and {@code ladder check level3} to grade.
 */
public final class CountDownLatch {

    // TODO: the count. One AtomicInteger is enough, and Futex can sleep on it directly.
    private final AtomicInteger count;

    /**
     * Creates a latch that opens after {@code count} calls to {@link #countDown()}.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public CountDownLatch(int count) {
        // TODO: refuse a negative count; store the count.
        throw new UnsupportedOperationException("TODO CountDownLatch(int)");
    }

    /** Takes one off the count, never below zero; the call that reaches zero wakes every waiter. */
    public void countDown() {
        // TODO: a compare-and-set loop that stops at zero. Which single call must wake the waiters?
        throw new UnsupportedOperationException("TODO CountDownLatch.countDown()");
    }

    /**
     * Waits (blocked, not spinning) until the count is zero; returns at once if it already is.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    public void await() throws InterruptedException {
        // TODO: loop: interrupted? throw. Count zero? return. Otherwise sleep on the count with
        //       Futex.await, which only sleeps if the word still holds the value you just read.
        throw new UnsupportedOperationException("TODO CountDownLatch.await()");
    }

    /**
     * Waits until the count is zero or the timeout elapses.
     *
     * @return {@code true} if the count reached zero, {@code false} if the timeout elapsed first
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        // TODO: as await(), with a deadline from System.nanoTime(). A return from Futex.await only
        //       means "look again": decide true or false from the count and the clock, not from it.
        throw new UnsupportedOperationException("TODO CountDownLatch.await(long, TimeUnit)");
    }

    /** How many more {@code countDown()} calls open the latch (0 once it is open). */
    public long getCount() {
        // TODO
        throw new UnsupportedOperationException("TODO CountDownLatch.getCount()");
    }
}
