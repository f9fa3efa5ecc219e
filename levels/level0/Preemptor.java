package level0;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread that wakes up every few tens of microseconds and goes straight back to sleep.
 *
 * <p>Each wake-up of a thread that mostly sleeps tends to preempt whatever runs on that CPU
 * (the scheduler favours the sleeper), so the threads under test are interrupted at thousands
 * of random instructions per second instead of at the scheduler's tick. A thread preempted
 * between "saw the lock free" and "took it" lets another thread in: this is how a check-then-act
 * race shows on a machine where two threads of the grader rarely run at the same moment. It
 * changes nothing for correct code, which is correct at every instruction.
 */
final class Preemptor implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** CPU time all preemptors have used: {@link Pace} does not count it as work done. */
    private static final AtomicLong CPU_USED = new AtomicLong();

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private Preemptor(int count) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                while (running) {
                    LockSupport.parkNanos(20_000L);
                }
            }, "grader-preemptor-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** CPU time used by preemptors so far, in nanoseconds. */
    static long cpuUsed() {
        return CPU_USED.get();
    }

    /** Starts {@code threads} preempting threads (one per core is plenty). */
    static Preemptor start(int threads) {
        return new Preemptor(threads);
    }

    @Override
    public void close() {
        for (Thread t : threads) {
            long cpu = THREADS.getThreadCpuTime(t.threadId()); // still alive: it sleeps at most 20 µs at a time
            if (cpu > 0) {
                CPU_USED.addAndGet(cpu);
            }
        }
        running = false;
    }
}
