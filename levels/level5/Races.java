package level5;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ladder.grading.Hang;
import ladder.grading.Trial;
import ladder.grading.Violation;
import ladder.level5.Lifecycle;
import ladder.level5.Lifecycle.State;

import static level5.Checks.expect;
import static level5.Checks.mustBeClosed;
import static level5.Checks.st;

/**
 * The bodies of the concurrent scenarios. {@link ChaosLoader} loads this class (and the learner's
 * classes, with scheduling noise) in its own class loader and calls these methods; the scenarios'
 * ids, properties and budgets are in {@link LifecycleGrader}.
 *
 * <p>Each runs a {@link RoundStream}: the driver publishes a fresh Lifecycle, plays the one-shot
 * event of the round (shutdown(), the last exit(), start()) after a random short delay and goes on
 * to the next round without waiting, while workers hammer the current round. Workers call the
 * learner's methods directly: the less grader code in their loop, the larger the share of time
 * they spend inside the learner's race windows. Whatever can only be judged once every call has
 * returned is judged at the end, on every round.
 */
public final class Races {

    /** How long one trial of a concurrent scenario streams rounds. */
    private static final Duration SLICE = Duration.ofMillis(240);
    /** The start() race is cheaper to cover: one call per thread per round. */
    private static final Duration SHORT_SLICE = Duration.ofMillis(100);
    /** At most this many rounds per trial (each round is kept for the final check). */
    private static final int MAX_ROUNDS = 50_000;

    private Races() {}

    public static void startRace(Trial t) throws Exception {
        RoundStream.run(t, 2, SHORT_SLICE, MAX_ROUNDS,
                (k, r) -> new StartRace(),
                (race, r) -> {
                    RoundStream.jitter(r, 200);
                    race.call(0);
                    RoundStream.jitter(r, 400);
                },
                (race, w, r) -> {
                    RoundStream.pauseSomewhere(r);
                    race.call(w + 1);
                    Chaos.pauseAt(0);
                    return false;
                },
                (race, k) -> { },
                (race, k) -> {
                    if (race.wins.get() > 1) {
                        throw t.fail(race.wins.get() + " of " + race.calls.get() + " concurrent start() calls returned true ("
                                        + race.winners() + ")",
                                "exactly one: start() is one CAS INIT → RUNNING, and only one CAS can win it")
                                .detail(RoundStream.round(k));
                    }
                    t.check(race.wins.get() == 1, "every start() call on a new Lifecycle returned false (" + RoundStream.round(k) + ")",
                            "true for exactly one of them: the first CAS INIT → RUNNING wins");
                    expect(t, race.lc, State.RUNNING, 0, "after concurrent start() calls");
                },
                "every start() returns");
    }

