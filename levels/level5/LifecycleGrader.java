package level5;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ladder.grading.Crew;
import ladder.grading.Grader;
import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.Scenario;
import ladder.grading.Trial;
import ladder.grading.Violation;
import ladder.level5.Lifecycle;
import ladder.level5.Lifecycle.State;

import static level5.Checks.expect;
import static level5.Checks.expectNoUnit;
import static level5.Checks.ms;

/**
 * The hidden grader of Level 5: the Lifecycle state machine.
 *
 * <p>Cheap single-thread scenarios first (misuse, start, shutdown from INIT, draining, a
 * throwing onClosed, timed and blocking waits), then the six concurrent properties of the
 * curriculum, each raced over thousands of fresh lifecycles ({@link RoundStream}, bodies in
 * {@link Races}): states only move forward; no enter after shutdown; CLOSED never with work in
 * flight; onClosed exactly once; one shutdown winner; a late enter never strands DRAINING.
 *
 * <p>Every oracle is a consequence of the contract that holds for any correct design, never a
 * timing guess: what a thread saw before a call bounds what the call may return
 * (happens-before), markers held between enter() == true and exit() bound the true count from
 * below, and once every call of a round has returned the machine must be CLOSED.
 *
 * <p>The races meet windows of a few nanoseconds even on a loaded two-core machine in two ways:
 * the learner's classes are loaded with scheduling noise before each of their synchronization
 * steps ({@link ChaosLoader}, {@link Chaos}), and half of each race runs on virtual threads
 * sharing one carrier, where that noise is a context switch of a few microseconds
 * ({@link VirtualTeam}). The other part runs on platform threads in parallel.
 */
public final class LifecycleGrader implements Grader {

    /** A generous bound for things that correct code does at once (it costs correct code nothing). */
    private static final Duration PROMPT = Duration.ofSeconds(3);
    /*
     * Scheduling noise in the parallel part of the races (see Chaos): the chance, per million,
     * that a synchronization step of the learner's code pauses, besides the one pause per round
     * the driver makes at a random step of its call. Workers that hammer a call pause less often
     * than threads that make one call per round.
     */
    private static final int DRIVER_PPM = 10_000;
    private static final int WORKER_PPM = 5_000;
    private static final int ONE_SHOT_PPM = 10_000;

    static {
        // The interleaved phase of the races runs its threads as virtual threads on ONE carrier
        // (see VirtualTeam); the scheduler reads these when the first virtual thread is made.
        System.setProperty("jdk.virtualThreadScheduler.parallelism", "1");
        System.setProperty("jdk.virtualThreadScheduler.maxPoolSize", "1");
    }

    @Override
    public List<Scenario> scenarios() {
        return List.of(
                nullAndMisuse(),
                startOnce(),
                shutdownFromInit(),
                shutdownDrainsThenCloses(),
                onClosedThrows(),
                awaitClosedTimeout(),
                awaitClosedBlocks(),
                statesMoveForward(),
                noEnterAfterShutdown(),
                closedNeverWithWorkInFlight(),
                onClosedExactlyOnce(),
                oneShutdownWinner(),
                lateEnterNeverStrandsDraining());
    }

    // ------------------------------------------------------------------------------------------
    // Single-thread behaviour

