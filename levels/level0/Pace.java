package level0;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

import ladder.grading.Trial;

/**
 * Paces a scenario's trials by the CPU time the grader JVM actually got, not by wall time.
 *
 * <p>Races are found in proportion to the work done (and to the preemptions that work meets),
 * not to the seconds that pass. On a quiet machine the work is done in a fraction of a second;
 * on a machine shared with other jobs the same work takes longer, so a wall-clock budget alone
 * would test a loaded machine less. A scenario therefore declares a CPU-time target and a
 * generous wall-clock cap ({@code Scenario.budget}): {@link #admit} lets trials run until the
 * JVM has spent the target since the scenario started (and at least {@code minTrials} have run),
 * then the remaining trials are skipped at once. Correct code pays the target on a quiet
 * machine and at most the cap on a busy one.
 */
final class Pace {

    private static final com.sun.management.OperatingSystemMXBean OS =
            ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os : null;

    private final long cpuTargetNanos;
    private final int minTrials;
    private long startCpu;
    private long startWall;
    private int ran;

    Pace(Duration cpuTarget, int minTrials) {
        this.cpuTargetNanos = cpuTarget.toNanos();
        this.minTrials = minTrials;
    }

    /** Whether this trial should run; call first in the trial body and return at once if not. */
    synchronized boolean admit(Trial t) {
        long cpu = cpuNow();
        if (t.index() == 0) {
            startCpu = cpu;
            startWall = System.nanoTime();
            ran = 0;
        }
        boolean go = ran < minTrials || cpu < 0 || cpu - startCpu < cpuTargetNanos;
        if (go) {
            ran++;
        }
        long wall = System.nanoTime() - startWall;
        if (ran <= 1) {
            return go; // at the first trial the figures say nothing (and a hang there would show "1 in 0 ms")
        }
        t.metric("trials run", String.format(Locale.ROOT, "%d in %d ms (%d ms of CPU time)", ran, wall / 1_000_000L,
                cpu < 0 ? -1 : (cpu - startCpu) / 1_000_000L));
        return go;
    }

    /** CPU time of the JVM, less what the preemptors used (noise, not work). */
    private static long cpuNow() {
        long cpu = OS == null ? -1 : OS.getProcessCpuTime();
        return cpu < 0 ? -1 : cpu - Preemptor.cpuUsed();
    }
}
