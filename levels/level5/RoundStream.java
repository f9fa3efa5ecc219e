package level5;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.grading.Crew;
import ladder.grading.Trial;

/**
 * A stream of short rounds, each on a fresh object under test, without a rendezvous per round.
 *
 * <p>One driver thread builds a round, publishes it, plays its own part (typically the one-shot
 * event of the round, such as {@code shutdown()}, then waiting for the round to end), and checks
 * it. Worker threads hammer whatever round is current, one small step at a time, until a step
 * says there is nothing more for them to do in it; then they wait for the next round.
 *
 * <p>Why this shape: a race in a state machine needs the one-shot event to land inside another
 * thread's window of a few nanoseconds. Hammering workers are inside their windows a large share
 * of the time, so the event lands there often when driver and worker run at once; and on a
 * loaded machine, where they often do not, a worker preempted inside its window stays there for
 * milliseconds while the driver goes on, which is the widest window of all. A barrier per round
 * would waste both: it needs every party on a CPU at once.
 *
 * <p>Rounds are kept, so that a final check can look at every round once all threads are done
 * (a late, second run of a callback shows only then).
 */
final class RoundStream<R> {

    @FunctionalInterface
    interface Setup<R> {
        R make(int index, SplittableRandom random) throws Exception;
    }

    /** The driver's part of a round, after it is published; returns when the round is over. */
    @FunctionalInterface
    interface Driver<R> {
        void drive(R round, SplittableRandom random) throws Exception;
    }

    /** One step of worker {@code worker} in a round; false when it has nothing more to do in it. */
    @FunctionalInterface
    interface Worker<R> {
        boolean step(R round, int worker, SplittableRandom random) throws Exception;
    }

    /** Checks one round (on the driver, right after its part) or all rounds (after everyone stopped). */
    @FunctionalInterface
    interface Check<R> {
        void check(R round, int index) throws Exception;
    }

    /** Hang timeout beyond the time slice: generous, it costs correct code nothing. */
    static final Duration HANG = Duration.ofSeconds(5);
    /** Rounds run even when the slice is spent (a descheduled driver): cheap, and keeps every trial meaningful. */
    static final int MIN_ROUNDS = 10;
    /** The driver pauses once per round (3 rounds in 4) at a random one of its first DEPTH synchronization steps. */
    static final int DEPTH = 4;
    /** How long the driver spins for a worker to pick up a new round before playing its event anyway. */
    static final Duration TOUCH = Duration.ofNanos(50_000);

    private volatile R current;
    /** The round a worker most recently started on. */
    private volatile R touched;
    private final AtomicInteger ready = new AtomicInteger();
    private volatile boolean stop;
    private final List<R> rounds = new ArrayList<>();

    private RoundStream() {}

    /**
     * Runs the race in two phases on fresh rounds: first with platform threads in parallel (a
     * third of the slice), then interleaved on virtual threads sharing one carrier (the rest).
     * Each phase runs rounds until {@code maxRounds} or its time is spent, then waits for its
     * workers and runs {@code finalCheck} on every round (in order). Returns how many rounds ran.
     *
     * @param expected what should have happened, in the learner's terms, should a thread hang
     */
    static <R> int run(Trial trial, int workers, Duration slice, int maxRounds, Setup<R> setup, Driver<R> driver,
                       Worker<R> worker, Check<R> check, Check<R> finalCheck, String expected)
            throws Exception {
        Duration parallel = slice.dividedBy(3);
        int a = new RoundStream<R>().phase(trial, false, workers, parallel, maxRounds, setup, driver, worker, check,
                finalCheck, expected);
        int b = new RoundStream<R>().phase(trial, true, workers, slice.minus(parallel), maxRounds, setup, driver, worker,
                check, finalCheck, expected);
        addMetric(trial, "rounds raced in parallel", a);
        addMetric(trial, "rounds raced interleaved", b);
        return a + b;
    }

    /** The phase now running, for verdicts. */
    private static volatile String phaseName = "race";

    /** "round 12 of the interleaved phase": where a verdict's round happened. */
    static String round(int index) {
        return "round " + index + " of the " + phaseName + " phase";
    }

