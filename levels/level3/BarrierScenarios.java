package level3;

import static level3.Support.HANG;
import static level3.Support.SHORT_HANG;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Hang;
import ladder.grading.Scenario;
import ladder.grading.Trial;
import ladder.grading.Violation;
import ladder.level3.CyclicBarrier;
import level3.Support.Done;
import level3.Support.Kind;

/** The CyclicBarrier scenarios: one per property of the curriculum. */
final class BarrierScenarios {

    private BarrierScenarios() {}

    private static final String SUBJECT = "CyclicBarrier";

    static List<Scenario> all() {
        return List.of(argumentChecks(), arrivalIndices(), noRunAhead(), actionOnce(), interruptBreaks(), actionFails(),
                reset(), waitersBlock());
    }

    /** isBroken() for a message, never throwing. */
    private static String stateOf(CyclicBarrier b) {
        try {
            return "isBroken() = " + b.isBroken();
        } catch (Throwable e) {
            return "isBroken() threw " + e;
        }
    }

    private static CyclicBarrier newBarrier(Trial t, int parties, Runnable action) {
        return t.call("new CyclicBarrier(" + parties + ", " + (action == null ? "null" : "action") + ")",
                () -> new CyclicBarrier(parties, action));
    }

    /**
     * {@code parties} fresh threads arrive together; all must be released with each index once.
     * Used to show that a barrier is usable (after reset, after breaking).
     */
    static int[] fullGeneration(Trial t, CyclicBarrier b, int parties, String context) throws InterruptedException {
        Done[] done = new Done[parties];
        Crew crew = t.crew("party", parties, i -> done[i] = Support.awaitBarrier(b)).withRandomUnparks();
        crew.start();
        Support.join(crew, SHORT_HANG, parties + " parties arriving " + context + " are released together", stateOf(b));
        int[] idx = new int[parties];
        for (int i = 0; i < parties; i++) {
            if (done[i].kind() != Kind.RETURNED) {
                throw t.fail(parties + " parties arrived " + context + ": " + Support.describe("party", done),
                        "all of them return an index: the barrier is usable again");
            }
            idx[i] = done[i].index();
        }
        if (!Support.isPermutation(idx)) {
            throw t.fail(parties + " parties arrived " + context + " and got the indices " + Support.list(idx),
                    "each of 0.." + (parties - 1) + " exactly once");
        }
        return idx;
    }

    private static void expectBroken(Trial t, CyclicBarrier b, boolean broken, String when) {
        boolean is = t.call("isBroken()", () -> b.isBroken());
        if (is != broken) {
            throw t.fail("isBroken() is " + is + " " + when, String.valueOf(broken)
                    + (broken ? ": the barrier stays broken until reset()" : ": reset() leaves the barrier unbroken"));
        }
    }

    /** Counts how a race came out, across the trials of one scenario, for the metric. */
    private static final class Tally {
        private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