    public static void statesMoveForward(Trial t) throws Exception {
        RoundStream.run(t, 2, SLICE, MAX_ROUNDS,
                (k, r) -> {
                    ForwardRound round = new ForwardRound(r.nextInt(3) == 0);
                    if (!round.fromInit) {
                        round.lc.start();
                    }
                    return round;
                },
                (round, r) -> {
                    RoundStream.jitter(r, 64);
                    boolean won = round.lc.shutdown();
                    State s = st(round.lc);
                    if (won && s.compareTo(State.DRAINING) < 0) {
                        throw t.fail("shutdown() returned true, then the same thread read state() = " + s,
                                "DRAINING or CLOSED: shutdown() moved the lifecycle forward and nothing moves it back")
                                .detail(round.story());
                    }
                    round.driverSaw = s;
                },
                (round, w, r) -> {
                    Lifecycle lc = round.lc;
                    if (round.fromInit && !round.startTried[w]) {
                        round.startTried[w] = true;
                        RoundStream.pauseSomewhere(r);
                        boolean started = lc.start();
                        Chaos.pauseAt(0);
                        if (started && st(lc) == State.INIT) {
                            throw t.fail("start() returned true, then the same thread read state() = INIT",
                                    "RUNNING or later: states only move forward");
                        }
                    }
                    if (w == 1) {
                        // the observer: every change of state() it sees, in order
                        for (int k = 0; k < 8; k++) {
                            State s = st(lc);
                            if (s != round.last) {
                                round.trace.append(round.last == null ? "" : " → ").append(s);
                                if (round.last != null && s.compareTo(round.last) < 0) {
                                    throw t.fail("an observer thread's successive state() reads went " + round.trace,
                                            "only forward: INIT → RUNNING → DRAINING → CLOSED")
                                            .detail(round.story());
                                }
                                round.last = s;
                            }
                        }
                        return round.last != State.CLOSED;
                    }
                    if (!lc.enter()) {
                        return false;
                    }
                    exitAdmitted(lc);
                    return true;
                },
                (round, k) -> { },
                (round, k) -> {
                    State now = Calls.state(round.lc);
                    if (now.compareTo(round.driverSaw) < 0) {
                        throw t.fail("driver-0 read state() = " + round.driverSaw + " right after its shutdown() "
                                        + "returned, but once every call had returned state() reads " + now,
                                "never an earlier state than one already seen: states only move forward")
                                .detail(RoundStream.round(k) + ": " + round.story())
                                .detail("the observer saw " + (round.trace.isEmpty() ? "nothing" : round.trace));
                    }
                    mustBeClosed(t, round.lc, k, round.story());
                },
                "start(), enter(), exit() and shutdown() all return");
    }

    public static void noEnterAfterShutdown(Trial t) throws Exception {
        if (t.index() == 0) {
            Lifecycle lc = Calls.create(new Closer());
            Calls.start(lc);
            Calls.enter(lc);
            Calls.shutdown(lc);
            for (int k = 0; k < 3; k++) {
                t.check(!Calls.enter(lc), "enter() in DRAINING (1 unit still in flight) returned true",
                        "false: shutdown() has begun, no new work is admitted");
            }
            expect(t, lc, State.DRAINING, 1, "after refused enter() calls in DRAINING");
            Calls.exit(lc);
            t.check(!Calls.enter(lc), "enter() in CLOSED returned true", "false");
            expect(t, lc, State.CLOSED, 0, "after a refused enter() in CLOSED");
        }
        RoundStream.run(t, 2, SLICE, MAX_ROUNDS,
                (k, r) -> {
                    AdmissionRound round = new AdmissionRound();
                    round.lc.start();
                    return round;
                },
                (round, r) -> {
                    RoundStream.jitter(r, 128);
                    t.check(round.lc.shutdown(), "the only shutdown() call of a RUNNING lifecycle returned false",
                            "true: it made the move");
                    round.shutdownReturned = true;
                },
                (round, w, r) -> {
                    Lifecycle lc = round.lc;
                    boolean sawReturn = round.shutdownReturned;
                    State s = sawReturn ? null : st(lc);
                    boolean saw = sawReturn || s.compareTo(State.DRAINING) >= 0;
                    if (lc.enter()) {
                        if (saw) {
                            throw t.fail("enter() returned true on worker-" + w + ", called after "
                                            + (sawReturn ? "shutdown() had returned true on driver-0" : "it had read state() = " + s),
                                    "false: once shutdown has begun no enter() succeeds");
                        }
                        RoundStream.jitter(r, 16);
                        exitAdmitted(lc);
                        return true;
                    }
                    return !saw;
                },
                (round, k) -> { },
                (round, k) -> mustBeClosed(t, round.lc, k, "enter()/exit() raced shutdown()"),
                "every enter(), exit() and shutdown() returns");
    }