    private static Scenario nullAndMisuse() {
        return Scenario.named("null-and-misuse").subject("Lifecycle")
                .proves("Misuse gets java.util.concurrent's errors and changes nothing: new Lifecycle(null) throws "
                        + "NullPointerException; exit() with no unit in flight throws IllegalStateException and "
                        + "leaves state() and inFlight() as they were")
                .trials(1).budget(Duration.ofMillis(200))
                .body(t -> {
                    Throwable thrown = null;
                    try {
                        new Lifecycle(null);
                    } catch (Throwable e) {
                        thrown = e;
                    }
                    if (thrown != null && Calls.isTodo(thrown)) {
                        throw new LearnerCrash("new Lifecycle(null)", thrown);
                    }
                    t.check(thrown != null, "new Lifecycle(null) returned normally",
                            "NullPointerException: a null onClosed could never be run");
                    t.check(thrown instanceof NullPointerException, "new Lifecycle(null) threw " + thrown,
                            "NullPointerException");

                    Closer closer = new Closer();
                    Lifecycle lc = Calls.create(closer);
                    expect(t, lc, State.INIT, 0, "a new Lifecycle");
                    expectNoUnit(t, lc, State.INIT, "in INIT");
                    t.check(Calls.start(lc), "start() on a new Lifecycle returned false", "true (INIT → RUNNING)");
                    expectNoUnit(t, lc, State.RUNNING, "in RUNNING with nothing in flight");
                    t.check(Calls.enter(lc) && Calls.enter(lc), "enter() in RUNNING returned false", "true");
                    expect(t, lc, State.RUNNING, 2, "after two enter() calls");
                    Calls.exit(lc);
                    Calls.exit(lc);
                    expectNoUnit(t, lc, State.RUNNING, "after two enter() and two exit() calls");
                    t.check(Calls.enter(lc), "enter() after a refused exit() returned false", "true: the refused exit() changed nothing");
                    expect(t, lc, State.RUNNING, 1, "after a refused exit() and one enter()");
                    Calls.exit(lc);
                    t.check(Calls.shutdown(lc), "shutdown() in RUNNING returned false", "true");
                    expect(t, lc, State.CLOSED, 0, "after shutdown() with nothing in flight");
                    expectNoUnit(t, lc, State.CLOSED, "in CLOSED");
                    t.check(closer.runs() == 1, "onClosed ran " + closer.runs() + " times after a refused exit() in CLOSED",
                            "once: a refused exit() changes nothing");

                    Closer closer2 = new Closer();
                    Lifecycle lc2 = Calls.create(closer2);
                    Calls.start(lc2);
                    Calls.enter(lc2);
                    Calls.enter(lc2);
                    Calls.shutdown(lc2);
                    Calls.exit(lc2);
                    Calls.exit(lc2);
                    expect(t, lc2, State.CLOSED, 0, "after shutdown() with 2 in flight and 2 exit() calls");
                    expectNoUnit(t, lc2, State.CLOSED, "after the last unit exited");
                    t.check(closer2.runs() == 1, "onClosed ran " + closer2.runs() + " times", "once");
                });
    }

    private static Scenario startOnce() {
        return Scenario.named("start-once").subject("Lifecycle")
                .proves("start() moves INIT → RUNNING once: true for exactly one call however many race, false in "
                        + "every other state; enter() refuses work before start()")
                .trials(1).budget(Duration.ofMillis(250))
                .body(t -> {
                    if (t.index() == 0) {
                        Lifecycle lc = Calls.create(new Closer());
                        t.check(!Calls.enter(lc), "enter() before start() returned true", "false: work is admitted only while RUNNING");
                        expect(t, lc, State.INIT, 0, "after a refused enter() in INIT");
                        t.check(Calls.start(lc), "start() on a new Lifecycle returned false", "true (INIT → RUNNING)");
                        expect(t, lc, State.RUNNING, 0, "after start()");
                        t.check(!Calls.start(lc), "a second start() returned true", "false: the lifecycle is already RUNNING");
                        t.check(Calls.enter(lc), "enter() after start() returned false", "true");
                        t.check(!Calls.start(lc), "start() with a unit in flight returned true", "false");
                        expect(t, lc, State.RUNNING, 1, "after a refused start()");
                        Calls.shutdown(lc);
                        t.check(!Calls.start(lc), "start() in DRAINING returned true", "false: a lifecycle never restarts");
                        expect(t, lc, State.DRAINING, 1, "after start() in DRAINING");
                        Calls.exit(lc);
                        t.check(!Calls.start(lc), "start() in CLOSED returned true", "false: a lifecycle never restarts");
                        expect(t, lc, State.CLOSED, 0, "after start() in CLOSED");
                    }
                    ChaosLoader.run("startRace", t, ONE_SHOT_PPM, ONE_SHOT_PPM);
                });
    }

