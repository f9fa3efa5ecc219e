package level0;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.StackReports;
import ladder.grading.Trial;
import ladder.grading.result.ThreadReport;

/**
 * A named daemon thread that runs the grader's steps one at a time ("holder", "other"), so that
 * a scenario can script who calls what, in which order, and see a call that blocks as blocking
 * (with a timeout and where it waits) instead of hanging the grader's own thread.
 *
 * <p>The grader JVM uses java.util.concurrent freely: only the learner's classes are inspected.
 */
final class Actor implements AutoCloseable {

    /** What one call did: returned a value, threw, or was still running when we stopped waiting. */
    record Result<T>(boolean finished, T value, Throwable thrown, long nanos) {
        boolean threw() {
            return finished && thrown != null;
        }
    }

    private final String name;
    private final Thread thread;
    private final LinkedBlockingQueue<FutureTask<?>> tasks = new LinkedBlockingQueue<>();
    private volatile boolean busy;
    private volatile boolean closed;

    Actor(String name) {
        this.name = name;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (!closed) {
            FutureTask<?> task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                continue; // an interrupt aimed at a learner call that already returned
            }
            busy = true;
            try {
                task.run();
            } finally {
                busy = false;
            }
        }
    }

    String name() {
        return name;
    }

    Thread thread() {
        return thread;
    }

    /** Starts {@code call} on this actor's thread and returns at once. */
    <T> FutureTask<Timed<T>> submit(Callable<T> call) {
        FutureTask<Timed<T>> task = new FutureTask<>(() -> {
            long t0 = System.nanoTime();
            try {
                T v = call.call();
                return new Timed<>(v, null, System.nanoTime() - t0);
            } catch (Throwable t) {
                return new Timed<>(null, t, System.nanoTime() - t0);
            }
        });
        tasks.add(task);
        return task;
    }

    record Timed<T>(T value, Throwable thrown, long nanos) {}

    /** Waits up to {@code timeout} for a submitted call. */
    static <T> Result<T> await(FutureTask<Timed<T>> task, Duration timeout) throws InterruptedException {
        try {
            Timed<T> t = task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Result<>(true, t.value(), t.thrown(), t.nanos());
        } catch (TimeoutException e) {
            return new Result<>(false, null, null, timeout.toNanos());
        } catch (ExecutionException e) {
            throw new IllegalStateException("grader task failed", e.getCause());
        }
    }

    /** Runs {@code call} on this thread and waits up to {@code timeout}: whatever happened. */
    <T> Result<T> attempt(Callable<T> call, Duration timeout) throws InterruptedException {
        return await(submit(call), timeout);
    }

    /**
     * Runs {@code call} (a call the contract says returns normally and promptly) on this thread.
     * An exception becomes a crash verdict naming the call; a call still running after
     * {@code timeout} becomes a hang naming the call and where the thread waits.
     */
    <T> T run(String what, Callable<T> call, Duration timeout, String expected) throws InterruptedException {
        Result<T> r = attempt(call, timeout);
        if (!r.finished()) {
            throw hang(what, timeout, expected);
        }
        if (r.thrown() != null) {
            throw new LearnerCrash(name + " calling " + what, r.thrown());
        }
        return r.value();
    }

    /** As {@link #run(String, Callable, Duration, String)} for a call without a result. */
    void run(String what, Trial.LearnerCall call, Duration timeout, String expected) throws InterruptedException {
        run(what, () -> {
            call.run();
            return null;
        }, timeout, expected);
    }

    /** A hang naming the call this actor is stuck in. */
    Hang hang(String what, Duration waited, String expected) {
        List<ThreadReport> where = List.of(StackReports.of(thread));
        return new Hang(name + " called " + what + " and was still inside it after " + waited.toMillis() + " ms",
                expected, where);
    }

    /** Where this actor's thread is now, as "Futex.await(Futex.java:120) from Mutex.lock(Mutex.java:42)". */
    String whereItWaits() {
        ThreadReport r = StackReports.of(thread);
        String learner = r.learnerFrames().isEmpty() ? "" : r.learnerFrames().get(0);
        String waiting = r.waitingIn() == null ? "" : r.waitingIn();
        if (learner.isEmpty()) {
            return waiting.isEmpty() ? r.state() : waiting;
        }
        return (waiting.isEmpty() ? r.state() + " in " : waiting + " called from ") + learner;
    }

    /** Whether the actor is inside a call and that call has parked (or finished). */
    boolean blockedInCall() {
        return busy && Trial.isBlocked(thread);
    }

    /** Whether the actor is inside a call. */
    boolean busy() {
        return busy;
    }

    @Override
    public void close() {
        closed = true;
        tasks.add(new FutureTask<>(() -> null)); // wakes an idle loop; a stuck one stays stuck (daemon)
    }
}