    public static void closedNeverWithWorkInFlight(Trial t) throws Exception {
        RoundStream.run(t, 2, SLICE, MAX_ROUNDS,
                (k, r) -> {
                    DrainRound round = new DrainRound(r.nextBoolean() ? 1 : 24, r.nextInt(8) == 0);
                    round.lc.start();
                    return round;
                },
                (round, r) -> {
                    RoundStream.jitter(r, 128);
                    round.lc.shutdown();
                    if (round.await) {
                        awaitRoundClosed(round.lc);
                        int m = round.markers.get();
                        if (m != 0) {
                            throw t.fail("awaitClosed() returned while " + m + " unit(s) admitted by enter() had "
                                    + "not called exit() yet", "awaitClosed returns only once every admitted unit has exited");
                        }
                    }
                },
                (round, w, r) -> {
                    Lifecycle lc = round.lc;
                    if (!lc.enter()) {
                        return false;
                    }
                    round.markers.incrementAndGet();
                    if (round.closer.started()) {
                        throw t.fail("enter() returned true on worker-" + w + ", but onClosed had already started",
                                "CLOSED never with work in flight: enter() admits only while RUNNING, and the "
                                        + "lifecycle closes only after this unit exits");
                    }
                    hold(r, round.holdMax);
                    State s = st(lc);
                    int n = lc.inFlight();
                    if (s == State.CLOSED || s == State.INIT || n < 1) {
                        throw t.fail("worker-" + w + " holds a unit admitted by enter() and reads state() = " + s
                                        + ", inFlight() = " + n,
                                "RUNNING or DRAINING, and inFlight() >= 1, until this unit calls exit()");
                    }
                    round.markers.decrementAndGet();
                    exitAdmitted(lc);
                    int after = lc.inFlight();
                    if (after < 0) {
                        throw t.fail("inFlight() read " + after + " after an exit()", "never negative");
                    }
                    return true;
                },
                (round, k) -> { },
                (round, k) -> {
                    String p = round.closer.probeProblem();
                    if (p != null) {
                        throw t.fail(p, "CLOSED only once every admitted unit has exited: the move to CLOSED "
                                        + "must be one CAS from DRAINING with a count of 0")
                                .detail(RoundStream.round(k) + ": onClosed ran on " + String.join(", ", round.closer.where()));
                    }
                    mustBeClosed(t, round.lc, k, "enter()/exit() raced shutdown()");
                },
                "every enter(), exit(), shutdown() and awaitClosed() returns");
    }

    public static void onClosedExactlyOnce(Trial t) throws Exception {
        RoundStream.run(t, 2, SLICE, MAX_ROUNDS,
                (k, r) -> {
                    CloseRound round = new CloseRound(r.nextInt(4) == 0, r.nextInt(4) == 0);
                    Calls.start(round.lc);
                    int held = 1 + r.nextInt(2);
                    for (int i = 0; i < held; i++) {
                        Calls.enter(round.lc);
                    }
                    round.held.set(held);
                    return round;
                },
                (round, r) -> {
                    RoundStream.jitter(r, 48);
                    if (Calls.shutdown(round.lc)) {
                        round.winners.incrementAndGet();
                    }
                    if (round.driverWaits) {
                        awaitRoundClosed(round.lc); // the workers exit the units in flight
                        checkFinished(t, round, "driver-0");
                    } else {
                        RoundStream.jitter(r, 48);
                        while (round.held.getAndDecrement() > 0) {
                            Calls.exitAdmitted(round.lc);
                        }
                    }
                },
                (round, w, r) -> {
                    Lifecycle lc = round.lc;
                    if (round.held.getAndDecrement() > 0) {
                        RoundStream.jitter(r, 200);
                        Calls.exitAdmitted(lc); // a unit admitted at set-up: the last one may close the lifecycle
                        return true;
                    }
                    if (w == 1 && round.twoShutdowns && !round.secondShutdownTried) {
                        round.secondShutdownTried = true;
                        if (Calls.shutdown(lc)) {
                            round.winners.incrementAndGet();
                        }
                        awaitRoundClosed(lc);
                        checkFinished(t, round, "worker-1");
                        return false;
                    }
                    if (Calls.enter(lc)) {
                        Calls.exitAdmitted(lc);
                        return true;
                    }
                    return false;
                },
                (round, k) -> { },
                (round, k) -> {
                    mustBeClosed(t, round.lc, k, "shutdown() raced the exit() of the units in flight");
                    int runs = round.closer.runs();
                    if (runs != 1) {
                        throw t.fail("onClosed ran " + runs + " times: " + String.join(", ", round.closer.where()),
                                "exactly once: only the call whose CAS stored CLOSED runs it")
                                .detail(RoundStream.round(k) + ": " + (round.twoShutdowns ? "two shutdown() calls" : "one shutdown() call")
                                        + " raced the exit() of the units in flight");
                    }
                    String misplaced = round.closer.misplacedRun();
                    if (misplaced != null) {
                        throw t.fail("onClosed ran on " + misplaced,
                                "on the thread that made the move to CLOSED, inside its shutdown() or exit()");
                    }
                    if (round.winners.get() != 1) {
                        throw t.fail(round.winners.get() + " shutdown() calls returned true", "exactly one");
                    }
                },
                "every exit(), shutdown() and awaitClosed() returns");
    }

