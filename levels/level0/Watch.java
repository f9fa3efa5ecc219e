package level0;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import ladder.grading.Crew;
import ladder.grading.Hang;
import ladder.grading.Trial;

/**
 * Watching crews without failing correct code on a loaded machine.
 *
 * <p>{@link #join} tells a hang from slowness by progress, not by wall time: a crew is hung
 * only when its progress counter (critical sections done) has not moved for a long stall,
 * however slow the machine is. A lost wake-up stops all progress once the other threads are
 * done; a convoy under load is slow but never stops.
 *
 * <p>{@link #window} measures whether threads that should be parked are burning CPU: both the
 * CPU time they used and how often they were seen RUNNABLE. A parked thread is never RUNNABLE
 * and uses no CPU, whatever the load; a spinning thread is always RUNNABLE, even when load
 * starves it of CPU time, which keeps the verdict robust on a shared 2-core machine.
 */
final class Watch {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Watch() {}

    /**
     * Waits for the crew to finish while {@code progress} keeps moving.
     *
     * @param stall    how long without progress counts as a hang (generous: seconds)
     * @param hardCap  give up after this long even if progress moves (a livelock)
     * @param unit     what one unit of progress is, for the verdict ("critical sections")
     * @param expected what should have happened, in the learner's terms
     */
    static void join(Crew crew, LongSupplier progress, long total, Duration stall, Duration hardCap, String unit,
                     String expected) throws InterruptedException {
        long start = System.nanoTime();
        long last = progress.getAsLong();
        long lastChange = start;
        while (true) {
            if (crew.awaitQuietly(Duration.ofMillis(20))) {
                crew.join(Duration.ofSeconds(1), expected); // rethrows a worker's failure; stops the chaos thread
                return;
            }
            rethrow(crew);
            long now = System.nanoTime();
            long p = progress.getAsLong();
            if (p != last) {
                last = p;
                lastChange = now;
            }
            boolean stalled = now - lastChange > stall.toNanos();
            boolean capped = now - start > hardCap.toNanos();
            if (stalled || capped) {
                try {
                    crew.join(Duration.ofMillis(1), expected);
                    return; // finished at the last moment
                } catch (Hang h) {
                    int stuck = h.threads().size();
                    String of = total < 0 ? "" : " of at most " + total;
                    String observed = stalled
                            ? stuck + " of " + crew.threads().size() + " threads made no progress for "
                                    + stall.toMillis() + " ms (" + last + of + " " + unit
                                    + " done, then nothing)"
                            : stuck + " of " + crew.threads().size() + " threads still running after "
                                    + hardCap.toMillis() + " ms (" + last + of + " " + unit
                                    + " done): progress too slow to finish";
                    throw new Hang(observed, expected, h.threads());
                }
            }
        }
    }

    /**
     * Throws the first failure a worker reported, if any, after ending the crew (its other
     * threads are interrupted and its chaos thread stops).
     */
    static void rethrow(Crew crew) throws InterruptedException {
        try {
            crew.rethrow();
        } catch (RuntimeException | Error e) {
            crew.join(Duration.ofMillis(50), "the crew to end"); // interrupts the others, rethrows the failure
            throw e;
        }
    }

    /** What threads did during one measuring window. */
    record Window(long wallNanos, long[] cpuNanos, int[] runnable, int samples, boolean cpuSupported) {

        double cpuShare(int i) {
            return cpuNanos[i] < 0 ? 0.0 : (double) cpuNanos[i] / wallNanos;
        }

        double runnableShare(int i) {
            return samples == 0 ? 0.0 : (double) runnable[i] / samples;
        }

        /** Whether thread {@code i} looked like it was spinning rather than parked. */
        boolean spinning(int i, double cpuLimit, double runnableLimit) {
            return cpuShare(i) >= cpuLimit || runnableShare(i) >= runnableLimit;
        }

        String describe(int i, String name) {
            return String.format(Locale.ROOT, "%s used %.0f%% of a core and was RUNNABLE (not parked) in %d of %d samples",
                    name, 100 * cpuShare(i), runnable[i], samples);
        }
    }

    /** Measures CPU time and RUNNABLE samples of {@code threads} for {@code length}. */
    static Window window(List<Thread> threads, Duration length) {
        int n = threads.size();
        boolean cpu = THREADS.isThreadCpuTimeSupported();
        long[] before = new long[n];
        for (int i = 0; i < n; i++) {
            before[i] = cpu ? THREADS.getThreadCpuTime(threads.get(i).threadId()) : -1;
        }
        int[] runnable = new int[n];
        int samples = 0;
        long t0 = System.nanoTime();
        long end = t0 + length.toNanos();
        while (System.nanoTime() - end < 0) {
            LockSupport.parkNanos(1_000_000L);
            samples++;
            for (int i = 0; i < n; i++) {
                if (threads.get(i).getState() == Thread.State.RUNNABLE) {
                    runnable[i]++;
                }
            }
        }
        long wall = System.nanoTime() - t0;
        long[] used = new long[n];
        for (int i = 0; i < n; i++) {
            long after = cpu ? THREADS.getThreadCpuTime(threads.get(i).threadId()) : -1;
            used[i] = before[i] < 0 || after < 0 ? -1 : after - before[i];
        }
        return new Window(wall, used, runnable, samples, cpu);
    }

    /** Waits until every thread is parked (or done); false after {@code timeout}. */
    static boolean allBlocked(List<Thread> threads, Duration timeout) {
        return Trial.eventually(timeout, () -> threads.stream()
                .allMatch(t -> Trial.isBlocked(t) || t.getState() == Thread.State.TERMINATED));
    }
}
