package level2;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ladder.grading.Hang;
import ladder.grading.StackReports;

/**
 * A grader-side thread that runs steps one after another, so that the grader can lock the
 * learner's Mutex in one step and signal or unlock it in a later one (a Mutex belongs to the
 * thread that locked it), while the grader's own thread never blocks in learner code.
 */
final class Agent {

    private final String name;
    private final Thread thread;
    private final LinkedBlockingQueue<Runnable> steps = new LinkedBlockingQueue<>();

    private Agent(String name) {
        this.name = name;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    static Agent start(String name) {
        return new Agent(name);
    }

    private void loop() {
        try {
            while (true) {
                steps.take().run();
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /**
     * Runs {@code body} on this agent's thread and waits for it. A step still running after
     * {@code timeout} is a hang naming where the agent waits; a learner exception is a crash.
     */
    <T> T call(String what, Solo.Body<T> body, Duration timeout, String expected) throws InterruptedException {
        CompletableFuture<T> f = new CompletableFuture<>();
        steps.add(() -> {
            try {
                f.complete(body.run());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new Hang(name + " calling " + what + " had not returned after " + timeout.toMillis() + " ms", expected,
                    List.of(StackReports.of(thread)));
        } catch (ExecutionException e) {
            throw Checks.rethrow(name + " calling " + what, e.getCause());
        }
    }

    Thread thread() {
        return thread;
    }

    /** Ends the agent once its queued steps are done (it is a daemon: a stuck agent is left behind). */
    void stop() {
        steps.add(() -> Thread.currentThread().interrupt());
        steps.add(() -> { });
    }
}
