package ladder.level2;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import ladder.level0.Mutex;
import ladder.toolkit.Futex;

/**
 * Corpus variant CvThrowsBeforeRelock (BROKEN): interrupt: await throws InterruptedException without re-acquiring the mutex
 */
public final class ConditionVariable {

    /** Incremented by every signal and signalAll; the word waiters sleep on. */
    private final AtomicInteger seq = new AtomicInteger();

    /** Creates a condition variable with no waiters. */
    public ConditionVariable() {}

    /**
     * Releases {@code mutex}, waits until signalled, interrupted or woken spuriously, and
     * acquires {@code mutex} again before returning or throwing.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold {@code mutex}
     * @throws InterruptedException if the thread was interrupted (the mutex is held again)
     */
    public void await(Mutex mutex) throws InterruptedException {
        requireHeld(mutex);
        if (Thread.interrupted()) {
            throw new InterruptedException(); // still holding the mutex: nothing to undo
        }
        int observed = lvSeq(); // while holding the mutex: see the implementation overview
        mutex.unlock();
        Futex.await(seq, observed);
        if (Thread.interrupted()) {
            throw new InterruptedException(); // thrown before taking the mutex back
        }
        mutex.lock();
    }

    /**
     * As {@link #await(Mutex)}, giving up once {@code timeout} has elapsed. A timeout of zero or
     * less does not wait (the mutex is still released and acquired again).
     *
     * @return {@code false} if the timeout elapsed without a signal, {@code true} otherwise
     *     (signalled, or spuriously before the timeout)
     * @throws IllegalMonitorStateException if the calling thread does not hold {@code mutex}
     * @throws InterruptedException if the thread was interrupted (the mutex is held again)
     * @throws NullPointerException if {@code unit} is null
     */
    public boolean await(Mutex mutex, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        requireHeld(mutex);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long nanos = unit.toNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        int observed = lvSeq();
        mutex.unlock();
        if (nanos > 0L) {
            Futex.await(seq, observed, nanos, TimeUnit.NANOSECONDS);
        }
        mutex.lock();
        boolean signalled = lvSeq() != observed;
        if (Thread.interrupted()) {
            if (signalled) {
                Thread.currentThread().interrupt();
                return true;
            }
            throw new InterruptedException();
        }
        // A spurious return after the deadline is a timeout: false means "time is up, no signal".
        return signalled || deadline - System.nanoTime() > 0L;
    }

    /**
     * Waits until {@code predicate} is true, evaluating it while holding {@code mutex}; returns
     * at once if it already is.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold {@code mutex}
     * @throws InterruptedException if the thread was interrupted (the mutex is held again)
     * @throws NullPointerException if {@code predicate} is null
     */
    public void awaitUntil(Mutex mutex, BooleanSupplier predicate) throws InterruptedException {
        Objects.requireNonNull(predicate, "predicate");
        requireHeld(mutex);
        while (!predicate.getAsBoolean()) {
            await(mutex);
        }
    }

    /** Wakes one waiting thread, if any. */
    public void signal() {
        seq.incrementAndGet(); // before the wake: a waiter about to sleep sees the change
        Futex.wake(seq, 1);
    }

    /** Wakes every waiting thread. */
    public void signalAll() {
        seq.incrementAndGet();
        Futex.wakeAll(seq);
    }

    private int lvSeq() {
        return seq.get();
    }

    private static void requireHeld(Mutex mutex) {
        if (!mutex.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("await by a thread that does not hold the Mutex");
        }
    }
}
