package ladder.grading;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One run of a scenario's body: its seed, a random source derived from it, and the tools a
 * body needs (crews of threads, learner calls that turn exceptions into verdicts, failures and
 * metrics).
 */
public final class Trial {

    /** A call into learner code that may throw anything. */
    @FunctionalInterface
    public interface LearnerCall {
        void run() throws Exception;
    }

    private final long seed;
    private final int index;
    private final SplittableRandom random;
    private final Map<String, String> metrics;

    Trial(long seed, int index, Map<String, String> metrics) {
        this.seed = seed;
        this.index = index;
        this.random = new SplittableRandom(seed);
        this.metrics = metrics;
    }

    /** The seed of this trial (shown in the verdict when it fails). */
    public long seed() {
        return seed;
    }

    /** 0 for the first trial of the scenario. */
    public int index() {
        return index;
    }

    /** Randomness for this trial; split it for each worker thread. */
    public SplittableRandom random() {
        return random;
    }

    /** A crew of {@code size} threads named {@code role-i} that run {@code body(i)}. Not started. */
    public Crew crew(String role, int size, Crew.WorkerBody body) {
        return new Crew(role, size, body, random.nextLong());
    }

    /** Builds the failure to throw: {@code throw trial.fail("two holders at once", "at most one holder")}. */
    public Violation fail(String observed, String expected) {
        return new Violation(observed, expected);
    }

    /** Throws a violation unless {@code ok}. */
    public void check(boolean ok, String observed, String expected) {
        if (!ok) {
            throw fail(observed, expected);
        }
    }

    /** Records a figure shown in the verdict, even on success (the last value wins). */
    public void metric(String name, Object value) {
        synchronized (metrics) {
            metrics.put(name, String.valueOf(value));
        }
    }

    /** A metric recorded by an earlier trial of this scenario, or null. */
    public String metric(String name) {
        synchronized (metrics) {
            return metrics.get(name);
        }
    }

    /** Calls learner code on the grader's thread: anything it throws becomes a crash verdict. */
    public void call(String what, LearnerCall call) {
        try {
            call.run();
        } catch (Violation | Hang | LearnerCrash e) {
            throw e;
        } catch (Throwable t) {
            throw new LearnerCrash(what, t);
        }
    }

    /** As {@link #call(String, LearnerCall)}, returning a value. */
    public <T> T call(String what, Callable<T> call) {
        try {
            return call.call();
        } catch (Violation | Hang | LearnerCrash e) {
            throw e;
        } catch (Throwable t) {
            throw new LearnerCrash(what, t);
        }
    }

    /**
     * Waits until {@code condition} holds, polling; returns false when {@code timeout} passes.
     * For observing other threads (a waiter has parked, a count has moved), not for learner code.
     */
    public static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(100_000L);
        }
        return true;
    }

    /** Whether {@code t} is parked or waiting (not runnable): it has gone to sleep in some call. */
    public static boolean isBlocked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
    }

    /** Waits until {@code t} blocks (parks, waits) or finishes; false when {@code timeout} passes first. */
    public static boolean awaitBlocked(Thread t, Duration timeout) {
        return eventually(timeout, () -> isBlocked(t) || t.getState() == Thread.State.TERMINATED);
    }

    /** Busy-waits for about {@code nanos}: widens race windows inside critical sections. */
    public static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    static Map<String, String> newMetrics() {
        return new LinkedHashMap<>();
    }
}
