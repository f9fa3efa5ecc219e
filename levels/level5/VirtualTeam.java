package level5;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ladder.grading.Crew;
import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.StackReports;
import ladder.grading.Violation;
import ladder.grading.result.ThreadReport;

/**
 * A crew of virtual threads, for the interleaved phase of a race: with the virtual-thread
 * scheduler held to one carrier (see {@link LifecycleGrader}), only one of them runs at a time
 * and they switch where the learner's instrumented code yields (see {@link Chaos}), so the race
 * explores interleavings of the learner's atomic steps at a few microseconds per switch, however
 * loaded the machine is. Failures and hangs are reported as a {@link Crew}'s are.
 *
 * <p>One caution shapes the interleaved phase: on a single carrier, a yielding virtual thread
 * goes back on the carrier's own queue, but a task submitted any other way (a start from a
 * platform thread, an unpark by another virtual thread, the end of a timed wait) waits until that
 * queue is empty. So team threads are started from a virtual thread, the races make no blocking
 * call there (waiting for a round to close is a poll of {@code awaitClosed(0)}), and idle threads
 * sleep a microsecond now and then so that the queue does empty (see {@link RoundStream#idleYield}).
 */
final class VirtualTeam {

    private final String role;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    VirtualTeam(String role, int size, Crew.WorkerBody body) {
        this.role = role;
        this.done = new CountDownLatch(size);
        for (int i = 0; i < size; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().name(role + "-" + i).unstarted(() -> work(index, body)));
        }
    }

    private void work(int index, Crew.WorkerBody body) {
        try {
            body.run(index);
        } catch (Violation | Hang | LearnerCrash e) {
            failure.compareAndSet(null, e);
        } catch (Throwable t) {
            failure.compareAndSet(null, new LearnerCrash(role + "-" + index, t));
        } finally {
            done.countDown();
        }
    }

    /**
     * Starts the threads from inside a virtual thread: tasks submitted from outside the carrier
     * wait behind the carrier's own queue, which threads that yield keep full.
     */
    VirtualTeam start() {
        Thread.ofVirtual().name(role + "-launcher").start(() -> threads.forEach(Thread::start));
        return this;
    }


    boolean awaitQuietly(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void rethrow() {
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /** As {@link Crew#join}: a failure is rethrown, a timeout is a {@link Hang} naming where each thread waits. */
    void join(Duration timeout, String expected) throws InterruptedException {
        boolean all = done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        rethrow();
        if (!all) {
            List<ThreadReport> stuck = new ArrayList<>();
            for (Thread t : threads) {
                if (t.isAlive()) {
                    stuck.add(StackReports.of(t));
                }
            }
            throw new Hang(stuck.size() + " of " + threads.size() + " " + role + " threads still running after "
                    + timeout.toMillis() + " ms", expected, stuck);
        }
    }
}