    private int phase(Trial trial, boolean interleaved, int workers, Duration slice, int maxRounds, Setup<R> setup,
                      Driver<R> driver, Worker<R> worker, Check<R> check, Check<R> finalCheck, String expected)
            throws Exception {
        RoundStream<R> rs = this;
        phaseName = interleaved ? "interleaved (virtual threads, one carrier)" : "parallel";
        SplittableRandom driverRandom = trial.random().split();
        SplittableRandom[] random = new SplittableRandom[workers];
        for (int i = 0; i < workers; i++) {
            random[i] = trial.random().split();
        }
        long started = System.nanoTime();
        Crew.WorkerBody driverBody = i -> {
            Chaos.driver();
            // The slice starts once every worker runs: on a loaded machine a new thread may wait a while.
            spinUntil(() -> rs.ready.get() == workers, HANG);
            long deadline = System.nanoTime() + slice.toNanos();
            try {
                for (int k = 0; k < maxRounds && !rs.stop && (k < MIN_ROUNDS || System.nanoTime() - deadline < 0); k++) {
                    Chaos.driverQuiet(true);
                    R r = setup.make(k, driverRandom);
                    rs.rounds.add(r);
                    rs.current = r;
                    // Play the event only once a worker is at work on the round (bounded: never a verdict).
                    if (interleaved) {
                        for (int n = 0; rs.touched != r && n < 4; n++) {
                            Thread.yield();
                        }
                    } else {
                        for (long end = System.nanoTime() + TOUCH.toNanos(); rs.touched != r && System.nanoTime() - end < 0; ) {
                            Thread.onSpinWait();
                        }
                    }
                    Chaos.driverQuiet(false);
                    Chaos.pauseAt(driverRandom.nextInt(4) == 0 ? 0 : 1 + driverRandom.nextInt(DEPTH));
                    driver.drive(r, driverRandom);
                    Chaos.pauseAt(0);
                    Chaos.driverQuiet(true);
                    check.check(r, k);
                }
            } finally {
                rs.stop = true;
            }
        };
        Crew.WorkerBody workerBody = i -> rs.work(i, random[i], worker);
        if (interleaved) {
            VirtualTeam crew = new VirtualTeam("worker", workers, workerBody);
            VirtualTeam drivers = new VirtualTeam("driver", 1, driverBody);
            try {
                crew.start();
                drivers.start();
                long hangAt = started + slice.toNanos() + HANG.toNanos();
                while (!drivers.awaitQuietly(Duration.ofMillis(5))) {
                    crew.rethrow();
                    drivers.rethrow();
                    if (System.nanoTime() - hangAt > 0) {
                        drivers.join(Duration.ofMillis(1), expected);
                    }
                }
                drivers.join(HANG, expected);
                crew.join(HANG, expected);
            } finally {
                rs.stop = true;
            }
        } else {
            Crew drivers = trial.crew("driver", 1, driverBody);
            Crew crew = trial.crew("worker", workers, workerBody);
            try {
                crew.start();
                drivers.start();
                long hangAt = started + slice.toNanos() + HANG.toNanos();
                while (!drivers.awaitQuietly(Duration.ofMillis(5))) {
                    crew.rethrow();
                    drivers.rethrow();
                    if (System.nanoTime() - hangAt > 0) {
                        drivers.join(Duration.ofMillis(1), expected); // throws a Hang with where the driver waits
                    }
                }
                drivers.join(HANG, expected);
                crew.join(HANG, expected);
            } finally {
                rs.stop = true;
            }
        }
        for (int k = 0; k < rs.rounds.size(); k++) {
            finalCheck.check(rs.rounds.get(k), k);
        }
        return rs.rounds.size();
    }

    private void work(int i, SplittableRandom random, Worker<R> worker) throws Exception {
        R last = null;
        boolean idle = true;
        int waited = 0;
        ready.incrementAndGet();
        while (!stop) {
            R r = current;
            if (r != last) {
                last = r;
                idle = r == null;
                waited = 0;
                touched = r;
            }
            if (idle) {
                if (Thread.currentThread().isVirtual()) {
                    idleYield(++waited);
                } else if (++waited < 200) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
                continue;
            }
            idle = !worker.step(r, i, random);
        }
    }

    /**
     * An idle step of a virtual thread in the interleaved phase: a yield, and now and then a
     * sleep of a microsecond. On one carrier, a yielded thread goes back on the carrier's own
     * queue, while anything submitted from elsewhere (an unpark by another virtual thread, the end
     * of a timed wait) waits until that queue is empty: the short sleeps let it empty, so a thread
     * that blocked in learner code is never starved by threads that idle.
     */
    static void idleYield(int waited) {
        if ((waited & 63) == 0) {
            try {
                Thread.sleep(0, 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            Thread.yield();
        }
    }

    /** Makes the calling worker pause at a random one of its next few synchronization steps (2 calls in 3). */
    static void pauseSomewhere(SplittableRandom random) {
        Chaos.pauseAt(random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(4));
    }

    /** Busy-waits a random number of pause instructions (0 .. max-1): shifts a thread against the others. */
    static void jitter(SplittableRandom random, int max) {
        int n = random.nextInt(max);
        if (Thread.currentThread().isVirtual()) {
            if (n < max / 4) {
                Thread.yield(); // interleaved phase: let another thread run a while instead of spinning
            }
            return;
        }
        for (; n > 0; n--) {
            Thread.onSpinWait();
        }
    }

    /**
     * Waits (spinning, then yielding) until {@code done} holds; the grader's own wait for its
     * workers, bounded so that a worker stuck in learner code is reported as a hang elsewhere.
     */
    static boolean spinUntil(java.util.function.BooleanSupplier done, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        for (int n = 0; !done.getAsBoolean(); n++) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            if (Thread.currentThread().isVirtual()) {
                idleYield(n + 1);
            } else if (n < 200) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return true;
    }

    /** Adds a trial's figure to the running total of a scenario's metric. */
    static void addMetric(Trial trial, String name, long value) {
        String before = trial.metric(name);
        trial.metric(name, (before == null ? 0L : Long.parseLong(before)) + value);
    }

}
