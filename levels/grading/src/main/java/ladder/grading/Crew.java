package ladder.grading;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.result.ThreadReport;

/**
 * A group of threads that run one role of a trial together ("producer-0", "producer-1", …).
 *
 * <p>Threads are daemons, named after their role, and held at a start gate so that they
 * collide: {@link #start()} opens the gate for all at once. {@link #join} waits with a timeout;
 * when it expires the crew's threads are reported as a {@link Hang} with where each one waits in
 * the learner's code. The first exception a worker throws ends the trial: a {@link Violation} as
 * itself, anything else as a {@link LearnerCrash} naming the thread.
 *
 * <p>{@link #withRandomUnparks()} adds a chaos thread that unparks the crew's threads at random
 * moments, the way stale permits and spurious returns from {@code park()} do in real programs:
 * code that parks without re-checking its condition in a loop fails under it.
 */
public final class Crew {

    /** What one thread of a crew runs; {@code index} is 0..size-1. */
    @FunctionalInterface
    public interface WorkerBody {
        void run(int index) throws Exception;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String role;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final SplittableRandom chaosRandom;
    private volatile boolean chaos;
    private volatile boolean finished;
    private Thread chaosThread;

    Crew(String role, int size, WorkerBody body, long seed) {
        this.role = role;
        this.done = new CountDownLatch(size);
        this.chaosRandom = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < size; i++) {
            int index = i;
            Thread t = new Thread(() -> work(index, body), role + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    private void work(int index, WorkerBody body) {
        try {
            gate.await();
            body.run(index);
        } catch (Violation | Hang | LearnerCrash e) {
            failure.compareAndSet(null, e);
        } catch (Throwable t) {
            failure.compareAndSet(null, new LearnerCrash(role + "-" + index, t));
        } finally {
            done.countDown();
        }
    }

    /** Unpark this crew's threads at random moments while it runs (call before {@link #start()}). */
    public Crew withRandomUnparks() {
        this.chaos = true;
        return this;
    }

    /** Starts the threads and opens the gate for all of them at once. */
    public Crew start() {
        for (Thread t : threads) {
            t.start();
        }
        if (chaos) {
            chaosThread = new Thread(this::unparkAtRandom, role + "-chaos");
            chaosThread.setDaemon(true);
            chaosThread.start();
        }
        gate.countDown();
        return this;
    }

    private void unparkAtRandom() {
        while (!finished) {
            LockSupport.parkNanos(chaosRandom.nextLong(50_000L, 500_000L));
            Thread victim = threads.get(chaosRandom.nextInt(threads.size()));
            LockSupport.unpark(victim);
        }
    }

    /**
     * Waits for every thread to finish.
     *
     * @param timeout  how long before the crew counts as hung (generous: it costs correct code nothing)
     * @param expected what should have happened, in the learner's terms ("every producer finishes its puts")
     * @throws Hang        when the timeout expires, with a report of each thread still running
     * @throws Violation   rethrown from a worker
     * @throws LearnerCrash rethrown from a worker
     */
    public void join(Duration timeout, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = false;
        while (!all && failure.get() == null && System.nanoTime() - deadline < 0) {
            all = done.await(10, TimeUnit.MILLISECONDS);
        }
        finished = true;
        if (failure.get() != null) {
            interruptAll(); // free the others: the trial is over
            rethrow();
        }
        if (!all) {
            List<ThreadReport> stuck = report();
            throw new Hang(stuck.size() + " of " + threads.size() + " " + role + " threads still running after "
                    + timeout.toMillis() + " ms", expected, stuck);
        }
    }

    /** Waits up to {@code timeout} and reports whether all finished, without failing. */
    public boolean awaitQuietly(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Throws the first failure a worker reported, if any. */
    public void rethrow() {
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /** How many threads have finished. */
    public int finishedCount() {
        return threads.size() - (int) done.getCount();
    }

    public List<Thread> threads() {
        return threads;
    }

    public Thread thread(int index) {
        return threads.get(index);
    }

    /** CPU time used so far by thread {@code index}, in nanoseconds (-1 if unsupported). */
    public long cpuNanos(int index) {
        return THREADS.getThreadCpuTime(threads.get(index).threadId());
    }

    /** Interrupts every thread of the crew. */
    public void interruptAll() {
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    /** Reports where each live thread of the crew is now. */
    public List<ThreadReport> report() {
        List<ThreadReport> out = new ArrayList<>();
        for (Thread t : threads) {
            if (t.isAlive()) {
                out.add(StackReports.of(t));
            }
        }
        return out;
    }
}