        void add(Trial t, String name, String outcome) {
            counts.computeIfAbsent(outcome, k -> new LongAdder()).increment();
            StringBuilder sb = new StringBuilder();
            counts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(" ×").append(v.sum()));
            t.metric(name, sb.toString());
        }
    }

    // ------------------------------------------------------------------------------------------

    static Scenario argumentChecks() {
        return Scenario.named("barrier-argument-checks").subject(SUBJECT)
                .proves("new CyclicBarrier(parties, action) refuses parties < 1 with IllegalArgumentException and accepts "
                        + "a null action; getParties() reports parties; a new barrier is not broken; one party never waits")
                .trials(1).budget(Duration.ofMillis(100))
                .body(t -> {
                    Support.expectIllegalArgument(t, "new CyclicBarrier(0, null)", () -> new CyclicBarrier(0, null));
                    Support.expectIllegalArgument(t, "new CyclicBarrier(-1, action)", () -> new CyclicBarrier(-1, () -> { }));
                    Support.expectIllegalArgument(t, "new CyclicBarrier(Integer.MIN_VALUE, null)",
                            () -> new CyclicBarrier(Integer.MIN_VALUE, null));
                    for (int parties : new int[] {1, 3, 1000}) {
                        CyclicBarrier b = newBarrier(t, parties, null);
                        int p = t.call("getParties()", () -> b.getParties());
                        t.check(p == parties, "getParties() of a new CyclicBarrier(" + parties + ", null) is " + p,
                                String.valueOf(parties));
                        expectBroken(t, b, false, "on a new barrier");
                    }
                    CyclicBarrier alone = newBarrier(t, 1, null);
                    AtomicInteger runs = new AtomicInteger();
                    AtomicReference<Thread> ranOn = new AtomicReference<>();
                    CyclicBarrier aloneWithAction = newBarrier(t, 1, () -> {
                        runs.incrementAndGet();
                        ranOn.set(Thread.currentThread());
                    });
                    Crew solo = t.crew("solo", 1, i -> {
                        for (int k = 1; k <= 3; k++) {
                            int idx = alone.await();
                            if (idx != 0) {
                                throw t.fail("with 1 party and a null action, await() returned " + idx, "0: the caller is the last to arrive");
                            }
                            idx = aloneWithAction.await();
                            if (idx != 0) {
                                throw t.fail("with 1 party, await() returned " + idx, "0: the caller is the last to arrive");
                            }
                            if (runs.get() != k || ranOn.get() != Thread.currentThread()) {
                                throw t.fail("with 1 party, after " + k + " await() calls the action had run " + runs.get()
                                        + " times" + (ranOn.get() == Thread.currentThread() ? "" : ", on another thread"),
                                        k + " times, on the caller's thread, before await() returns");
                            }
                        }
                    });
                    solo.start();
                    Support.join(solo, SHORT_HANG, "with 1 party, await() runs the action and returns 0 at once", null);
                    fullGeneration(t, newBarrier(t, 2, null), 2, "at a barrier of 2 with a null action");
                });
    }

    // ------------------------------------------------------------------------------------------

    static Scenario arrivalIndices() {
        return Scenario.named("barrier-arrival-indices").subject(SUBJECT)
                .proves("await() returns the arrival index: parties - 1 for the first to arrive, 0 for the last, each "
                        + "index exactly once per generation")
                .trials(8).budget(Duration.ofMillis(200))
                .body(t -> {
                    orderedArrivals(t);
                    concurrentArrivals(t);
                });
    }

    /** Parties arrive one at a time, each once the previous one is asleep in await(). */
    private static void orderedArrivals(Trial t) throws InterruptedException {
        int parties = 2 + t.random().nextInt(4);
        int gens = 2;
        CyclicBarrier b = newBarrier(t, parties, t.index() % 2 == 0 ? null : () -> { });
        AtomicInteger turn = new AtomicInteger(-1);
        Support.Entering[] entering = new Support.Entering[gens * parties];
        for (int k = 0; k < entering.length; k++) {
            entering[k] = new Support.Entering();
        }
        int[][] got = new int[gens][parties];
        Crew crew = t.crew("party", parties, i -> {
            for (int g = 0; g < gens; g++) {
                int me = g * parties + i;
                Support.pollUntil(() -> turn.get() >= me);
                entering[me].now();
                Done d = Support.awaitBarrier(b);
                if (d.kind() != Kind.RETURNED) {
                    throw t.fail("party-" + i + " " + d.describe() + " in generation " + (g + 1)
                            + " although nobody was interrupted and nobody called reset()", "await() returns an index");
                }
                int lastTurn = g * parties + parties - 1;
                if (turn.get() < lastTurn) {
                    throw t.fail("party-" + i + "'s await() returned in generation " + (g + 1) + " before party-"
                                    + (parties - 1) + ", the last of the " + parties + " parties, had even been let in (only "
                                    + (turn.get() - g * parties + 1) + " of " + parties + " had been let in)",
                            "await() returns only once every party of its generation has arrived")
                            .detail("A thread released from one generation that arrives again belongs to the next: it must "
                                    + "wait for that generation, and a wake-up only means \"look again\".");
                }
                got[g][i] = d.index();
            }
        }).withRandomUnparks();
        crew.start();
        for (int g = 0; g < gens; g++) {
            for (int i = 0; i < parties; i++) {
                int me = g * parties + i;
                turn.set(me);
                if (i < parties - 1) {
                    // the next party comes in only once this one sits in await(): then the order is known
                    entering[me].awaitAsleep(List.of(crew.thread(i)), 1);
                }
                crew.rethrow();
            }
        }
        Support.join(crew, HANG, "every generation trips once its last party arrives", stateOf(b));
        for (int g = 0; g < gens; g++) {
            int[] expected = new int[parties];
            for (int i = 0; i < parties; i++) {
                expected[i] = parties - 1 - i;
            }
            if (!java.util.Arrays.equals(got[g], expected)) {
                throw t.fail("in generation " + (g + 1) + " of a barrier of " + parties + ", the parties arrived one at a time "
                                + "(party-0 first, each once the previous one slept in await()) and got " + Support.list(got[g]),
                        Support.list(expected) + ": the first to arrive gets parties - 1, the last 0");
            }
        }
    }

    /** All parties arrive at once, for many generations: each index exactly once per generation. */
    private static void concurrentArrivals(Trial t) throws InterruptedException {
        int parties = 3 + t.random().nextInt(3);
        int gens = 200;
        CyclicBarrier b = newBarrier(t, parties, null);
        int[][] idx = new int[gens][parties];
        long[][] spins = new long[gens][parties];
        for (long[] row : spins) {
            for (int i = 0; i < parties; i++) {
                row[i] = t.random().nextInt(3) == 0 ? t.random().nextLong(0, 3_000) : 0;
            }
        }
        AtomicIntegerArray reached = new AtomicIntegerArray(parties);
        Crew crew = t.crew("party", parties, i -> {
            for (int g = 0; g < gens; g++) {
                Trial.spin(spins[g][i]);
                reached.set(i, g + 1);
                Done d = Support.awaitBarrier(b);
                if (d.kind() != Kind.RETURNED) {
                    throw t.fail("party-" + i + " " + d.describe() + " in generation " + (g + 1)
                            + " although nobody was interrupted and nobody called reset()", "await() returns an index");
                }
                checkGeneration(t, reached, parties, i, g + 1);
                idx[g][i] = d.index();
            }
        }).withRandomUnparks();
        crew.start();
        Support.join(crew, HANG, "all " + gens + " generations of " + parties + " parties trip", stateOf(b));
        for (int g = 0; g < gens; g++) {
            if (!Support.isPermutation(idx[g])) {
                throw t.fail("in generation " + (g + 1) + " (" + parties + " parties arriving at once) the arrival indices were "
                                + Support.list(idx[g]), "each of 0.." + (parties - 1) + " exactly once")
                        .detail("Take the index from the same atomic step that counts the arrival: two parties that read "
                                + "the same count get the same index.");
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    static Scenario noRunAhead() {
        return Scenario.named("barrier-no-run-ahead").subject(SUBJECT)
                .proves("Over thousands of generations with fast and slow parties, nobody is released before every party "
                        + "has arrived, and nobody runs ahead through the next generation")
                .trials(3).budget(Duration.ofMillis(450))
                .body(t -> {
                    int parties = 3 + t.index() % 3;
                    int gens = 1500;
                    // In blocks of 50 generations: one slow party (the others wait for it, then race ahead) or
                    // none (everyone arrives at once, and releases cross arrivals).
                    int[] slowOf = new int[gens / 50 + 1];
                    for (int k = 0; k < slowOf.length; k++) {
                        slowOf[k] = t.random().nextBoolean() ? -1 : t.random().nextInt(parties);
                    }
                    AtomicInteger actions = new AtomicInteger(); // an action that does little: run-ahead is the point here
                    CyclicBarrier b = newBarrier(t, parties, t.index() % 2 == 0 ? actions::incrementAndGet : null);
                    AtomicIntegerArray reached = new AtomicIntegerArray(parties);
                    SplittableRandom[] rnd = new SplittableRandom[parties];
                    for (int p = 0; p < parties; p++) {
                        rnd[p] = t.random().split();
                    }
                    Crew crew = t.crew("party", parties, p -> {
                        SplittableRandom r = rnd[p];
                        for (int g = 1; g <= gens; g++) {
                            if (p == slowOf[g / 50]) {
                                Trial.spin(r.nextLong(2_000, 20_000));
                                if (g % 100 == 0) {
                                    LockSupport.parkNanos(200_000L);
                                }
                            } else if (r.nextInt(8) == 0) {
                                Trial.spin(r.nextLong(0, 2_000));
                            }
                            reached.set(p, g);
                            Done d = Support.awaitBarrier(b);
                            if (d.kind() != Kind.RETURNED) {
                                throw t.fail("party-" + p + " " + d.describe() + " in generation " + g
                                        + " although nobody was interrupted and nobody called reset()", "await() returns an index");
                            }
                            checkGeneration(t, reached, parties, p, g);
                        }
                    }).withRandomUnparks();
                    long start = System.nanoTime();
                    crew.start();
                    Support.join(crew, Duration.ofSeconds(10), "all " + gens + " generations of " + parties + " parties trip",
                            stateOf(b));
                    long took = System.nanoTime() - start;
                    t.metric("generations per trial", gens + " (" + parties + " parties)");
                    t.metric("time per generation", String.format(java.util.Locale.ROOT, "%.0f µs", took / 1e3 / gens));
                });
    }

    /**
     * Party {@code p} just returned from generation {@code g} (generations counted from 1; each
     * party writes its generation to {@code reached} before it awaits): every party must have
     * arrived in g, and none can be past g + 1, which needs p's own arrival to trip.
     */
    static void checkGeneration(Trial t, AtomicIntegerArray reached, int parties, int p, int g) {
        for (int q = 0; q < parties; q++) {
            int at = reached.get(q);
            if (at < g) {
                throw t.fail("party-" + p + " was released from generation " + g + " while party-" + q
                                + " had only reached generation " + at,
                        "nobody is released before every party has arrived in its generation")
                        .detail("A thread that comes back to the barrier belongs to the NEXT generation: it must wait "
                                + "for that generation to end, never use a release (a permit, a flag, a count) meant for "
                                + "the previous one. Tie each wait to the generation the thread arrived in.");
            }
            if (at > g + 1) {
                throw t.fail("party-" + q + " had already reached generation " + at + " while party-" + p
                                + " was just leaving generation " + g + ": party-" + q + " ran through generation "
                                + (g + 1) + " without party-" + p,
                        "no party gets through generation " + (g + 1) + " before party-" + p + " arrives there")
                        .detail("A thread that comes back to the barrier belongs to the NEXT generation: it must wait "
                                + "for that generation to end, never use a release (a permit, a flag, a count) meant for "
                                + "the previous one. Tie each wait to the generation the thread arrived in.");
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    /** What the barrier action writes: a plain field, read by the parties after await(). */
    static final class ActionRecord {
        int runs;
    }

    static Scenario actionOnce() {
        return Scenario.named("barrier-action-once-before-release").subject(SUBJECT)
                .proves("The barrier action runs exactly once per generation, on the last arriving thread, after every "
                        + "party has arrived and before anyone is released; what it writes is visible to every party")
                .trials(4).budget(Duration.ofMillis(250))
                .body(t -> {
                    int parties = 3 + t.random().nextInt(3);
                    int gens = 400;
                    ActionRecord record = new ActionRecord();
                    Thread[] ranOn = new Thread[gens + 2];
                    AtomicInteger inAction = new AtomicInteger();
                    AtomicReference<Violation> problem = new AtomicReference<>();
                    AtomicIntegerArray reached = new AtomicIntegerArray(parties);
                    long[] actionSpin = new long[gens + 2];
                    for (int k = 0; k < actionSpin.length; k++) {
                        actionSpin[k] = t.random().nextLong(0, 15_000);
                    }
                    Runnable action = () -> {
                        if (inAction.incrementAndGet() != 1) {
                            problem.compareAndSet(null, t.fail("two barrier actions ran at the same time",
                                    "one action per generation, run by its last arriver"));
                        }
                        int k = record.runs + 1;
                        for (int q = 0; q < parties; q++) {
                            int at = reached.get(q);
                            if (at < k) {
                                problem.compareAndSet(null, t.fail("action number " + k + " ran while party-" + q
                                        + " had only reached generation " + at, "the action runs once every party has arrived"));
                            }
                        }
                        ranOn[Math.min(k, ranOn.length - 1)] = Thread.currentThread();
                        Trial.spin(actionSpin[Math.min(k, actionSpin.length - 1)]);
                        record.runs = k;
                        inAction.decrementAndGet();
                    };
                    CyclicBarrier b = newBarrier(t, parties, action);
                    Crew crew = t.crew("party", parties, p -> {
                        for (int g = 1; g <= gens; g++) {
                            reached.set(p, g);
                            Done d = Support.awaitBarrier(b);
                            if (d.kind() != Kind.RETURNED) {
                                throw t.fail("party-" + p + " " + d.describe() + " in generation " + g
                                        + " although nobody was interrupted and nobody called reset()", "await() returns an index");
                            }
                            Violation v = problem.get();
                            if (v != null) {
                                throw v;
                            }
                            int runs = record.runs;
                            if (runs < g) {
                                throw t.fail("party-" + p + " was released from generation " + g + " when the action had run "
                                                + "only " + runs + " times (or its writes were not visible)",
                                        "the action of generation " + g + " has run, and its writes are visible, before anyone "
                                                + "is released").detail("Run the action first, then open the next generation "
                                        + "and wake the waiters: the write that releases them must come after the action.");
                            }
                            if (runs > g) {
                                throw t.fail("when party-" + p + " left generation " + g + " the action had run " + runs + " times",
                                        g + ": exactly once per generation").detail("Only the last arriver (index 0) runs the action.");
                            }
                            if (d.index() == 0 && ranOn[g] != Thread.currentThread()) {
                                Thread other = ranOn[g];
                                throw t.fail("the action of generation " + g + " ran on " + (other == null ? "no thread" : other.getName())
                                                + ", but party-" + p + " arrived last (await() returned 0)",
                                        "the last arriver runs the action on its own thread, before it returns 0");
                            }
                        }
                    }).withRandomUnparks();
                    crew.start();
                    Support.join(crew, Duration.ofSeconds(8), "all " + gens + " generations of " + parties + " parties trip",
                            stateOf(b));
                    Violation v = problem.get();
                    if (v != null) {
                        throw v;
                    }
                    t.check(record.runs == gens, "the action ran " + record.runs + " times in " + gens + " generations",
                            gens + ": once per generation");
                });
    }

    // ------------------------------------------------------------------------------------------

    static Scenario interruptBreaks() {
        Tally tally = new Tally();
        return Scenario.named("barrier-interrupt-breaks").subject(SUBJECT)
                .proves("An interrupted waiter breaks the barrier: it throws InterruptedException, the other waiters and "
                        + "every later arrival get BrokenBarrierException, and isBroken() is true until reset()")
                .trials(8).budget(Duration.ofMillis(200))
                .body(t -> {
                    interruptWhileWaiting(t);
                    interruptRacingTheLastArrival(t, tally);
                });
    }

    private static void interruptWhileWaiting(Trial t) throws InterruptedException {
        int parties = 3 + t.random().nextInt(3);
        AtomicInteger runs = new AtomicInteger();
        CyclicBarrier b = newBarrier(t, parties, runs::incrementAndGet);
        int waiting = parties - 1;
        int victim = t.random().nextInt(waiting);
        Done[] done = new Done[waiting];
        Support.Entering entering = new Support.Entering();
        Crew waiters = t.crew("waiter", waiting, i -> {
            entering.now();
            done[i] = Support.awaitBarrier(b);
        }).withRandomUnparks();
        waiters.start();
        entering.awaitAsleep(waiters.threads(), waiting);
        waiters.thread(victim).interrupt();
        String context = waiting + " of " + parties + " parties were waiting and waiter-" + victim + " was interrupted";
        try {
            waiters.join(SHORT_HANG, "the interrupted waiter throws InterruptedException and every other waiter "
                    + "BrokenBarrierException: an interrupt breaks the barrier for all");
        } catch (Hang h) {
            throw new Hang(h.observed() + " (" + context + "; so far: " + Support.describe("waiter", done) + "; " + stateOf(b) + ")",
                    h.expected(), h.threads());
        }
        for (int i = 0; i < waiting; i++) {
            if (i == victim && done[i].kind() != Kind.INTERRUPTED) {
                throw t.fail(context + ": its await() " + done[i].describe(), "InterruptedException from the interrupted waiter")
                        .detail("all: " + Support.describe("waiter", done));
            }
            if (i != victim && done[i].kind() != Kind.BROKEN) {
                throw t.fail(context + ": waiter-" + i + " " + done[i].describe(),
                        "BrokenBarrierException for every other waiter: the interrupt broke the barrier")
                        .detail("all: " + Support.describe("waiter", done));
            }
        }
        t.check(runs.get() == 0, "the action ran " + runs.get() + " times although only " + waiting + " of " + parties
                + " parties arrived", "0: the generation never completed");
        expectBroken(t, b, true, "after waiter-" + victim + "'s interrupt broke the barrier");
        Done[] late = new Done[1];
        Crew latecomer = t.crew("late-arrival", 1, i -> late[0] = Support.awaitBarrier(b));
        latecomer.start();
        Support.join(latecomer, SHORT_HANG, "await() on a broken barrier throws BrokenBarrierException at once", stateOf(b));
        if (late[0].kind() != Kind.BROKEN) {
            throw t.fail("a thread arriving at the broken barrier " + late[0].describe(),
                    "BrokenBarrierException at once: the barrier stays broken until reset()");
        }
        expectBroken(t, b, true, "after a late arrival at the broken barrier");
        t.call("reset()", () -> b.reset());
        expectBroken(t, b, false, "after reset()");
        fullGeneration(t, b, parties, "after the broken barrier was reset()");
        t.check(runs.get() == 1, "the action ran " + runs.get() + " times for the one generation after reset()", "1");
    }

    private static void interruptRacingTheLastArrival(Trial t, Tally tally) throws InterruptedException {
        int parties = 3 + t.random().nextInt(2);
        AtomicInteger runs = new AtomicInteger();
        CyclicBarrier b = newBarrier(t, parties, runs::incrementAndGet);
        int waiting = parties - 1;
        int victim = t.random().nextInt(waiting);
        long lastSpin = t.random().nextLong(0, 40_000);
        long mainSpin = t.random().nextLong(0, 40_000);
        AtomicBoolean go = new AtomicBoolean();
        AtomicBoolean interruptDone = new AtomicBoolean();
        Done[] done = new Done[waiting];
        boolean[] keptInterrupt = new boolean[1];
        Support.Entering entering = new Support.Entering();
        Crew waiters = t.crew("waiter", waiting, i -> {
            entering.now();
            done[i] = Support.awaitBarrier(b);
            if (i == victim) {
                Support.pollUntil(interruptDone::get);
                keptInterrupt[0] = Thread.interrupted();
            }
        }).withRandomUnparks();
        Done[] last = new Done[1];
        Crew lastOne = t.crew("last", 1, i -> {
            Support.pollUntil(go::get);
            Trial.spin(lastSpin);
            last[0] = Support.awaitBarrier(b);
        });
        waiters.start();
        lastOne.start();
        entering.awaitAsleep(waiters.threads(), waiting);
        go.set(true);
        Trial.spin(mainSpin);
        waiters.thread(victim).interrupt();
        interruptDone.set(true);
        String context = "waiter-" + victim + " was interrupted just as the last of " + parties + " parties arrived";
        String expected = "either the barrier tripped first (everyone returns an index; waiter-" + victim
                + " keeps its interrupt status) or the interrupt broke it first (InterruptedException for waiter-" + victim
                + ", BrokenBarrierException for every other party, the last one included)";
        try {
            waiters.join(SHORT_HANG, expected);
            lastOne.join(SHORT_HANG, expected);
        } catch (Hang h) {
            throw new Hang(h.observed() + " (" + context + "; so far: " + Support.describe("waiter", done) + ", last "
                    + (last[0] == null ? Done.RUNNING : last[0]).describe() + ")", h.expected(), h.threads());
        }
        String seen = Support.describe("waiter", done) + ", last " + last[0].describe();
        boolean allReturned = last[0].kind() == Kind.RETURNED;
        boolean broke = done[victim].kind() == Kind.INTERRUPTED && last[0].kind() == Kind.BROKEN;
        for (int i = 0; i < waiting; i++) {
            allReturned &= done[i].kind() == Kind.RETURNED;
            broke &= i == victim || done[i].kind() == Kind.BROKEN;
        }
        if (allReturned) {
            int[] idx = new int[parties];
            for (int i = 0; i < waiting; i++) {
                idx[i] = done[i].index();
            }
            idx[waiting] = last[0].index();
            if (!Support.isPermutation(idx)) {
                throw t.fail(context + "; the barrier tripped with the indices " + Support.list(idx),
                        "each of 0.." + (parties - 1) + " exactly once");
            }
            if (!keptInterrupt[0]) {
                throw t.fail(context + ": the barrier tripped and waiter-" + victim
                                + " returned normally, but its interrupt status was cleared",
                        "an interrupt that comes too late to break the barrier is kept: the thread returns its index "
                                + "with its interrupt status still set").detail("If your wait loop consumed the interrupt "
                        + "(Thread.interrupted()) and then found its generation tripped, set it again: "
                        + "Thread.currentThread().interrupt().");
            }
            t.check(runs.get() == 1, "the action ran " + runs.get() + " times in the generation that tripped", "1");
            expectBroken(t, b, false, "after the generation tripped");
            tally.add(t, "interrupt vs last arrival", "tripped first");
        } else if (broke) {
            t.check(runs.get() == 0, "the action ran although the barrier broke", "0");
            expectBroken(t, b, true, "after the interrupt broke the barrier");
            t.call("reset()", () -> b.reset());
            fullGeneration(t, b, parties, "after reset()");
            tally.add(t, "interrupt vs last arrival", "broken first");
        } else {
            throw t.fail(context + ": " + seen, expected);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Thrown by the grader's barrier action on purpose. */
    static final class ActionFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ActionFailure() {
            super("the grader's barrier action failed on purpose", null, false, false);
        }
    }

    private static boolean causedByActionFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ActionFailure) {
                return true;
            }
        }
        return false;
    }

    static Scenario actionFails() {
        return Scenario.named("barrier-action-fails").subject(SUBJECT)
                .proves("If the barrier action throws, the barrier breaks: the last arriver gets the action's exception, "
                        + "the other waiters BrokenBarrierException, and reset() makes it usable again")
                .trials(6).budget(Duration.ofMillis(150))
                .body(t -> {
                    int parties = 2 + t.random().nextInt(3);
                    AtomicBoolean failNext = new AtomicBoolean(true);
                    AtomicInteger runs = new AtomicInteger();
                    CyclicBarrier b = newBarrier(t, parties, () -> {
                        runs.incrementAndGet();
                        if (failNext.get()) {
                            throw new ActionFailure();
                        }
                    });
                    int waiting = parties - 1;
                    Done[] done = new Done[waiting];
                    Support.Entering entering = new Support.Entering();
                    Crew waiters = t.crew("waiter", waiting, i -> {
                        entering.now();
                        done[i] = Support.awaitBarrier(b);
                    }).withRandomUnparks();
                    Done[] last = new Done[1];
                    Crew lastOne = t.crew("last", 1, i -> {
                        try {
                            last[0] = Support.awaitBarrier(b);
                        } catch (Exception e) {
                            if (!causedByActionFailure(e)) {
                                throw e;
                            }
                            last[0] = new Done(Kind.ACTION_FAILED, -1);
                        } catch (Error e) {
                            if (!causedByActionFailure(e)) {
                                throw e;
                            }
                            last[0] = new Done(Kind.ACTION_FAILED, -1);
                        }
                    });
                    waiters.start();
                    entering.awaitAsleep(waiters.threads(), waiting);
                    lastOne.start();
                    String expected = "the last arriver's await() throws the action's exception and every waiter gets "
                            + "BrokenBarrierException: a failed action breaks the barrier";
                    try {
                        lastOne.join(SHORT_HANG, expected);
                        waiters.join(SHORT_HANG, expected);
                    } catch (Hang h) {
                        throw new Hang(h.observed() + " (the barrier action threw; so far: " + Support.describe("waiter", done)
                                + ", last " + (last[0] == null ? Done.RUNNING : last[0]).describe() + ")",
                                h.expected(), h.threads());
                    }
                    String seen = Support.describe("waiter", done) + ", last " + last[0].describe();
                    t.check(runs.get() == 1, "the action ran " + runs.get() + " times", "once");
                    if (last[0].kind() != Kind.ACTION_FAILED) {
                        throw t.fail("the barrier action threw, and the last arriver's await() " + last[0].describe(),
                                "the action's own exception, thrown from the last arriver's await()").detail("all: " + seen);
                    }
                    for (int i = 0; i < waiting; i++) {
                        if (done[i].kind() != Kind.BROKEN) {
                            throw t.fail("the barrier action threw, and waiter-" + i + " " + done[i].describe(),
                                    "BrokenBarrierException: a failed action breaks the barrier").detail("all: " + seen);
                        }
                    }
                    expectBroken(t, b, true, "after the barrier action threw");
                    failNext.set(false);
                    t.call("reset()", () -> b.reset());
                    expectBroken(t, b, false, "after reset()");
                    fullGeneration(t, b, parties, "after reset()");
                    t.check(runs.get() == 2, "the action ran " + runs.get() + " times in all", "2: once per generation");
                });
    }

    // ------------------------------------------------------------------------------------------

    static Scenario reset() {
        Tally tally = new Tally();
        return Scenario.named("barrier-reset").subject(SUBJECT)
                .proves("reset() breaks the current waiters (BrokenBarrierException) and leaves the barrier unbroken and "
                        + "usable for a new generation")
                .trials(8).budget(Duration.ofMillis(200))
                .body(t -> {
                    resetWithWaiters(t);
                    resetRacingTheLastArrival(t, tally);
                });
    }

    private static void resetWithWaiters(Trial t) throws InterruptedException {
        int parties = 3 + t.random().nextInt(3);
        AtomicInteger runs = new AtomicInteger();
        CyclicBarrier b = newBarrier(t, parties, runs::incrementAndGet);
        int waiting = parties - 1;
        Done[] done = new Done[waiting];
        Support.Entering entering = new Support.Entering();
        Crew waiters = t.crew("waiter", waiting, i -> {
            entering.now();
            done[i] = Support.awaitBarrier(b);
        }).withRandomUnparks();
        waiters.start();
        entering.awaitAsleep(waiters.threads(), waiting);
        t.call("reset()", () -> b.reset());
        expectBroken(t, b, false, "right after reset() returned");
        try {
            waiters.join(SHORT_HANG, "reset() wakes every waiter with BrokenBarrierException");
        } catch (Hang h) {
            throw new Hang(h.observed() + " (reset() was called while " + waiting + " of " + parties + " parties waited; so far: "
                    + Support.describe("waiter", done) + ")", h.expected(), h.threads());
        }
        for (int i = 0; i < waiting; i++) {
            if (done[i].kind() != Kind.BROKEN) {
                throw t.fail("reset() was called while " + waiting + " of " + parties + " parties waited, and waiter-" + i + " "
                        + done[i].describe(), "BrokenBarrierException: reset() breaks the current waiters")
                        .detail("all: " + Support.describe("waiter", done));
            }
        }
        t.check(runs.get() == 0, "the action ran although the generation was reset before it completed", "0");
        expectBroken(t, b, false, "after reset() and its waiters left");
        fullGeneration(t, b, parties, "after reset()");
        t.call("reset()", () -> b.reset()); // with nobody waiting: changes nothing
        expectBroken(t, b, false, "after reset() with nobody waiting");
        fullGeneration(t, b, parties, "after a reset() with nobody waiting");
        t.check(runs.get() == 2, "the action ran " + runs.get() + " times for the 2 generations after reset()", "2");
    }

    private static void resetRacingTheLastArrival(Trial t, Tally tally) throws InterruptedException {
        int parties = 3 + t.random().nextInt(2);
        CyclicBarrier b = newBarrier(t, parties, null);
        int waiting = parties - 1;
        long lastSpin = t.random().nextLong(0, 40_000);
        long mainSpin = t.random().nextLong(0, 40_000);
        AtomicBoolean go = new AtomicBoolean();
        AtomicBoolean lastCalling = new AtomicBoolean();
        Done[] done = new Done[waiting];
        Support.Entering entering = new Support.Entering();
        Crew waiters = t.crew("waiter", waiting, i -> {
            entering.now();
            done[i] = Support.awaitBarrier(b);
        }).withRandomUnparks();
        Done[] last = new Done[1];
        Crew lastOne = t.crew("last", 1, i -> {
            Support.pollUntil(go::get);
            Trial.spin(lastSpin);
            lastCalling.set(true);
            last[0] = Support.awaitBarrier(b);
        });
        waiters.start();
        lastOne.start();
        entering.awaitAsleep(waiters.threads(), waiting);
        go.set(true);
        Trial.spin(mainSpin);
        t.call("reset()", () -> b.reset());
        String context = "reset() was called just as the last of " + parties + " parties arrived";
        try {
            waiters.join(SHORT_HANG, "every waiter either returns (the barrier tripped before the reset) or gets "
                    + "BrokenBarrierException (the reset came first)");
        } catch (Hang h) {
            throw new Hang(h.observed() + " (" + context + "; so far: " + Support.describe("waiter", done) + ")",
                    h.expected(), h.threads());
        }
        boolean allReturned = true;
        boolean allBroken = true;
        for (Done d : done) {
            allReturned &= d.kind() == Kind.RETURNED;
            allBroken &= d.kind() == Kind.BROKEN;
        }
        if (allReturned) {
            Support.join(lastOne, SHORT_HANG, "the last party, which tripped the barrier, returns", stateOf(b));
            int[] idx = new int[parties];
            for (int i = 0; i < waiting; i++) {
                idx[i] = done[i].index();
            }
            idx[waiting] = last[0].index();
            if (last[0].kind() != Kind.RETURNED || !Support.isPermutation(idx)) {
                throw t.fail(context + ": " + Support.describe("waiter", done) + ", last " + last[0].describe(),
                        "the generation tripped for all: each of 0.." + (parties - 1) + " exactly once");
            }
            tally.add(t, "reset vs last arrival", "tripped first");
        } else if (allBroken) {
            if (!Trial.eventually(SHORT_HANG, lastCalling::get)) {
                throw new Hang("the last party never got to call await()", "the grader's own thread to run", lastOne.report());
            }
            Trial.awaitBlocked(lastOne.thread(0), SHORT_HANG);
            if (lastOne.finishedCount() == 1) {
                Support.join(lastOne, SHORT_HANG, "the last party finishes", stateOf(b));
                if (last[0].kind() != Kind.BROKEN) {
                    throw t.fail(context + ": the waiters got BrokenBarrierException, and the last party's await() "
                            + last[0].describe(), "BrokenBarrierException, or waiting in the fresh generation");
                }
                tally.add(t, "reset vs last arrival", "reset first, arrival broken");
            } else {
                // The last party waits in the fresh generation: complete it.
                Done[] more = new Done[waiting];
                Crew helpers = t.crew("helper", waiting, i -> more[i] = Support.awaitBarrier(b));
                helpers.start();
                String exp = "the last party, waiting in the fresh generation after reset(), and " + waiting
                        + " new parties are released together";
                Support.join(helpers, SHORT_HANG, exp, stateOf(b));
                Support.join(lastOne, SHORT_HANG, exp, stateOf(b));
                int[] idx = new int[parties];
                boolean ok = last[0].kind() == Kind.RETURNED;
                idx[waiting] = last[0].index();
                for (int i = 0; i < waiting; i++) {
                    ok &= more[i].kind() == Kind.RETURNED;
                    idx[i] = more[i].index();
                }
                if (!ok || !Support.isPermutation(idx)) {
                    throw t.fail(context + " and the last party waited in the fresh generation; with " + waiting
                                    + " more parties: " + Support.describe("helper", more) + ", last " + last[0].describe(),
                            "all return, each of 0.." + (parties - 1) + " exactly once");
                }
                tally.add(t, "reset vs last arrival", "reset first, arrival joined the new generation");
            }
        } else {
            throw t.fail(context + ": " + Support.describe("waiter", done),
                    "all waiters alike: all return (the barrier tripped before the reset) or all get "
                            + "BrokenBarrierException (the reset came first)");
        }
        expectBroken(t, b, false, "after the race between reset() and the last arrival");
    }

    // ------------------------------------------------------------------------------------------

    static Scenario waitersBlock() {
        return Scenario.named("barrier-waiters-block").subject(SUBJECT)
                .quiet() // measures CPU: noise yields would starve a spinner and hide it
                .proves("Threads waiting at the barrier block instead of spinning: they use almost no CPU")
                .trials(1).budget(Duration.ofMillis(400))
                .body(t -> {
                    int parties = 4;
                    CyclicBarrier b = newBarrier(t, parties, null);
                    int waiting = parties - 1;
                    Done[] done = new Done[parties];
                    Support.Entering entering = new Support.Entering();
                    Crew waiters = t.crew("waiter", waiting, i -> {
                        entering.now();
                        done[i] = Support.awaitBarrier(b);
                    });
                    Crew lastOne = t.crew("last", 1, i -> done[waiting] = Support.awaitBarrier(b));
                    Support.Cpu share;
                    try {
                        waiters.start();
                        entering.awaitAsleep(waiters.threads(), waiting);
                        LockSupport.parkNanos(20_000_000L); // a short spin before parking is fine: skip it
                        share = Support.cpuShares(waiters, waiting, Duration.ofMillis(200));
                    } finally {
                        lastOne.start();
                    }
                    Support.join(lastOne, HANG, "the waiters are released once the last party arrives", stateOf(b));
                    Support.join(waiters, HANG, "the waiters are released once the last party arrives", stateOf(b));
                    LatchScenarios.blockedCheck(t, share, "waiting at a barrier (" + waiting + " of " + parties + " parties arrived)");
                });
    }
}
