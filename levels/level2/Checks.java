package level2;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import ladder.grading.Crew;
import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.StackReports;
import ladder.grading.Trial;
import ladder.grading.result.ThreadReport;

/** Small tools shared by the Level 2 scenarios. */
final class Checks {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final Duration HANG = Duration.ofSeconds(3);

    private Checks() {}

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** A learner exception where none is allowed; the skeleton's TODO becomes "not started". */
    static LearnerCrash crash(String where, Throwable t) {
        if (t instanceof LearnerCrash lc) {
            return lc;
        }
        return new LearnerCrash(where, t);
    }

    /** A grader verdict thrown on a learner-facing thread passes through; anything else is a crash. */
    static RuntimeException rethrow(String where, Throwable t) {
        if (t instanceof ladder.grading.Violation v) {
            return v;
        }
        if (t instanceof Hang h) {
            return h;
        }
        return crash(where, t);
    }

    /** Whether {@code t} is the skeleton's "TODO" exception (so the verdict is "not started"). */
    static boolean notStarted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedOperationException && c.getMessage() != null && c.getMessage().startsWith("TODO")) {
                return true;
            }
        }
        return false;
    }

    /** The simple name of an exception, for verdicts. */
    static String name(Throwable t) {
        return t == null ? "nothing" : t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : " (\"" + t.getMessage() + "\")");
    }

    /** Polls {@code condition}: a few hundred spins, then short parks; false once {@code timeout} passed. */
    static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int spins = 0;
        while (!condition.getAsBoolean()) {
            if (++spins < 200) {
                Thread.onSpinWait();
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(20_000L);
        }
        return true;
    }

    /**
     * Unlocks {@code m} if the calling thread holds it: for finally blocks of scenario threads, so
     * that an IllegalMonitorStateException there never hides the verdict the body threw.
     */
    static void unlockIfHeld(ladder.level0.Mutex m) {
        if (m.isHeldByCurrentThread()) {
            m.unlock();
        }
    }

    /**
     * Holds each thread of a crew until all {@code n} have passed the start gate, so that on a
     * loaded machine no thread finishes its work before the last one has even started.
     */
    static void rendezvous(java.util.concurrent.atomic.AtomicInteger arrived, int n) {
        arrived.incrementAndGet();
        await(Duration.ofSeconds(30), () -> arrived.get() >= n);
    }

    /** Sleeps on the grader's side (not learner code). */
    static void pause(long micros) {
        LockSupport.parkNanos(micros * 1_000L);
    }

    static boolean allBlocked(List<Thread> threads) {
        for (Thread t : threads) {
            if (!(Trial.isBlocked(t) || t.getState() == Thread.State.TERMINATED)) {
                return false;
            }
        }
        return true;
    }

    static long cpu(Thread t) {
        long n = THREADS.getThreadCpuTime(t.threadId());
        return Math.max(n, 0L);
    }

    static long[] cpu(List<Thread> threads) {
        long[] out = new long[threads.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = cpu(threads.get(i));
        }
        return out;
    }

    /**
     * Waits until every thread is blocked (or ended) and none has used any CPU for {@code quiet}:
     * the threads are asleep for good, not between two naps. False if that never happens within
     * {@code max}.
     */
    static boolean settle(List<Thread> threads, Duration quiet, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long[] last = cpu(threads);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000L);
            long[] now = cpu(threads);
            boolean same = java.util.Arrays.equals(now, last) && allBlockedInLearnerCode(threads);
            if (!same) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
                return true;
            }
        }
        return false;
    }

    /** Where the given threads stand now (those still alive). */
    static List<ThreadReport> reports(List<Thread> threads) {
        List<ThreadReport> out = new ArrayList<>();
        for (Thread t : threads) {
            if (t.isAlive()) {
                out.add(StackReports.of(t));
            }
        }
        return out;
    }

    /** A hang of the crew's still-running threads with the grader's own words. */
    static Hang hang(Crew crew, String observed, String expected) {
        return new Hang(observed, expected, crew.report());
    }

    /**
     * Joins a crew, failing as a hang only when it stops making progress: the crew's threads may be
     * slow on a loaded machine, but a hang is {@code stall} without any progress (as reported by
     * {@code progress}, such as rounds completed), not a long run. The verdict says {@code observed}
     * (what the grader knows about the situation) on top of the crew's own report.
     */
    static void join(Crew crew, Duration stall, IntSupplier progress, Supplier<String> observed, String expected)
            throws InterruptedException {
        int last = progress.getAsInt();
        long since = System.nanoTime();
        while (!crew.awaitQuietly(ms(20))) {
            try {
                crew.rethrow();
            } catch (RuntimeException e) {
                crew.interruptAll();
                throw e;
            }
            int now = progress.getAsInt();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > stall.toNanos()) {
                List<ThreadReport> stuck = crew.report();
                String what = observed.get();
                try {
                    crew.join(ms(1), expected); // stops the crew's chaos thread; its own Hang is replaced by ours
                } catch (Hang ignored) {
                    // ours below says more
                }
                throw new Hang(what + fmt(" (%d of %d %s threads made no progress for %d ms)", stuck.size(),
                        crew.threads().size(), roleOf(crew), stall.toMillis()), expected, stuck);
            }
        }
        crew.join(Duration.ofSeconds(5), expected); // all done: rethrows a failure, stops the chaos thread
    }

    /** As {@link #join(Crew, Duration, IntSupplier, Supplier, String)}, with finished threads as the progress. */
    static void join(Crew crew, Duration stall, Supplier<String> observed, String expected) throws InterruptedException {
        join(crew, stall, crew::finishedCount, observed, expected);
    }

    private static String roleOf(Crew crew) {
        String name = crew.threads().get(0).getName();
        int dash = name.lastIndexOf('-');
        return dash < 0 ? name : name.substring(0, dash);
    }

    /**
     * Whether {@code t} is asleep inside learner code (parked or waiting with a {@code ladder.level}
     * frame on its stack): past the crew's start gate and really waiting in the call under test.
     */
    static boolean blockedInLearnerCode(Thread t) {
        if (!Trial.isBlocked(t)) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (StackReports.isLearnerFrame(e)) {
                return true;
            }
        }
        return false;
    }

    static boolean allBlockedInLearnerCode(List<Thread> threads) {
        for (Thread t : threads) {
            if (t.getState() != Thread.State.TERMINATED && !blockedInLearnerCode(t)) {
                return false;
            }
        }
        return true;
    }
}
