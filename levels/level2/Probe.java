package level2;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.grading.Trial;
import ladder.grading.Violation;

/**
 * An occupancy probe for the Mutex's critical section: every thread of a scenario calls
 * {@link #enter} right after it comes to hold the Mutex (after {@code lock()}, or when an
 * {@code await} returns) and {@link #leave} right before it gives it up (before {@code unlock()},
 * or before calling {@code await}). Two threads inside at once means an {@code await} returned
 * without holding the Mutex alone.
 */
final class Probe {
    private final AtomicInteger inside = new AtomicInteger();
    private volatile String holder = "?";

    void enter(Trial t, String who, String how) {
        int n = inside.incrementAndGet();
        if (n != 1) {
            String other = holder;
            inside.decrementAndGet();
            throw t.fail(who + " " + how + " while " + other + " was still inside the Mutex (" + n + " threads at once)",
                    "await() returns (or throws) only once its caller holds the Mutex again, alone");
        }
        holder = who;
    }

    void leave() {
        inside.decrementAndGet();
    }

    /** Checks that the learner's Mutex agrees that {@code who} holds it after {@code how}. */
    static void held(Trial t, boolean held, String who, String how) {
        if (!held) {
            Violation v = t.fail(who + "'s " + how + ", and then isHeldByCurrentThread() was false: the caller did not hold the Mutex",
                    "every form of await holds the Mutex again when it returns or throws");
            throw v.detail("Lock the mutex again before you return or throw, on every path (signal, timeout, interrupt, spurious wake-up).");
        }
    }
}
