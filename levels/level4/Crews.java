package level4;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Hang;
import ladder.grading.result.ThreadReport;

/** Waiting on several crews at once: the first failure of any of them wins, a timeout names all stuck threads. */
final class Crews {
    private Crews() {}

    /** Whether every thread of every crew has finished. */
    static boolean allDone(Crew... crews) {
        for (Crew c : crews) {
            if (c.finishedCount() < c.threads().size()) {
                return false;
            }
        }
        return true;
    }

    /** Rethrows the first failure any crew reported (a violation, a crash), if any. */
    static void rethrow(Crew... crews) {
        for (Crew c : crews) {
            c.rethrow();
        }
    }

    /**
     * Waits until every crew finished, rethrowing the first failure at once; on timeout throws a
     * {@link Hang} that says {@code observedPrefix} and lists every stuck thread.
     */
    static void joinAll(Duration timeout, String observedPrefix, String expected, Crew... crews)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allDone(crews)) {
            rethrow(crews);
            if (System.nanoTime() - deadline > 0) {
                throw hang(timeout, observedPrefix, expected, crews);
            }
            LockSupport.parkNanos(200_000L);
        }
        for (Crew c : crews) {
            // all finished: join returns at once (a long timeout, because on a busy machine even "at once"
            // can outlast a short one); it stops chaos threads and rethrows a late failure
            c.join(Duration.ofSeconds(10), expected);
        }
    }

    /** A hang naming the threads of {@code crews} that are still running. */
    static Hang hang(Duration timeout, String observedPrefix, String expected, Crew... crews) {
        List<ThreadReport> stuck = new ArrayList<>();
        int total = 0;
        for (Crew c : crews) {
            stuck.addAll(c.report());
            total += c.threads().size();
            c.interruptAll();
        }
        String observed = (observedPrefix == null ? "" : observedPrefix + ": ")
                + stuck.size() + " of " + total + " threads still running after " + timeout.toMillis() + " ms";
        return new Hang(observed, expected, stuck);
    }
}