    public static void oneShutdownWinner(Trial t) throws Exception {
        String[] modes = {"in INIT", "in RUNNING with nothing in flight", "in RUNNING with 1 unit in flight"};
        if (t.index() == 0) {
            Lifecycle lc = Calls.create(new Closer());
            Calls.start(lc);
            Calls.enter(lc);
            t.check(Calls.shutdown(lc), "shutdown() in RUNNING returned false", "true");
            t.check(!Calls.shutdown(lc), "a second shutdown() (in DRAINING) returned true",
                    "false: only the call that made the move returns true");
            Calls.exit(lc);
            t.check(!Calls.shutdown(lc), "shutdown() in CLOSED returned true", "false");
        }
        RoundStream.run(t, 2, SLICE, MAX_ROUNDS,
                (k, r) -> {
                    ShutdownRound round = new ShutdownRound(r.nextInt(3));
                    if (round.mode > 0) {
                        round.lc.start();
                    }
                    if (round.mode == 2) {
                        round.lc.enter();
                    }
                    return round;
                },
                (round, r) -> {
                    RoundStream.jitter(r, 32);
                    round.call(0);
                    RoundStream.jitter(r, 64);
                    if (round.mode == 2) {
                        exitAdmitted(round.lc);
                    }
                },
                (round, w, r) -> {
                    RoundStream.pauseSomewhere(r);
                    round.call(w + 1);
                    Chaos.pauseAt(0);
                    return false;
                },
                (round, k) -> { },
                (round, k) -> {
                    if (round.wins.get() != 1) {
                        StringBuilder who = new StringBuilder();
                        for (int i = 0; i < 3; i++) {
                            if (round.won[i]) {
                                who.append(who.isEmpty() ? "" : ", ").append(i == 0 ? "driver-0" : "worker-" + (i - 1));
                            }
                        }
                        throw t.fail(round.wins.get() + " concurrent shutdown() calls " + modes[round.mode]
                                        + " returned true" + (who.isEmpty() ? "" : " (" + who + ")"),
                                "exactly one: the call whose CAS made the move")
                                .detail(RoundStream.round(k));
                    }
                    if (Calls.shutdown(round.lc)) {
                        throw t.fail("a shutdown() after the race " + modes[round.mode] + " returned true",
                                "false: shutdown had already begun");
                    }
                },
                "every shutdown() returns");
    }

