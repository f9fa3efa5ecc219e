package level1;

import java.time.Duration;
import java.util.concurrent.Callable;

import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.StackReports;
import ladder.grading.Trial;
import ladder.grading.Violation;
import ladder.grading.result.ThreadReport;

/**
 * Calls learner code on a fresh daemon thread and waits for it with a timeout, so that a call
 * which should return at once (offer, poll, size, a put with room) but blocks in a broken queue
 * becomes a verdict that names the call, instead of freezing the grader.
 */
final class Calls {

    /** What became of a call: it returned a value, threw, or was still running at the timeout. */
    record Result<T>(boolean finished, T value, Throwable thrown, ThreadReport stuck) {}

    private Calls() {}

    /** One call handed to the worker thread. */
    private static final class Task {
        final Callable<?> body;
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        volatile Object value;
        volatile Throwable thrown;

        Task(Callable<?> body) {
            this.body = body;
        }
    }

    /**
     * The thread that runs calls, reused from call to call (starting a thread per call costs
     * milliseconds on a loaded machine). A call that does not return in time leaves the worker
     * stuck in learner code: it is abandoned and the next call starts a new one. Used only from
     * the grader's own thread.
     */
    private static final class Worker extends Thread {
        final java.util.concurrent.SynchronousQueue<Task> tasks = new java.util.concurrent.SynchronousQueue<>();

        Worker() {
            super("grader-call");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                Task task;
                try {
                    task = tasks.take();
                } catch (InterruptedException e) {
                    continue; // a stray interrupt: keep serving
                }
                try {
                    task.value = task.body.call();
                } catch (Throwable e) {
                    task.thrown = e;
                } finally {
                    Thread.interrupted(); // a call may leave the interrupt status set: never carry it over
                    task.done.countDown();
                }
            }
        }
    }

    private static Worker worker;

    /** Runs {@code body} on the worker thread; never throws (for diagnosis after a failure). */
    @SuppressWarnings("unchecked")
    static <T> Result<T> attempt(Duration timeout, Callable<T> body) throws InterruptedException {
        Worker w = worker;
        if (w == null) {
            w = new Worker();
            w.start();
            worker = w;
        }
        Task task = new Task(body);
        w.tasks.put(task);
        if (!task.done.await(Math.max(1L, timeout.toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
            worker = null; // stuck in learner code: abandon it
            return new Result<>(false, null, null, StackReports.of(w));
        }
        return new Result<>(true, (T) task.value, task.thrown, null);
    }

    /**
     * Runs {@code body} and returns its value. A call still running after {@code timeout} is a
     * violation naming {@code what}; anything the body throws becomes a crash of learner code
     * (or the skeleton's "not started"), as {@link Trial#call} does.
     */
    static <T> T within(Trial trial, Duration timeout, String what, String expected, Callable<T> body)
            throws InterruptedException {
        Result<T> r = attempt(timeout, body);
        if (!r.finished()) {
            throw trial.fail(what + " did not return within " + timeout.toMillis() + " ms", expected)
                    .detail(where(r.stuck()));
        }
        Throwable e = r.thrown();
        if (e instanceof Violation v) {
            throw v;
        }
        if (e instanceof Hang h) {
            throw h;
        }
        if (e instanceof LearnerCrash c) {
            throw c;
        }
        if (e != null) {
            throw new LearnerCrash(what, e);
        }
        return r.value();
    }

    /** A call that must return at once (2 s allows for a loaded machine). */
    static <T> T quick(Trial trial, String what, Callable<T> body) throws InterruptedException {
        return within(trial, Duration.ofSeconds(2), what,
                what + " returns at once: nothing here should make it wait", body);
    }

    /** "waiting in Futex.await, in BoundedQueue.offer(BoundedQueue.java:88)". */
    static String where(ThreadReport r) {
        if (r == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("the call was " + r.state());
        if (r.waitingIn() != null) {
            sb.append(" in ").append(r.waitingIn());
        }
        if (!r.learnerFrames().isEmpty()) {
            sb.append(", at ").append(String.join(" <- ", r.learnerFrames()));
        }
        return sb.toString();
    }

    /**
     * Ends a crew whatever state it is in: stops its random-unpark thread and interrupts workers
     * still inside learner code (they wait on a queue nobody else uses, so this only frees them).
     */
    static void stop(ladder.grading.Crew c) {
        c.interruptAll();
        try {
            c.join(Duration.ofMillis(1), "");
        } catch (Throwable ignored) {
            // a hang or failure here was already reported, or does not matter any more
        }
    }

    /**
     * Waits until worker {@code i} has entered the learner call ({@code entered} flag, set by the
     * worker right before calling) and its thread then blocks. Without the flag, a thread still
     * parked at the crew's start gate would look blocked too. False if {@code timeout} passes.
     */
    static boolean awaitBlockedInCall(java.util.concurrent.atomic.AtomicIntegerArray entered, int i, Thread th,
                                      Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!Trial.eventually(timeout, () -> entered.get(i) == 1)) {
            return false;
        }
        return Trial.awaitBlocked(th, Duration.ofNanos(Math.max(1L, deadline - System.nanoTime())));
    }

    /** Whether {@code t} is the skeleton's UnsupportedOperationException("TODO ..."), or caused by it. */
    static boolean isTodo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedOperationException && c.getMessage() != null
                    && c.getMessage().startsWith("TODO")) {
                return true;
            }
        }
        return false;
    }
}
