package ladder.grading;

import java.lang.management.ManagementFactory;

/**
 * How long a scenario keeps running rounds: at least {@code minWall} of wall-clock time, then on
 * until this JVM has used {@code cpu} of CPU time since the start, but never past {@code cap}.
 *
 * <p>On a quiet machine the CPU target is met within the minimum wall time, so nothing changes. On
 * a loaded one (the self-check runs two checks at once, and other work shares the cores) the
 * threads get a fraction of the CPU, and a purely wall-clock budget would run a fraction of the
 * rounds: races that need two threads on the cores at the same instant would go unseen. Correct
 * code pays with wall time, up to the cap. (Level 0 paces trials by the same idea, per trial.)
 */
public final class Effort {

    private static final com.sun.management.OperatingSystemMXBean OS =
            ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os : null;

    private final long start = System.nanoTime();
    private final long cpuStart = cpu();
    private final long minWall;
    private final long cpuTarget;
    private final long cap;
    private int rounds;

    private Effort(long minWallMillis, long cpuMillis, long capMillis) {
        this.minWall = minWallMillis * 1_000_000L;
        this.cpuTarget = cpuMillis * 1_000_000L;
        this.cap = capMillis * 1_000_000L;
    }

    public static Effort of(long minWallMillis, long cpuMillis, long capMillis) {
        return new Effort(minWallMillis, cpuMillis, capMillis);
    }

    private static long cpu() {
        long c = OS == null ? -1 : OS.getProcessCpuTime();
        return c < 0 ? 0 : c;
    }

    /** Whether to run another round (call after each round; the first round always runs). */
    public boolean more() {
        rounds++;
        long wall = System.nanoTime() - start;
        if (wall < minWall) {
            return true;
        }
        if (wall >= cap || OS == null) {
            return false;
        }
        return cpu() - cpuStart < cpuTarget;
    }

    public int rounds() {
        return rounds;
    }

    /** A line for a metric: rounds, wall time, CPU time. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d rounds in %.1f s (%.1f s of CPU)", rounds,
                (System.nanoTime() - start) / 1e9, (cpu() - cpuStart) / 1e9);
    }
}
