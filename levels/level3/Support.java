package level3;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.StackReports;
import ladder.grading.Trial;
import ladder.grading.Violation;
import ladder.level3.CyclicBarrier;

/** Helpers shared by the Level 3 scenarios (grader side only: nothing here is learner code). */
final class Support {

    private Support() {}

    /** Generous hang limits: they cost correct code nothing, and the machine may be loaded. */
    static final Duration HANG = Duration.ofSeconds(5);
    static final Duration SHORT_HANG = Duration.ofSeconds(3);

    /** The skeleton's {@code UnsupportedOperationException("TODO …")}: rethrown so the engine says NOT_STARTED. */
    static boolean isTodo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedOperationException && c.getMessage() != null && c.getMessage().startsWith("TODO")) {
                return true;
            }
        }
        return false;
    }

    /** Calls {@code call} on the grader's thread and demands an IllegalArgumentException. */
    static void expectIllegalArgument(Trial t, String what, Callable<?> call) {
        Throwable thrown = null;
        try {
            call.call();
        } catch (Throwable x) {
            thrown = x;
        }
        if (thrown instanceof IllegalArgumentException) {
            return;
        }
        if (thrown == null) {
            throw t.fail(what + " returned normally", what + " throws IllegalArgumentException, as java.util.concurrent does");
        }
        if (isTodo(thrown)) {
            throw new LearnerCrash(what, thrown);
        }
        Violation v = t.fail(what + " threw " + thrown, "IllegalArgumentException, as java.util.concurrent does");
        for (String f : StackReports.learnerFrames(thrown)) {
            v.detail("  at " + f);
        }
        throw v;
    }

    /** What one call to {@code CyclicBarrier.await()} did. */
    enum Kind { RETURNED, INTERRUPTED, BROKEN, ACTION_FAILED, RUNNING }

    record Done(Kind kind, int index) {
        static final Done RUNNING = new Done(Kind.RUNNING, -1);

        String describe() {
            return switch (kind) {
                case RETURNED -> "returned index " + index;
                case INTERRUPTED -> "threw InterruptedException";
                case BROKEN -> "threw BrokenBarrierException";
                case ACTION_FAILED -> "threw the barrier action's exception";
                case RUNNING -> "was still waiting";
            };
        }
    }

    /** Calls {@code b.await()} and classifies how it ended; anything unexpected propagates (a crash). */
    static Done awaitBarrier(CyclicBarrier b) throws Exception {
        try {
            return new Done(Kind.RETURNED, b.await());
        } catch (InterruptedException e) {
            return new Done(Kind.INTERRUPTED, -1);
        } catch (BrokenBarrierException e) {
            return new Done(Kind.BROKEN, -1);
        }
    }

    /** "[waiter-0 threw BrokenBarrierException, waiter-1 returned index 2]" */
    static String describe(String role, Done[] done) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < done.length; i++) {
            Done d = done[i];
            parts.add(role + "-" + i + " " + (d == null ? Done.RUNNING : d).describe());
        }
        return String.join(", ", parts);
    }

    /**
     * Waits until each thread has gone to sleep (parked) in learner code, or finished; gives up
     * quietly after {@code each} per thread (a spinning implementation never parks: the CPU
     * scenarios judge that). Returns whether all were seen blocked.
     */
    static boolean awaitAllBlocked(List<Thread> threads, Duration each) {
        boolean all = true;
        for (Thread th : threads) {
            all &= Trial.awaitBlocked(th, each);
        }
        return all;
    }

    /**
     * Counts the threads that are about to call a blocking learner method, so that "asleep" means
     * asleep in that call (a crew thread parked at its start gate also looks blocked), and notes
     * each one's CPU time at the call (a thread that has burnt CPU since is spinning in it).
     */
    static final class Entering {
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.Map<Thread, Long> cpuAtCall = new java.util.concurrent.ConcurrentHashMap<>();

        /** Call on the worker, right before the learner call. */
        void now() {
            long cpu = MX.isCurrentThreadCpuTimeSupported() ? MX.getCurrentThreadCpuTime() : -1L;
            cpuAtCall.put(Thread.currentThread(), cpu);
            count.incrementAndGet();
        }

        /**
         * Waits until {@code n} threads announced their call, then until each of {@code threads} is
         * settled in it: parked (and still parked a moment later, so not just passing through a
         * lock on its way in), finished, or spinning (it used 20 ms of CPU since the call). Gives
         * up after {@link #SETTLE_LIMIT}: a machine that starves a thread that long is beyond help.
         */
        boolean awaitAsleep(List<Thread> threads, int n) {
            if (!Trial.eventually(HANG, () -> count.get() >= n)) {
                return false;
            }
            long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
            while (System.nanoTime() - deadline < 0) {
                if (allSettled(threads)) {
                    LockSupport.parkNanos(2_000_000L);
                    if (allSettled(threads)) {
                        return true;
                    }
                }
                LockSupport.parkNanos(100_000L);
            }
            return false;
        }

        private boolean allSettled(List<Thread> threads) {
            for (Thread th : threads) {
                if (!(Trial.isBlocked(th) || th.getState() == Thread.State.TERMINATED || spinning(th))) {
                    return false;
                }
            }
            return true;
        }

        private boolean spinning(Thread th) {
            Long start = cpuAtCall.get(th);
            if (start == null || start < 0) {
                return false;
            }
            long now = MX.getThreadCpuTime(th.threadId());
            return now >= 0 && now - start > 20_000_000L;
        }
    }

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    /** How long a thread may take to settle in a blocking call before the grader goes on anyway. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);

    /** Waits (polling) until {@code condition}; for grader-side hand-offs between threads. */
    static void pollUntil(java.util.function.BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            LockSupport.parkNanos(20_000L);
        }
    }

    /** Joins a crew; on a hang, says which threads are stuck and what the structure reports. */
    static void join(Crew crew, Duration timeout, String expected, String state) throws InterruptedException {
        try {
            crew.join(timeout, expected);
        } catch (Hang h) {
            throw new Hang(h.observed() + (state == null ? "" : "; " + state) + spinning(h), h.expected(), h.threads());
        }
    }

    /**
     * Joins crews that depend on each other (a failure in one leaves the others stuck): the first
     * failure of any crew ends the wait; on a timeout, the first crew with stuck threads is reported.
     */
    static void joinAll(Duration timeout, String expected, String state, Crew... crews) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            boolean all = true;
            for (Crew c : crews) {
                try {
                    c.rethrow();
                } catch (RuntimeException | Error e) {
                    for (Crew other : crews) {
                        other.interruptAll(); // free the threads that wait for the failed one
                    }
                    c.join(Duration.ofMillis(1), expected);
                    throw e;
                }
                all &= c.finishedCount() == c.threads().size();
            }
            if (all || System.nanoTime() - deadline > 0) {
                break;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        for (Crew c : crews) {
            join(c, Duration.ofMillis(1), expected, state);
        }
    }

    /** A note on what the stuck threads do: running in learner code, or all asleep in it. */
    static String spinning(Hang h) {
        long running = h.threads().stream()
                .filter(r -> "RUNNABLE".equals(r.state()) && !r.learnerFrames().isEmpty()).count();
        long asleep = h.threads().stream()
                .filter(r -> !"RUNNABLE".equals(r.state()) && !r.learnerFrames().isEmpty()).count();
        if (running > 0) {
            return "; " + running + " of them " + (running == 1 ? "is" : "are")
                    + " running in your code, not parked: looping on a value that never changes for them"
                    + " (a plain field read in a loop may be read only once)?";
        }
        if (asleep > 0 && asleep == h.threads().size()) {
            return "; " + (asleep == 1 ? "it is" : "all " + asleep + " are") + " asleep in your code and nobody will wake "
                    + (asleep == 1 ? "it" : "them") + ": a lost wake-up, or a release or arrival that was never recorded?";
        }
        return "";
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    /** A permutation check: {@code indices} must hold each of 0..n-1 exactly once. */
    static boolean isPermutation(int[] indices) {
        boolean[] seen = new boolean[indices.length];
        for (int i : indices) {
            if (i < 0 || i >= indices.length || seen[i]) {
                return false;
            }
            seen[i] = true;
        }
        return true;
    }

    static String list(int[] a) {
        return java.util.Arrays.toString(a);
    }

    /**
     * CPU used by each of {@code threads} over about {@code window} after they went to sleep: the
     * largest share of a core any of them used. Threads of a correct implementation use ~0%.
     */
    static Cpu cpuShares(Crew crew, int size, Duration window) {
        // A grader thread spins through the same window: the share of a core that a spinning thread
        // gets right now, on this (possibly loaded) machine. A parked thread gets ~0 of it.
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread spinner = new Thread(() -> {
            while (!stop.get()) {
                Thread.onSpinWait();
            }
        }, "grader-reference-spinner");
        spinner.setDaemon(true);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        spinner.start();
        long[] before = new long[size];
        for (int i = 0; i < size; i++) {
            before[i] = crew.cpuNanos(i);
        }
        long spinBefore = mx.getThreadCpuTime(spinner.threadId());
        long start = System.nanoTime();
        long end = start + window.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
        long wall = System.nanoTime() - start;
        double[] share = new double[size];
        for (int i = 0; i < size; i++) {
            long after = crew.cpuNanos(i);
            share[i] = before[i] < 0 || after < 0 ? -1 : (after - before[i]) / (double) wall;
        }
        long spinAfter = mx.getThreadCpuTime(spinner.threadId());
        stop.set(true);
        double reference = spinBefore < 0 || spinAfter < 0 ? -1 : (spinAfter - spinBefore) / (double) wall;
        return new Cpu(share, reference, wall);
    }

    /** Shares of a core used by waiting threads, and by a spinning grader thread in the same window. */
    record Cpu(double[] share, double spinnerShare, long wallNanos) {}
}