    private static Scenario shutdownFromInit() {
        return Scenario.named("shutdown-from-init").subject("Lifecycle")
                .proves("shutdown() before start() moves INIT → CLOSED at once: it returns true, onClosed runs once on "
                        + "the caller's thread, awaitClosed returns, and nothing can start or enter afterwards")
                .trials(1).budget(Duration.ofMillis(200))
                .body(t -> {
                    Closer closer = new Closer();
                    Lifecycle lc = Calls.create(closer);
                    t.check(Calls.shutdown(lc), "shutdown() in INIT returned false", "true (INIT → CLOSED)");
                    t.check(closer.runs() == 1, "when shutdown() in INIT returned, onClosed had run " + closer.runs() + " times",
                            "once, on the caller's thread, before shutdown() returns");
                    String misplaced = closer.misplacedRun();
                    t.check(misplaced == null, "onClosed ran on " + misplaced, "on the thread that called shutdown(), inside it");
                    expect(t, lc, State.CLOSED, 0, "after shutdown() in INIT");
                    t.check(Calls.awaitClosed(lc, 2, TimeUnit.SECONDS), "awaitClosed(2 s) returned false after shutdown() in INIT",
                            "true at once: the lifecycle is CLOSED");
                    Calls.awaitClosed(lc);
                    t.check(!Calls.start(lc), "start() after shutdown() in INIT returned true", "false: a closed lifecycle never starts");
                    t.check(!Calls.enter(lc), "enter() after shutdown() in INIT returned true", "false");
                    t.check(!Calls.shutdown(lc), "a second shutdown() returned true", "false: only the call that made the move");
                    expect(t, lc, State.CLOSED, 0, "after start(), enter() and shutdown() on a closed lifecycle");
                    t.check(closer.runs() == 1, "onClosed ran " + closer.runs() + " times", "exactly once");
                });
    }

    private static Scenario shutdownDrainsThenCloses() {
        return Scenario.named("shutdown-drains-then-closes").subject("Lifecycle")
                .proves("shutdown() with work in flight moves RUNNING → DRAINING; the last exit() moves DRAINING → "
                        + "CLOSED and runs onClosed on its own thread; with nothing in flight shutdown() closes at once, "
                        + "by the same call")
                .trials(1).budget(Duration.ofMillis(300))
                .body(t -> {
                    Closer closer = new Closer();
                    Lifecycle lc = Calls.create(closer);
                    Calls.start(lc);
                    for (int i = 0; i < 3; i++) {
                        t.check(Calls.enter(lc), "enter() number " + (i + 1) + " in RUNNING returned false", "true");
                    }
                    expect(t, lc, State.RUNNING, 3, "after three enter() calls");
                    t.check(Calls.shutdown(lc), "shutdown() in RUNNING with 3 in flight returned false", "true (RUNNING → DRAINING)");
                    expect(t, lc, State.DRAINING, 3, "after shutdown() with 3 units in flight");
                    t.check(closer.runs() == 0, "onClosed ran while 3 units were still in flight", "onClosed only once the last unit exits");
                    Calls.exit(lc);
                    Calls.exit(lc);
                    expect(t, lc, State.DRAINING, 1, "after 2 of the 3 units exited");
                    t.check(closer.runs() == 0, "onClosed ran with 1 unit still in flight", "onClosed only once the last unit exits");
                    AtomicReference<String> afterExit = new AtomicReference<>();
                    Crew last = t.crew("last-exit", 1, i -> {
                        Calls.exit(lc);
                        afterExit.set(Calls.state(lc) + "/" + closer.runs());
                    });
                    last.start().join(PROMPT, "the last exit() returns");
                    String misplaced = closer.misplacedRun();
                    t.check(closer.runs() == 1 && misplaced == null,
                            "after the last exit() on thread last-exit-0 returned, onClosed had run " + closer.runs() + " times"
                                    + (closer.where().isEmpty() ? "" : " (" + String.join(", ", closer.where()) + ")"),
                            "once, on last-exit-0 inside exit(): the thread whose exit() moved DRAINING → CLOSED");
                    t.check(afterExit.get().equals("CLOSED/1"),
                            "right after its exit() returned, last-exit-0 read state()/onClosed runs = " + afterExit.get(),
                            "CLOSED/1: the last exit() closes the lifecycle and runs onClosed before it returns");

                    Closer idleCloser = new Closer();
                    Lifecycle idle = Calls.create(idleCloser);
                    Calls.start(idle);
                    Calls.enter(idle);
                    Calls.exit(idle);
                    t.check(Calls.shutdown(idle), "shutdown() in RUNNING with nothing in flight returned false", "true");
                    t.check(idleCloser.runs() == 1 && idleCloser.misplacedRun() == null,
                            "when shutdown() with nothing in flight returned, onClosed had run " + idleCloser.runs() + " times "
                                    + String.join(", ", idleCloser.where()),
                            "once, inside that shutdown(): with nothing in flight, the same call closes the lifecycle");
                    expect(t, idle, State.CLOSED, 0, "after shutdown() with nothing in flight");
                    t.check(Calls.awaitClosed(idle, 2, TimeUnit.SECONDS), "awaitClosed(2 s) returned false on a CLOSED lifecycle",
                            "true at once");
                });
    }