    public static void lateEnterNeverStrandsDraining(Trial t) throws Exception {
        RoundStream.run(t, 2, SLICE, MAX_ROUNDS,
                (k, r) -> {
                    StrandRound round = new StrandRound();
                    round.lc.start();
                    round.lc.enter();
                    round.lc.shutdown();
                    return round;
                },
                (round, r) -> {
                    RoundStream.jitter(r, 64);
                    exitAdmitted(round.lc); // the last unit: this exit() (or a late enter() undoing) closes it
                },
                (round, w, r) -> {
                    for (int k = 0; k < 16; k++) {
                        if (round.lc.enter()) {
                            throw t.fail("a late enter() returned true in DRAINING (worker-" + w + ")",
                                    "false: once shutdown has begun no enter() succeeds");
                        }
                    }
                    return round.lateEnters.addAndGet(16) < 512;
                },
                (round, k) -> { },
                (round, k) -> {
                    mustBeClosed(t, round.lc, k, "the last exit() raced " + round.lateEnters.get() + " late enter() calls");
                    if (round.closer.runs() != 1) {
                        throw t.fail("onClosed ran " + round.closer.runs() + " times: " + String.join(", ", round.closer.where()),
                                "exactly once");
                    }
                },
                "the last exit() and the late enter() calls return");
    }

    private static final class StartRace {
        final Lifecycle lc = Calls.create(new Closer());
        final AtomicInteger wins = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final boolean[] won = new boolean[3];

        void call(int who) {
            boolean w = Calls.start(lc);
            won[who] = w;
            calls.incrementAndGet();
            if (w) {
                wins.incrementAndGet();
            }
        }

