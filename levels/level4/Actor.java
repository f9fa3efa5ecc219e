package level4;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.StackReports;

/**
 * A named daemon thread that runs learner calls one at a time, on the grader's command: "thread-A
 * takes the read lock", then "thread-B tries the write lock". A read/write lock cares which
 * thread calls what (holds are per thread), so the grader needs threads it can direct.
 *
 * <p>Every call has a deadline: a call that does not return in time becomes a {@link Hang}
 * naming where the thread waits in learner code. Exceptions come back to the grader: unexpected
 * ones as a {@link LearnerCrash}, expected ones (misuse) through {@link #attempt}.
 */
final class Actor implements AutoCloseable {

    /** How long a call that must not wait for anything (a try-lock, an unlock) may take. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    /** One call, run on the actor's thread. */
    static final class Call {
        final String what;
        final Callable<?> body;
        final CountDownLatch done = new CountDownLatch(1);
        volatile Object result;
        volatile Throwable thrown;

        Call(String what, Callable<?> body) {
            this.what = what;
            this.body = body;
        }

        boolean isDone() {
            return done.getCount() == 0;
        }

        boolean await(Duration timeout) throws InterruptedException {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static final Call STOP = new Call("stop", () -> null);

    private final String name;
    private final Thread thread;
    private final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    Actor(String name) {
        this.name = name;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    String name() {
        return name;
    }

    Thread thread() {
        return thread;
    }

    private void loop() {
        for (;;) {
            Call c;
            try {
                c = calls.take();
            } catch (InterruptedException e) {
                continue; // an interrupt meant for a learner call that already returned
            }
            if (c == STOP) {
                return;
            }
            try {
                c.result = c.body.call();
            } catch (Throwable t) {
                c.thrown = t;
            } finally {
                c.done.countDown();
            }
        }
    }

    /** Starts {@code what} on this actor's thread and returns at once. */
    Call submit(String what, Callable<?> body) {
        Call c = new Call(what, body);
        calls.add(c);
        return c;
    }

    /** Runs a learner call that must return normally within {@link #CALL_TIMEOUT}. */
    void run(String what, Runnable body) throws InterruptedException {
        finish(submit(what, () -> {
            body.run();
            return null;
        }), "to return");
    }

    /** Runs a learner call that returns a boolean (a try-lock). */
    boolean bool(String what, Callable<Boolean> body) throws InterruptedException {
        Call c = submit(what, body);
        finish(c, "to return at once: a try-lock never waits");
        return (Boolean) c.result;
    }

    /** Runs a learner call that is expected to throw; returns what it threw, or null. */
    Throwable attempt(String what, Runnable body) throws InterruptedException {
        Call c = submit(what, () -> {
            body.run();
            return null;
        });
        if (!c.await(CALL_TIMEOUT)) {
            throw hang(c, "to return or throw at once");
        }
        if (c.thrown != null && NotStartedCheck.is(c.thrown)) {
            throw new LearnerCrash(name + " calling " + what, c.thrown);
        }
        return c.thrown;
    }

    private void finish(Call c, String expectation) throws InterruptedException {
        if (!c.await(CALL_TIMEOUT)) {
            throw hang(c, expectation);
        }
        if (c.thrown != null) {
            throw new LearnerCrash(name + " calling " + c.what, c.thrown);
        }
    }

    /** Waits for a call started with {@link #submit} (one that was allowed to block). */
    void join(Call c, Duration timeout, String expectation) throws InterruptedException {
        if (!c.await(timeout)) {
            throw new Hang(name + "'s " + c.what + " had not returned after " + timeout.toMillis() + " ms",
                    expectation, List.of(StackReports.of(thread)));
        }
        if (c.thrown != null) {
            throw new LearnerCrash(name + " calling " + c.what, c.thrown);
        }
    }

    private Hang hang(Call c, String expectation) {
        return new Hang(name + "'s " + c.what + " had not returned after " + CALL_TIMEOUT.toMillis() + " ms",
                c.what + " " + expectation, List.of(StackReports.of(thread)));
    }

    @Override
    public void close() {
        calls.add(STOP); // a thread stuck in learner code stays stuck: it is a daemon
    }

    /** Recognises the skeleton's {@code UnsupportedOperationException("TODO …")}. */
    static final class NotStartedCheck {
        private NotStartedCheck() {}

        static boolean is(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof UnsupportedOperationException && c.getMessage() != null
                        && c.getMessage().startsWith("TODO")) {
                    return true;
                }
            }
            return false;
        }
    }
}