    /** What onClosed throws in the on-closed-throws scenario. */
    static final class OnClosedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OnClosedFailure() {
            super("onClosed failed (thrown on purpose by the grader)");
        }
    }

    private static Scenario onClosedThrows() {
        return Scenario.named("on-closed-throws").subject("Lifecycle")
                .proves("If onClosed throws, the exception reaches the caller that made the move to CLOSED, waiters "
                        + "blocked in awaitClosed() are still released, and onClosed is not run again")
                .trials(3).budget(Duration.ofMillis(600))
                .body(t -> {
                    // trial 0: shutdown() of an idle RUNNING lifecycle; 1: the last exit(); 2: shutdown() in INIT
                    String[] cases = {"shutdown() with nothing in flight", "the last exit() while DRAINING", "shutdown() in INIT"};
                    int kase = t.index() % 3;
                    OnClosedFailure failure = new OnClosedFailure();
                    Closer closer = new Closer(200_000L, failure);
                    Lifecycle lc = Calls.create(closer);
                    if (kase != 2) {
                        Calls.start(lc);
                    }
                    if (kase == 1) {
                        Calls.enter(lc);
                        Calls.shutdown(lc);
                    }
                    AtomicReference<String> waiterSaw = new AtomicReference<>();
                    Crew waiter = t.crew("waiter", 1, i -> {
                        Calls.awaitClosed(lc);
                        waiterSaw.set(closer.finished() ? "ok" : "awaitClosed() returned before onClosed had finished");
                    }).withRandomUnparks();
                    waiter.start();
                    Trial.awaitBlocked(waiter.thread(0), Duration.ofMillis(500));

                    Throwable thrown = null;
                    try {
                        Calls.as(kase == 1 ? "exit()" : "shutdown()", () -> {
                            if (kase == 1) {
                                lc.exit();
                            } else {
                                lc.shutdown();
                            }
                        });
                    } catch (Throwable e) {
                        thrown = e;
                    }
                    String call = kase == 1 ? "exit()" : "shutdown()";
                    if (thrown != null && Calls.isTodo(thrown)) {
                        throw new LearnerCrash(call, thrown);
                    }
                    t.check(closer.runs() >= 1, cases[kase] + ": onClosed did not run", "onClosed to run in that call");
                    t.check(thrown != null, cases[kase] + ": " + call + " returned normally although onClosed threw",
                            "the exception onClosed threw to propagate out of " + call + ", to the caller that made the move");
                    t.check(causedBy(thrown, failure), cases[kase] + ": " + call + " threw " + thrown
                                    + " instead of the exception onClosed threw",
                            "OnClosedFailure (the one onClosed threw), propagated to the caller");
                    waiter.join(PROMPT, "awaitClosed() returns once the lifecycle is CLOSED, even though onClosed threw");
                    t.check("ok".equals(waiterSaw.get()), cases[kase] + ": " + waiterSaw.get(),
                            "awaitClosed() returns only after onClosed has run");
                    expect(t, lc, State.CLOSED, 0, cases[kase] + " after onClosed threw");
                    t.check(Calls.awaitClosed(lc, 2, TimeUnit.SECONDS),
                            cases[kase] + ": awaitClosed(2 s) returned false after onClosed threw",
                            "true at once: the lifecycle is CLOSED even though onClosed threw");
                    t.check(!Calls.shutdown(lc), "shutdown() after the closing call returned true", "false");
                    t.check(closer.runs() == 1, "onClosed ran " + closer.runs() + " times", "exactly once, even though it threw");
                });
    }

    private static boolean causedBy(Throwable thrown, Throwable cause) {
        for (Throwable c = thrown; c != null; c = c.getCause()) {
            if (c == cause) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------
    // Waiting

    private static Scenario awaitClosedTimeout() {
        return Scenario.named("await-closed-timeout").subject("Lifecycle")
                .proves("awaitClosed(timeout) returns false only once the timeout has elapsed without the lifecycle "
                        + "closing (through spurious wake-ups), and true as soon as it is closed")
                .trials(3).budget(Duration.ofMillis(400))
                .body(t -> {
                    Lifecycle lc = Calls.create(new Closer());
                    Calls.start(lc);
                    Calls.enter(lc);
                    t.check(!Calls.awaitClosed(lc, 0, TimeUnit.MILLISECONDS), "awaitClosed(0 ms) on a RUNNING lifecycle returned true",
                            "false: it is not closed");
                    t.check(!Calls.awaitClosed(lc, -5, TimeUnit.MILLISECONDS), "awaitClosed(-5 ms) on a RUNNING lifecycle returned true",
                            "false: it is not closed");
                    SpuriousWaker waker = new SpuriousWaker(lc);
                    long[] timeouts = {40, 40_000_000L, 60};
                    TimeUnit[] units = {TimeUnit.MILLISECONDS, TimeUnit.NANOSECONDS, TimeUnit.MILLISECONDS};
                    String[] outcome = new String[3];
                    Crew timed = t.crew("timed-waiter", 3, i -> {
                        long start = System.nanoTime();
                        boolean closed = Calls.awaitClosed(lc, timeouts[i], units[i]);
                        long took = System.nanoTime() - start;
                        long wanted = units[i].toNanos(timeouts[i]);
                        String call = "awaitClosed(" + timeouts[i] + ", " + units[i] + ")";
                        if (closed) {
                            outcome[i] = call + " returned true after " + ms(took) + " while the lifecycle was RUNNING with 1 in flight";
                        } else if (took < wanted - 1_000_000L) {
                            outcome[i] = call + " returned false after only " + ms(took);
                        }
                    }).withRandomUnparks();
                    try {
                        timed.start().join(Duration.ofSeconds(5), "every timed awaitClosed returns false once its timeout elapses");
                    } finally {
                        waker.close();
                    }
                    for (String o : outcome) {
                        if (o != null) {
                            throw t.fail(o, "false, and only after the whole timeout: re-check the condition and the time "
                                    + "left after every wake-up (wake-ups can be spurious)");
                        }
                    }

                    long[] took = new long[2];
                    boolean[] result = new boolean[2];
                    Crew waiters = t.crew("waiter", 2, i -> {
                        long start = System.nanoTime();
                        result[i] = Calls.awaitClosed(lc, 30, TimeUnit.SECONDS);
                        took[i] = System.nanoTime() - start;
                    }).withRandomUnparks();
                    waiters.start();
                    for (Thread w : waiters.threads()) {
                        Trial.awaitBlocked(w, Duration.ofMillis(300));
                    }
                    Calls.shutdown(lc);
                    Calls.exit(lc);
                    waiters.join(Duration.ofSeconds(5), "awaitClosed(30 s) returns true as soon as the last exit() closes the lifecycle");
                    for (int i = 0; i < 2; i++) {
                        t.check(result[i], "awaitClosed(30 s) returned false after " + ms(took[i]) + " although the lifecycle closed",
                                "true: it closed before the timeout");
                    }
                    t.check(Calls.awaitClosed(lc, 0, TimeUnit.MILLISECONDS), "awaitClosed(0 ms) on a CLOSED lifecycle returned false",
                            "true: it is closed");
                    t.check(Calls.awaitClosed(lc, 1, TimeUnit.DAYS), "awaitClosed(1 day) on a CLOSED lifecycle returned false",
                            "true at once");
                });
    }

    private static Scenario awaitClosedBlocks() {
        return Scenario.named("await-closed-blocks").subject("Lifecycle")
                .quiet() // measures CPU: noise yields would starve a spinner and hide it
                .proves("awaitClosed() waits blocked, not spinning (CPU is measured), keeps waiting through spurious "
                        + "wake-ups, and throws InterruptedException when its thread is interrupted")
                .trials(1).budget(Duration.ofMillis(1500))
                .body(t -> {
                    Lifecycle lc = Calls.create(new Closer());
                    Calls.start(lc);
                    Calls.enter(lc);
                    SpuriousWaker waker = null;
                    boolean closed = false;
                    try {
                        // Phase 1: CPU of blocked waiters (no chaos: correct waiters sleep and use ~0% of a core).
                        String[] early = new String[5];
                        Crew quiet = t.crew("waiter", 2, i -> {
                            long start = System.nanoTime();
                            boolean ok = true;
                            if (i == 0) {
                                Calls.awaitClosed(lc);
                            } else {
                                ok = Calls.awaitClosed(lc, 1, TimeUnit.MINUTES);
                            }
                            State s = Calls.state(lc);
                            if (s != State.CLOSED || !ok) {
                                early[i] = (i == 0 ? "awaitClosed()" : "awaitClosed(1 min)") + " returned " + (i == 0 ? "" : ok + " ")
                                        + "after " + ms(System.nanoTime() - start) + " while state() = " + s;
                            }
                        });
                        quiet.start();
                        for (Thread w : quiet.threads()) {
                            Trial.awaitBlocked(w, Duration.ofMillis(500));
                        }
                        long window = 250_000_000L;
                        long[] cpu0 = {quiet.cpuNanos(0), quiet.cpuNanos(1)};
                        long wall0 = System.nanoTime();
                        Thread.sleep(window / 1_000_000L);
                        long wall = System.nanoTime() - wall0;
                        double worst = 0;
                        int worstIndex = 0;
                        for (int i = 0; i < 2; i++) {
                            long used = quiet.cpuNanos(i) - cpu0[i];
                            double share = cpu0[i] < 0 ? 0 : (double) used / wall;
                            if (share > worst) {
                                worst = share;
                                worstIndex = i;
                            }
                        }
                        t.metric("CPU of a waiter blocked in awaitClosed (% of a core)", String.format("%.1f", worst * 100));
                        checkEarly(t, early);
                        if (worst > 0.10) {
                            throw t.fail(String.format("waiter-%d used %.0f%% of a core during %d ms in %s while the lifecycle "
                                                    + "stayed RUNNING", worstIndex, worst * 100, wall / 1_000_000L,
                                            worstIndex == 0 ? "awaitClosed()" : "awaitClosed(1 min)"),
                                    "under 10%: a waiter sleeps in Futex.await (or parks) instead of spinning")
                                    .detail("Bounded spinning before sleeping is fine; spinning for the whole wait is not.");
                        }

                        // Phase 2: chaos (random unparks, spurious Futex returns) and interrupts.
                        waker = new SpuriousWaker(lc);
                        String[] interrupted = new String[3];
                        Crew chaos = t.crew("interruptible", 3, i -> {
                            long start = System.nanoTime();
                            String call = i == 1 ? "awaitClosed(1 min)" : "awaitClosed()";
                            try {
                                if (i == 2) {
                                    Thread.currentThread().interrupt();
                                }
                                Calls.as(call, () -> {
                                    try {
                                        if (i == 1) {
                                            lc.awaitClosed(1, TimeUnit.MINUTES);
                                        } else {
                                            lc.awaitClosed();
                                        }
                                    } catch (InterruptedException e) {
                                        throw new Interrupted(e);
                                    }
                                });
                                interrupted[i] = call + " returned normally after " + ms(System.nanoTime() - start)
                                        + (i == 2 ? ", called with the interrupt status set," : "")
                                        + " while state() = " + Calls.state(lc);
                            } catch (Interrupted e) {
                                interrupted[i] = "IE";
                            } catch (RuntimeException e) {
                                if (Calls.isTodo(e)) {
                                    throw Calls.crash(call, e);
                                }
                                interrupted[i] = call + " threw " + e + " when interrupted";
                            }
                        }).withRandomUnparks();
                        chaos.start();
                        Trial.eventually(PROMPT, () -> interrupted[2] != null);
                        t.check(interrupted[2] != null, "awaitClosed() called with the interrupt status set was still waiting after "
                                        + PROMPT.toSeconds() + " s",
                                "InterruptedException at once: the thread is interrupted and the lifecycle is not closed");
                        t.check("IE".equals(interrupted[2]), interrupted[2], "InterruptedException: the thread is interrupted");
                        for (int i = 0; i < 2; i++) {
                            Trial.awaitBlocked(chaos.thread(i), Duration.ofMillis(300));
                        }
                        Thread.sleep(100); // random unparks and spurious Futex wake-ups hit the sleeping waiters
                        for (int i = 0; i < 2; i++) {
                            t.check(interrupted[i] == null, interrupted[i],
                                    "awaitClosed to keep waiting until the lifecycle is CLOSED: re-check the condition after "
                                            + "every wake-up (unparks and Futex returns can be spurious)");
                        }
                        chaos.thread(0).interrupt();
                        chaos.thread(1).interrupt();
                        boolean responded = Trial.eventually(PROMPT, () -> interrupted[0] != null && interrupted[1] != null);
                        t.check(responded, (interrupted[0] == null ? "awaitClosed()" : "awaitClosed(1 min)")
                                        + " was still waiting " + PROMPT.toSeconds() + " s after its thread was interrupted",
                                "InterruptedException promptly: awaitClosed declares it and must respond to interrupts");
                        for (int i = 0; i < 2; i++) {
                            t.check("IE".equals(interrupted[i]), interrupted[i], "InterruptedException");
                        }
                        chaos.join(PROMPT, "interrupted waiters leave awaitClosed");
                        waker.close();
                        checkEarly(t, early);

                        // The interrupted waits left the lifecycle whole: it still closes and releases the others.
                        expect(t, lc, State.RUNNING, 1, "after three interrupted awaitClosed calls");
                        Calls.shutdown(lc);
                        Calls.exit(lc);
                        closed = true;
                        quiet.join(PROMPT, "awaitClosed() and awaitClosed(1 min) return once the last exit() closes the lifecycle");
                        checkEarly(t, early);
                    } finally {
                        if (waker != null) {
                            waker.close();
                        }
                        if (!closed) {
                            try { // after a failure: release the waiters, so that no thread spins on into later scenarios
                                lc.shutdown();
                                lc.exit();
                            } catch (Throwable ignored) {
                                // the verdict is already decided
                            }
                        }
                    }
                });
    }

    /** Wraps an InterruptedException through a Runnable. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted(InterruptedException e) {
            super(e);
        }
    }

    private static void checkEarly(Trial t, String[] early) {
        for (String e : early) {
            if (e != null) {
                throw t.fail(e, "awaitClosed to keep waiting until the lifecycle is CLOSED (and awaitClosed(1 min) to "
                        + "return true then): re-check the condition after every wake-up");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // The six concurrent properties of the curriculum: their bodies are in Races, run by ChaosLoader.

    private static Scenario statesMoveForward() {
        return Scenario.named("states-move-forward").subject("Lifecycle")
                .proves("States only move forward (INIT → RUNNING → DRAINING → CLOSED) as every observer sees them, "
                        + "while start(), enter(), exit() and shutdown() race")
                .trials(1).budget(Duration.ofMillis(300))
                .body(t -> ChaosLoader.run("statesMoveForward", t, DRIVER_PPM, WORKER_PPM));
    }

    private static Scenario noEnterAfterShutdown() {
        return Scenario.named("no-enter-after-shutdown").subject("Lifecycle")
                .proves("No enter() succeeds once shutdown has begun: an enter() called after its thread saw "
                        + "shutdown() return true, or saw state() read DRAINING or CLOSED, returns false")
                .trials(1).budget(Duration.ofMillis(300))
                .body(t -> ChaosLoader.run("noEnterAfterShutdown", t, DRIVER_PPM, WORKER_PPM));
    }

    private static Scenario closedNeverWithWorkInFlight() {
        return Scenario.named("closed-never-with-work-in-flight").subject("Lifecycle")
                .proves("CLOSED is never reached with work in flight: while a unit admitted by enter() has not called "
                        + "exit(), onClosed does not run, awaitClosed does not return and state() does not read CLOSED; "
                        + "inFlight() never reads negative")
                .trials(1).budget(Duration.ofMillis(300))
                .body(t -> ChaosLoader.run("closedNeverWithWorkInFlight", t, DRIVER_PPM, WORKER_PPM));
    }

    private static Scenario onClosedExactlyOnce() {
        return Scenario.named("on-closed-exactly-once").subject("Lifecycle")
                .proves("onClosed runs exactly once, on the thread that made the move to CLOSED (inside its shutdown() "
                        + "or exit()), and has finished before any awaitClosed returns")
                .trials(1).budget(Duration.ofMillis(300))
                .body(t -> ChaosLoader.run("onClosedExactlyOnce", t, ONE_SHOT_PPM, WORKER_PPM));
    }

    private static Scenario oneShutdownWinner() {
        return Scenario.named("one-shutdown-winner").subject("Lifecycle")
                .proves("Concurrent shutdown() calls elect exactly one winner: exactly one returns true, from INIT, "
                        + "from an idle RUNNING lifecycle and from one with work in flight")
                .trials(1).budget(Duration.ofMillis(300))
                .body(t -> ChaosLoader.run("oneShutdownWinner", t, ONE_SHOT_PPM, ONE_SHOT_PPM));
    }

    private static Scenario lateEnterNeverStrandsDraining() {
        return Scenario.named("late-enter-never-strands-draining").subject("Lifecycle")
                .proves("A late enter() racing the last exit() never strands the lifecycle in DRAINING: once the "
                        + "last exit() and the late enter() calls have returned, it is CLOSED and awaitClosed returns")
                .trials(1).budget(Duration.ofMillis(300))
                .body(t -> ChaosLoader.run("lateEnterNeverStrandsDraining", t, DRIVER_PPM, WORKER_PPM));
    }


    // ------------------------------------------------------------------------------------------
    // Helpers




}