        String winners() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < won.length; i++) {
                if (won[i]) {
                    sb.append(sb.isEmpty() ? "" : " and ").append(i == 0 ? "driver-0" : "worker-" + (i - 1));
                }
            }
            return sb.toString();
        }
    }

    //
    // Each runs a RoundStream: the driver publishes a fresh Lifecycle, plays the one-shot event of
    // the round (shutdown(), the last exit(), start()) after a random short delay and goes on to
    // the next round without waiting, while workers hammer the current round. Workers call the
    // learner's methods directly: the less grader code in their loop, the larger the share of
    // time they spend inside the learner's race windows. Whatever can only be judged once every
    // call has returned is judged at the end, on every round.



    /** One round of states-move-forward. */
    private static final class ForwardRound {
        final Lifecycle lc = Calls.create(new Closer());
        final boolean fromInit;
        volatile State driverSaw;
        final boolean[] startTried = new boolean[2];
        // the observer's view (only worker-1 writes these)
        State last;
        final StringBuilder trace = new StringBuilder();

        ForwardRound(boolean fromInit) {
            this.fromInit = fromInit;
        }

        String story() {
            return fromInit ? "start() raced shutdown() from INIT" : "enter()/exit() raced shutdown()";
        }
    }

    /** One round of no-enter-after-shutdown. */
    private static final class AdmissionRound {
        final Lifecycle lc = Calls.create(new Closer());
        volatile boolean shutdownReturned;
    }

    /** One round of closed-never-with-work-in-flight. */
    private static final class DrainRound {
        final AtomicInteger markers = new AtomicInteger();
        final Closer closer = new Closer();
        final Lifecycle lc = Calls.create(closer);
        final int holdMax;
        final boolean await;

        DrainRound(int holdMax, boolean await) {
            this.holdMax = holdMax;
            this.await = await;
            closer.probe(() -> {
                int m = markers.get();
                return m == 0 ? null : "onClosed started while " + m + " unit(s) admitted by enter() had not called exit() yet";
            });
        }
    }

    /** exit() of a unit that enter() admitted: an IllegalStateException means the count lost it. */
    static void exitAdmitted(Lifecycle lc) {
        try {
            lc.exit();
        } catch (IllegalStateException e) {
            throw lostUnit(e);
        }
    }

    static Violation lostUnit(IllegalStateException e) {
        return new Violation(Thread.currentThread().getName() + ": exit() of a unit that enter() had admitted threw "
                + e, "exit() ends that unit: every enter() that returned true (or unit admitted at set-up) is counted "
                + "in flight until its exit(); a lost count means a transition overwrote another one (a store instead of a CAS?)");
    }

    /**
     * Holds a unit of work: mostly a few pauses, now and then long enough (a yield or a sleep of
     * tens of microseconds) for another thread to finish a whole call meanwhile.
     */
    private static void hold(java.util.SplittableRandom r, int max) {
        int dice = r.nextInt(16);
        if (dice < 2 && Thread.currentThread().isVirtual()) {
            Thread.yield();
        } else if (dice == 0) {
            Thread.yield();
        } else if (dice == 1) {
            try {
                Thread.sleep(0, r.nextInt(10_000, 60_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            RoundStream.jitter(r, max);
        }
    }

    /**
     * A bounded wait for a round to close (a hang otherwise). In the interleaved phase, where a
     * blocked virtual thread would be woken only once every other one stops yielding, it polls
     * awaitClosed(0) between yields instead of blocking.
     */
    private static void awaitRoundClosed(Lifecycle lc) {
        if (Thread.currentThread().isVirtual()) {
            long end = System.nanoTime() + RoundStream.HANG.toNanos();
            for (int n = 1; !Calls.awaitClosed(lc, 0, TimeUnit.NANOSECONDS); n++) {
                if (System.nanoTime() - end > 0) {
                    throw new Hang("the round did not close within " + RoundStream.HANG.toSeconds() + " s after shutdown() "
                            + "(state() = " + Calls.state(lc) + ", inFlight() = " + Calls.inFlight(lc) + ")",
                            "the lifecycle closes once shutdown() has begun and every admitted unit has exited", List.of());
                }
                RoundStream.idleYield(n);
            }
            return;
        }
        if (!Calls.awaitClosed(lc, RoundStream.HANG.toSeconds(), TimeUnit.SECONDS)) {
            throw new Hang("awaitClosed(" + RoundStream.HANG.toSeconds() + " s) timed out after shutdown() with state() = "
                    + Calls.state(lc) + ", inFlight() = " + Calls.inFlight(lc),
                    "the lifecycle closes once shutdown() has begun and every admitted unit has exited", List.of());
        }
    }

    /** One round of on-closed-exactly-once. */
    private static final class CloseRound {
        final Closer closer = new Closer(20_000L, null);
        final Lifecycle lc = Calls.create(closer);
        final AtomicInteger held = new AtomicInteger();
        final boolean twoShutdowns;
        final boolean driverWaits;
        final AtomicInteger winners = new AtomicInteger();
        volatile boolean secondShutdownTried;

        CloseRound(boolean twoShutdowns, boolean driverWaits) {
            this.twoShutdowns = twoShutdowns;
            this.driverWaits = driverWaits;
        }
    }

    private static void checkFinished(Trial t, CloseRound round, String who) {
        if (!round.closer.finished()) {
            throw t.fail("awaitClosed() returned on " + who + " while onClosed "
                            + (round.closer.started() ? "was still running" : "had not run yet"),
                    "awaitClosed returns only after onClosed has finished");
        }
    }

    /** One round of one-shutdown-winner. */
    private static final class ShutdownRound {
        final Lifecycle lc = Calls.create(new Closer());
        final int mode; // 0: INIT, 1: RUNNING idle, 2: RUNNING with one unit in flight
        final boolean[] won = new boolean[3];
        final AtomicInteger wins = new AtomicInteger();

        ShutdownRound(int mode) {
            this.mode = mode;
        }

        void call(int who) {
            boolean w = lc.shutdown();
            won[who] = w;
            if (w) {
                wins.incrementAndGet();
            }
        }
    }

    /** One round of late-enter-never-strands-draining. */
    private static final class StrandRound {
        final Closer closer = new Closer();
        final Lifecycle lc = Calls.create(closer);
        final AtomicInteger lateEnters = new AtomicInteger();
    }

}
