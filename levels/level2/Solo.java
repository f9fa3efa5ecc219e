package level2;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.StackReports;

/**
 * One call into learner code on its own daemon thread, so that the grader's thread never blocks
 * in learner code: a call that should throw at once but waits instead becomes a verdict, not a
 * grader stuck until the JVM is killed.
 */
final class Solo<T> {

    /** The learner call. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    private final String name;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile T value;
    private volatile Throwable thrown;
    private volatile long nanos;

    private Solo(String name, Body<T> body) {
        this.name = name;
        this.thread = new Thread(() -> {
            long start = System.nanoTime();
            try {
                value = body.run();
            } catch (Throwable t) {
                thrown = t;
            } finally {
                nanos = System.nanoTime() - start;
                done.countDown();
            }
        }, name);
        thread.setDaemon(true);
    }

    static <T> Solo<T> start(String name, Body<T> body) {
        Solo<T> s = new Solo<>(name, body);
        s.thread.start();
        return s;
    }

    /** Whether the call ended (returned or threw) within {@code timeout}. */
    boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean finished() {
        return done.getCount() == 0;
    }

    T value() {
        return value;
    }

    Throwable thrown() {
        return thrown;
    }

    /** How long the call took, in milliseconds (only once finished). */
    double millis() {
        return nanos / 1e6;
    }

    Thread thread() {
        return thread;
    }

    String name() {
        return name;
    }

    /**
     * Waits for the call; a call still running after {@code timeout} is a {@link Hang} that says
     * where it waits; a call that threw where nothing may be thrown is a crash of learner code.
     */
    T join(Duration timeout, String what, String expected) throws InterruptedException {
        if (!await(timeout)) {
            throw hang(what + " had not returned after " + timeout.toMillis() + " ms", expected);
        }
        if (thrown != null) {
            throw Checks.rethrow(name + " calling " + what, thrown);
        }
        return value;
    }

    /** A hang report naming where this call's thread waits now. */
    Hang hang(String observed, String expected) {
        return new Hang(observed, expected, List.of(StackReports.of(thread)));
    }

    /** If the call has ended by throwing, rethrows that as a learner crash. */
    void rethrowIfThrown(String what) {
        if (finished() && thrown != null) {
            throw Checks.rethrow(name + " calling " + what, thrown);
        }
    }

    /** Rethrows as a learner crash whatever the call threw (for unexpected exceptions). */
    LearnerCrash crash(String what) {
        return Checks.crash(name + " calling " + what, thrown);
    }
}
