package level4;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that wake up every few tens of microseconds and go straight back to sleep. Each wake-up
 * may preempt a racing learner thread at a random instruction: on a loaded machine, where the
 * racers of one JVM rarely run at the same moment, that is what puts a thread to sleep between
 * its get() and its set(), the window in which a lost update happens. They use almost no CPU.
 */
final class Preempter implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);

    Preempter(int threads, long seed) {
        for (int i = 0; i < threads; i++) {
            SplittableRandom r = new SplittableRandom(seed + i);
            Thread t = new Thread(() -> {
                while (running.get()) {
                    LockSupport.parkNanos(r.nextLong(5_000L, 60_000L));
                }
            }, "grader-preempter-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() {
        running.set(false);
    }
}
