package level0;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Grader;
import ladder.grading.LearnerCrash;
import ladder.grading.Scenario;
import ladder.grading.Trial;
import ladder.level0.Mutex;

/**
 * The hidden grader of Level 0: one scenario per property that the curriculum names for
 * {@code ladder.level0.Mutex}, cheapest first.
 *
 * <pre>
 * misuse-errors               unlock() by a non-holder / of an unlocked Mutex: IMSE, nothing changes;
 *                             isHeldByCurrentThread() true only for the holder
 * try-lock-never-blocks       tryLock(): true on a free Mutex, false at once on a held one (also for
 *                             the holder: not reentrant, and with a waiter queued)
 * mutual-exclusion            never two holders: an occupancy probe in four shapes per trial: tight
 *                             lock/unlock loops, a stream with random holds and unparks, bursts from
 *                             a spin barrier, a storm of 8 threads that mostly tryLock()
 * no-lost-updates             plain fields guarded by the Mutex: no lost increment in tight 2- and
 *                             3-thread loops; a plain flag set under the lock is seen by a reader
 *                             looping on tryLock() or lock() (unlock() happens-before the next lock())
 * multi-field-invariant       a + b == const across transfers, checked by every holder and an auditor
 * progress-under-contention   every thread finishes: 2- and 3-thread ping-pong and a crowd of 6, no
 *                             random unparks (they would heal a lost wake-up)
 * waiters-block               threads blocked in lock() park: CPU and RUNNABLE samples while held,
 *                             before and after an interrupt
 * lock-not-interruptible      an interrupted lock() keeps waiting, then returns holding the Mutex
 *                             with the interrupt status still set
 * </pre>
 *
 * <p>Robustness on a loaded 2-core machine:
 * <ul>
 *   <li>hangs are judged by progress (no critical section completed for {@link #STALL}), never by
 *       wall time, so a slow fair lock under load is never called hung;</li>
 *   <li>concurrent shapes are time-boxed ({@link #SHAPE_NANOS}), so FIFO hand-off designs cost no
 *       more than barging ones;</li>
 *   <li>the busy-wait verdict counts RUNNABLE samples as well as CPU time (a spinner starved of CPU
 *       by other jobs is still RUNNABLE; a parked thread never is) and retries a suspicious window;</li>
 *   <li>calls that must return at once get {@link #PROMPT};</li>
 *   <li>trials are paced by the CPU time the JVM got ({@link Pace}), so a busy machine runs the same
 *       work for longer instead of testing less.</li>
 * </ul>
 *
 * <p>Atomicity races (check-then-act) need two threads inside lock() at the same moment; on a
 * machine shared with other jobs two threads of one JVM rarely run at once, so the shapes that
 * find them keep many threads runnable (the storm) or make preemption land inside lock() (tight
 * loops with nothing outside the lock).
 */
public final class MutexGrader implements Grader {

    /** How long one concurrent shape runs at most (correct code stops there, whatever its speed). */
    static final long SHAPE_NANOS = 40_000_000L;
    /** A call the contract says returns at once: this long before it counts as blocked. */
    static final Duration PROMPT = Duration.ofSeconds(2);
    /** No critical section completed for this long: a hang (lost wake-up), whatever the load. */
    static final Duration STALL = Duration.ofSeconds(3);
    /** Even with progress, a trial must end within this (a livelock). */
    static final Duration HARD_CAP = Duration.ofSeconds(20);

    @Override
    public List<Scenario> scenarios() {
        return List.of(
                misuseErrors(),
                tryLockNeverBlocks(),
                mutualExclusion(),
                noLostUpdates(),
                multiFieldInvariant(),
                progressUnderContention(),
                waitersBlock(),
                lockNotInterruptible());
    }

    // ------------------------------------------------------------------------------------------
    // misuse-errors

    static Scenario misuseErrors() {
        return Scenario.named("misuse-errors").subject("Mutex")
                .proves("Misuse errors: unlock() by a thread that does not hold the Mutex, or of an unlocked "
                        + "Mutex, throws IllegalMonitorStateException and changes nothing; "
                        + "isHeldByCurrentThread() is true only for the holder")
                .trials(3).budget(Duration.ofMillis(300))
                .body(t -> {
                    Mutex m = t.call("new Mutex()", Mutex::new);
                    try (Actor holder = new Actor("holder"); Actor other = new Actor("other")) {
                        expectHeld(t, other, m, false, "on a new Mutex that nobody locked");
                        expectImse(t, other, m, "unlock() of a new Mutex that nobody locked");

                        boolean got = callPrompt(t, holder, m::tryLock, "tryLock() on a free Mutex (after other's refused unlock())");
                        t.check(got, "tryLock() on a free Mutex returned false after other's refused unlock(): "
                                        + "the refused unlock() changed the lock's state",
                                "true: a refused unlock() changes nothing, and a free Mutex can be taken");
                        expectHeld(t, holder, m, true, "right after its tryLock() returned true");
                        expectHeld(t, other, m, false, "while holder holds the Mutex");

                        expectImse(t, other, m, "unlock() by other while holder holds the Mutex");
                        boolean stolen = callPrompt(t, other, m::tryLock, "tryLock() by other after its refused unlock()");
                        if (stolen) {
                            throw t.fail("after other's refused unlock(), other's tryLock() returned true: the refused "
                                            + "unlock() released the Mutex that holder still held",
                                    "a refused unlock() changes nothing: holder still holds the Mutex, so other's tryLock() is false");
                        }
                        expectHeld(t, holder, m, true, "after other's refused unlock()");

                        holder.run("unlock() (it holds the Mutex)", () -> m.unlock(), PROMPT,
                                "unlock() by the holder returns at once");
                        expectHeld(t, holder, m, false, "after its own unlock()");
                        expectImse(t, holder, m, "a second unlock() by holder, of a Mutex it already released");

                        other.run("lock() on a free Mutex (after refused unlock() calls)", () -> m.lock(), PROMPT,
                                "lock() on a free Mutex returns at once, even after refused unlock() calls");
                        expectHeld(t, other, m, true, "right after its lock() returned");
                        expectHeld(t, holder, m, false, "which held the Mutex earlier, while other holds it");
                        expectImse(t, holder, m, "unlock() by holder, which held the Mutex earlier, while other holds it");
                        expectHeld(t, other, m, true, "after holder's refused unlock()");
                        other.run("unlock() (it holds the Mutex)", () -> m.unlock(), PROMPT,
                                "unlock() by the holder returns at once");
                        expectHeld(t, other, m, false, "after its own unlock()");
                    }
                });
    }

    /** Asks {@code who} whether it holds {@code m}; fails unless the answer is {@code expected}. */
    private static void expectHeld(Trial t, Actor who, Mutex m, boolean expected, String when)
            throws InterruptedException {
        boolean held = who.run("isHeldByCurrentThread()", m::isHeldByCurrentThread, PROMPT,
                "isHeldByCurrentThread() returns at once");
        if (held != expected) {
            throw t.fail("isHeldByCurrentThread() returned " + held + " on " + who.name() + " " + when,
                    expected + ": isHeldByCurrentThread() is true exactly for the thread that holds the Mutex");
        }
    }

    /** {@code who} calls {@code m.unlock()} where it must be refused with IMSE. */
    private static void expectImse(Trial t, Actor who, Mutex m, String what) throws InterruptedException {
        Actor.Result<Object> r = who.attempt(() -> {
            m.unlock();
            return null;
        }, PROMPT);
        if (!r.finished()) {
            throw who.hang(what, PROMPT, "IllegalMonitorStateException, thrown at once");
        }
        if (r.thrown() == null) {
            throw t.fail(what + " returned normally",
                            "IllegalMonitorStateException: only the thread that holds the Mutex may unlock it")
                    .detail("Remember the owner (Thread.currentThread()) when the lock is taken, and compare "
                            + "with it in unlock() before releasing anything.");
        }
        if (isTodo(r.thrown())) {
            throw new LearnerCrash(who.name() + " calling " + what, r.thrown());
        }
        if (!(r.thrown() instanceof IllegalMonitorStateException)) {
            throw t.fail(what + " threw " + r.thrown(),
                    "IllegalMonitorStateException, as java.util.concurrent's locks throw for this misuse");
        }
    }

    /** {@code who} runs {@code call}, which must return at once (a tryLock). */
    private static boolean callPrompt(Trial t, Actor who, java.util.concurrent.Callable<Boolean> call, String what)
            throws InterruptedException {
        Actor.Result<Boolean> r = who.attempt(call, PROMPT);
        if (!r.finished()) {
            throw t.fail(what + " did not return within " + PROMPT.toMillis() + " ms: it waits in "
                    + who.whereItWaits(), "an answer at once: tryLock() never waits");
        }
        if (r.thrown() != null) {
            throw new LearnerCrash(who.name() + " calling " + what, r.thrown());
        }
        return r.value();
    }

    static boolean isTodo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedOperationException && c.getMessage() != null
                    && c.getMessage().startsWith("TODO")) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------
    // try-lock-never-blocks

    static Scenario tryLockNeverBlocks() {
        return Scenario.named("try-lock-never-blocks").subject("Mutex")
                .proves("tryLock() never blocks: it returns true on a free Mutex, and false at once on a held one, "
                        + "also when the caller is the holder (not reentrant) and when threads wait in lock()")
                .trials(3).budget(Duration.ofMillis(400))
                .body(t -> {
                    Mutex m = t.call("new Mutex()", Mutex::new);
                    try (Actor holder = new Actor("holder"); Actor other = new Actor("other");
                         Actor waiter = new Actor("waiter")) {
                        boolean got = callPrompt(t, holder, m::tryLock, "tryLock() on a free Mutex");
                        t.check(got, "tryLock() on a free Mutex returned false", "true: a free Mutex is taken at once");

                        boolean again = callPrompt(t, holder, m::tryLock, "tryLock() by holder, which already holds the Mutex");
                        if (again) {
                            throw t.fail("tryLock() by holder, which already holds the Mutex, returned true",
                                            "false: the Mutex is not reentrant, so the holder's tryLock() fails like anyone's")
                                    .detail("A lock that is held is held, whoever asks: check the state, not the owner, in tryLock().");
                        }

                        heldTryLocks(t, other, m, "while holder holds it");

                        // a thread queued in lock() must not make tryLock() wait either
                        FutureTask<Actor.Timed<Object>> queued = waiter.submit(() -> {
                            m.lock();
                            return null;
                        });
                        Trial.eventually(Duration.ofMillis(300), waiter::blockedInCall);
                        heldTryLocks(t, other, m, "while holder holds it and waiter waits in lock()");
                        if (queued.isDone()) {
                            throw t.fail("waiter's lock() returned while holder still held the Mutex (holder had taken "
                                            + "it with tryLock() and not released it): two holders at once",
                                    "lock() waits until the Mutex is free")
                                    .detail("After every return from Futex.await (or park), re-check the lock in a loop: "
                                            + "a spurious wake-up does not mean the lock is free.");
                        }

                        holder.run("unlock() (it holds the Mutex)", () -> m.unlock(), PROMPT,
                                "unlock() by the holder returns at once");
                        Actor.Result<Object> w = Actor.await(queued, Duration.ofSeconds(5));
                        if (!w.finished()) {
                            throw waiter.hang("lock() while holder held the Mutex; holder unlocked 5000 ms ago",
                                    Duration.ofSeconds(5), "a thread waiting in lock() gets the Mutex once it is released");
                        }
                        if (w.thrown() != null) {
                            throw new LearnerCrash("waiter calling lock()", w.thrown());
                        }
                        heldTryLocks(t, other, m, "while waiter holds it (it got it from lock() after a wait)");
                        waiter.run("unlock() (it holds the Mutex)", () -> m.unlock(), PROMPT,
                                "unlock() by the holder returns at once");

                        for (int k = 1; k <= 100; k++) {
                            boolean free = callPrompt(t, k % 2 == 0 ? holder : other, m::tryLock,
                                    "tryLock() on a free Mutex (round " + k + " of 100)");
                            if (!free) {
                                throw t.fail("tryLock() on a free Mutex returned false in round " + k
                                                + " of 100 (each round: tryLock(), then unlock())",
                                        "true every time: tryLock() fails only when the Mutex is held");
                            }
                            (k % 2 == 0 ? holder : other).run("unlock() (it holds the Mutex)", () -> m.unlock(), PROMPT,
                                    "unlock() by the holder returns at once");
                        }
                    }
                });
    }

    /** {@code who} calls tryLock() 200 times on a Mutex someone else holds: false every time, at once. */
    private static void heldTryLocks(Trial t, Actor who, Mutex m, String when) throws InterruptedException {
        final int calls = 200;
        long[] nanos = new long[calls];
        Actor.Result<Integer> r = who.attempt(() -> {
            int successes = 0;
            for (int k = 0; k < calls; k++) {
                long t0 = System.nanoTime();
                if (m.tryLock()) {
                    successes++;
                }
                nanos[k] = System.nanoTime() - t0;
                if (successes > 0) {
                    break;
                }
            }
            return successes;
        }, PROMPT);
        if (!r.finished()) {
            throw t.fail("tryLock() by " + who.name() + " on a Mutex held by another thread (" + when
                            + ") did not return within " + PROMPT.toMillis() + " ms: it waits in " + who.whereItWaits(),
                    "false at once: tryLock() never waits");
        }
        if (r.thrown() != null) {
            throw new LearnerCrash(who.name() + " calling tryLock()", r.thrown());
        }
        if (r.value() > 0) {
            throw t.fail("tryLock() by " + who.name() + " returned true on a Mutex held by another thread (" + when
                    + "): two holders at once", "false: at most one thread holds the Mutex");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long fastest = sorted[0];
        long median = sorted[calls / 2];
        t.metric("tryLock() on a held Mutex", String.format(Locale.ROOT, "fastest %.1f µs, median %.1f µs of %d calls",
                fastest / 1e3, median / 1e3, calls));
        if (fastest > 200_000L) {
            throw t.fail(String.format(Locale.ROOT,
                            "tryLock() on a Mutex held by another thread (%s) took at least %.0f µs in each of %d calls "
                                    + "(median %.0f µs): it waits before giving up", when, fastest / 1e3, calls, median / 1e3),
                    "false at once (a correct tryLock() answers in well under a microsecond): tryLock() never waits");
        }
    }

    // ------------------------------------------------------------------------------------------
    // mutual-exclusion

    /** Who is inside the critical section: an occupancy probe for the crews. */
    static final class Probe {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicReference<String> holder = new AtomicReference<>();

        void enter(Trial t, String me) {
            String before = holder.getAndSet(me);
            int n = inside.incrementAndGet();
            if (before != null || n != 1) {
                throw t.fail(me + " got the Mutex while " + (before != null ? before : "another thread")
                                + " was still between lock() and unlock(): " + Math.max(n, 2) + " holders at once",
                        "at most one thread between lock() and unlock() at any moment");
            }
        }

        void exit(Trial t, String me) {
            inside.decrementAndGet();
            if (!holder.compareAndSet(me, null)) {
                throw t.fail(holder.get() + " got the Mutex while " + me + " was still between lock() and unlock(): "
                        + "2 holders at once", "at most one thread between lock() and unlock() at any moment");
            }
        }
    }

    /** Unlock by the holder: an IMSE here means the Mutex lost track of its owner. */
    static void unlockAsHolder(Trial t, Mutex m, String me) {
        try {
            m.unlock();
        } catch (IllegalMonitorStateException e) {
            throw t.fail("unlock() by " + me + " threw " + e + ", although " + me
                            + " held the Mutex (its lock() had returned and it had not unlocked yet)",
                            "unlock() by the holder releases the Mutex")
                    .detail("The Mutex did not know " + me + " as its owner while it held the lock: either another "
                            + "thread took the Mutex at the same moment and recorded itself as owner (two holders: is "
                            + "taking the lock one atomic step?), or the previous holder cleared the owner after "
                            + "releasing the lock (clear it first, then release).");
        }
    }

    static Scenario mutualExclusion() {
        Pace pace = new Pace(Duration.ofMillis(1_600), 3);
        // bursts find races only where the grader's threads really run at the same moment: after a
        // burst in which they rarely did (a machine busy with other jobs), the next trials storm instead
        AtomicBoolean coRunning = new AtomicBoolean(true);
        return Scenario.named("mutual-exclusion").subject("Mutex")
                .proves("Mutual exclusion: never two threads between lock() (or a successful tryLock()) and unlock()")
                .trials(80).budget(Duration.ofMillis(6_000))
                .body(t -> {
                    if (!pace.admit(t)) {
                        return;
                    }
                    boolean mixTry = t.index() % 2 == 1;
                    Preemptor preemptor = Preemptor.start(2);
                    try {
                        tight(t, 2 + t.index() % 2);               // 2, 3 threads, nothing outside the lock
                        storm(t, 8);                               // 8 threads that never wait: tryLock() mostly
                        if (coRunning.get()) {
                            burst(t, 2 + t.index() % 3, mixTry, coRunning); // 2, 3, 4 threads at a time
                        } else {
                            storm(t, 8);                           // threads rarely run at once here: storm again
                        }
                    } finally {
                        preemptor.close();
                    }
                    stream(t, 3 + t.index() % 3, mixTry);          // 3, 4, 5 threads on 2 cores, random unparks
                });
    }

    /**
     * Tight loops: take the Mutex, increment a plain counter, unlock(), nothing else. Threads of
     * even index use tryLock() three times in four, the others lock(). No probe: the threads spend as much of
     * their time as possible inside lock(), tryLock() and unlock(), so that on a loaded machine,
     * where two threads of this JVM rarely run at the same moment, a thread preempted between
     * "saw it free" and "took it" lets another one in. Two holders then show as a lost
     * increment, or as an unlock() refused to a holder whose owner record was overwritten.
     */
    private static void tight(Trial t, int n) throws InterruptedException {
        Mutex m = t.call("new Mutex()", Mutex::new);
        int ops = 20_000;
        Guarded g = new Guarded();
        long[] mine = new long[n];
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + SHAPE_NANOS;
        Crew crew = t.crew("tight", n, i -> {
            String me = Thread.currentThread().getName();
            boolean tries = i % 2 == 0;
            long held = 0;
            for (int k = 1; k <= ops; k++) {
                if (tries && (k & 3) != 0) {
                    if (m.tryLock()) {
                        g.count++;
                        held++;
                        unlockAsHolder(t, m, me);
                    }
                } else {
                    m.lock();
                    g.count++;
                    held++;
                    unlockAsHolder(t, m, me);
                }
                if ((k & 255) == 0) {
                    done.addAndGet(256);
                    if (System.nanoTime() - deadline > 0) {
                        break;
                    }
                }
            }
            mine[i] = held;
        }).start();
        Watch.join(crew, done::get, (long) n * ops, STALL, HARD_CAP, "lock()/unlock() rounds",
                "every thread finishes its rounds");
        long expected = 0;
        for (long h : mine) {
            expected += h;
        }
        if (g.count != expected) {
            throw t.fail(String.format(Locale.ROOT,
                            "%d threads took the Mutex %,d times in tight loops (%s), each time adding 1 to a plain "
                                    + "counter, but the counter reads %,d: %,d increments were lost, so two threads "
                                    + "were inside at once", n, expected, "tryLock() and lock()",
                            g.count, expected - g.count),
                    "at most one thread between lock() (or a successful tryLock()) and unlock(): no increment lost");
        }
    }

    /**
     * A storm: many threads that hardly ever wait (tryLock() three times in four, lock() the
     * fourth), with nothing held for long. Threads that never park stay runnable, so even on a
     * machine shared with other jobs two of them often run at the same moment.
     */
    private static void storm(Trial t, int n) throws InterruptedException {
        Mutex m = t.call("new Mutex()", Mutex::new);
        int ops = 3_000;
        Probe probe = new Probe();
        AtomicLong done = new AtomicLong();
        SplittableRandom[] rnd = randoms(t, n);
        long deadline = System.nanoTime() + SHAPE_NANOS;
        Crew crew = t.crew("storm", n, i -> {
            SplittableRandom r = rnd[i];
            String me = Thread.currentThread().getName();
            String viaLock = me + " (via lock())";
            String viaTry = me + " (via tryLock())";
            for (int k = 0; k < ops; k++) {
                String who = viaTry;
                if ((r.nextInt() & 3) != 0) {
                    if (!m.tryLock()) {
                        continue;
                    }
                } else {
                    m.lock();
                    who = viaLock;
                }
                probe.enter(t, who);
                probe.exit(t, who);
                unlockAsHolder(t, m, me);
                if ((k & 63) == 0) {
                    done.addAndGet(64);
                    if (System.nanoTime() - deadline > 0) {
                        break;
                    }
                }
            }
        }).start();
        Watch.join(crew, done::get, (long) n * ops, STALL, HARD_CAP, "tryLock()/lock() attempts",
                "every thread finishes its attempts");
    }

    /** A stream of lock()/unlock() (and tryLock()) rounds with random holds and random unparks. */
    private static void stream(Trial t, int n, boolean mixTry) throws InterruptedException {
        Mutex m = t.call("new Mutex()", Mutex::new);
        int ops = 300;
        Probe probe = new Probe();
        AtomicLong done = new AtomicLong();
        SplittableRandom[] rnd = randoms(t, n);
        long deadline = System.nanoTime() + SHAPE_NANOS / 2;
        Crew crew = t.crew("worker", n, i -> {
            SplittableRandom r = rnd[i];
            String me = Thread.currentThread().getName();
            for (int k = 0; k < ops && System.nanoTime() - deadline < 0; k++) {
                boolean viaTry = mixTry && r.nextInt(3) == 0;
                if (viaTry) {
                    if (!m.tryLock()) {
                        done.incrementAndGet();
                        continue;
                    }
                } else {
                    m.lock();
                }
                String who = me + (viaTry ? " (via tryLock())" : " (via lock())");
                probe.enter(t, who);
                if (r.nextInt(4) == 0) {
                    Trial.spin(r.nextInt(2_000));
                }
                probe.exit(t, who);
                unlockAsHolder(t, m, me);
                done.incrementAndGet();
                if (r.nextInt(16) == 0) {
                    Thread.yield();
                }
            }
        }).withRandomUnparks().start();
        Watch.join(crew, done::get, (long) n * ops, STALL, HARD_CAP, "lock()/unlock() rounds",
                "every worker finishes its rounds");
    }

    /**
     * Bursts: the threads meet at a spin barrier, then all call lock() (or tryLock()) on a free
     * Mutex at the same moment, hold it a microsecond, and release. Races inside lock() and
     * tryLock() (check-then-act) need a competitor that is running at that very moment: the
     * barrier provides one, even on a loaded machine.
     */
    private static void burst(Trial t, int n, boolean mixTry, AtomicBoolean coRunning) throws InterruptedException {
        Mutex m = t.call("new Mutex()", Mutex::new);
        int rounds = 300;
        Probe probe = new Probe();
        AtomicLong done = new AtomicLong();
        SpinBarrier barrier = new SpinBarrier(n);
        SplittableRandom[] rnd = randoms(t, n);
        long deadline = System.nanoTime() + SHAPE_NANOS;
        AtomicInteger stopRound = new AtomicInteger(Integer.MAX_VALUE);
        long[] entered = new long[n];      // when each thread called in, this round (read after the next barrier)
        long[] contested = new long[1];    // rounds where all callers arrived within 2 µs of each other
        Crew crew = t.crew("burst", n, i -> {
            SplittableRandom r = rnd[i];
            String me = Thread.currentThread().getName();
            for (int k = 0; k < rounds; k++) {
                if (i == 0) {
                    if (k > 0) {
                        long lo = Long.MAX_VALUE;
                        long hi = Long.MIN_VALUE;
                        for (long e : entered) {
                            lo = Math.min(lo, e);
                            hi = Math.max(hi, e);
                        }
                        if (hi - lo < 2_000L) {
                            contested[0]++;
                        }
                    }
                    if (stopRound.get() == Integer.MAX_VALUE && System.nanoTime() - deadline > 0) {
                        stopRound.set(k); // decided before arriving: everyone reads it after this round's barrier
                    }
                }
                barrier.await();
                if (stopRound.get() <= k) {
                    return;
                }
                boolean viaTry = mixTry && r.nextBoolean();
                entered[i] = System.nanoTime();
                if (viaTry) {
                    if (!m.tryLock()) {
                        done.incrementAndGet();
                        continue;
                    }
                } else {
                    m.lock();
                }
                String who = me + (viaTry ? " (via tryLock())" : " (via lock())");
                probe.enter(t, who);
                Trial.spin(1_000);
                probe.exit(t, who);
                unlockAsHolder(t, m, me);
                done.incrementAndGet();
            }
        }).start();
        Watch.join(crew, done::get, (long) n * rounds, STALL, HARD_CAP, "lock()/unlock() rounds",
                "every thread finishes its bursts");
        long roundsRun = done.get() / n;
        t.metric("burst rounds (last burst)", roundsRun + " rounds, " + contested[0]
                + " with every caller arriving within 2 µs" + (contested[0] * 10 >= roundsRun ? ""
                : " (threads rarely ran at once: storms replace the next bursts)"));
        coRunning.set(contested[0] * 10 >= roundsRun);
    }

    static SplittableRandom[] randoms(Trial t, int n) {
        SplittableRandom[] out = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            out[i] = t.random().split();
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // no-lost-updates

    /** Plain fields guarded by the Mutex: no volatile, no atomics; the lock alone must publish them. */
    static final class Guarded {
        long count;
        int data;
        boolean ready;
    }

    static Scenario noLostUpdates() {
        Pace pace = new Pace(Duration.ofMillis(1_000), 2);
        return Scenario.named("no-lost-updates").subject("Mutex")
                .proves("No lost updates to plain fields guarded by the Mutex: what a holder wrote before unlock() "
                        + "is seen by the next thread after its lock() or tryLock() (happens-before)")
                .trials(20).budget(Duration.ofMillis(3_000))
                .body(t -> {
                    if (!pace.admit(t)) {
                        return;
                    }
                    Preemptor preemptor = Preemptor.start(2);
                    try {
                        counterShape(t, 2);
                        flagShape(t, true);
                        counterShape(t, 3);
                        flagShape(t, false);
                    } finally {
                        preemptor.close();
                    }
                });
    }

    /**
     * Two or three threads increment a plain field in a tight lock/increment/unlock loop with
     * nothing outside the lock, hot enough to be JIT-compiled. Time-boxed, so that fair
     * (FIFO hand-off) designs on a loaded machine are not slower to grade.
     */
    private static void counterShape(Trial t, int n) throws InterruptedException {
        Mutex m = t.call("new Mutex()", Mutex::new);
        Guarded g = new Guarded();
        long[] mine = new long[n];
        AtomicLong progress = new AtomicLong();
        long deadline = System.nanoTime() + SHAPE_NANOS;
        Crew crew = t.crew("incrementer", n, i -> {
            String me = Thread.currentThread().getName();
            long count = 0;
            do {
                for (int k = 0; k < 512; k++) {
                    m.lock();
                    g.count++;
                    unlockAsHolder(t, m, me);
                }
                count += 512;
                progress.addAndGet(512);
            } while (System.nanoTime() - deadline < 0);
            mine[i] = count;
        }).start();
        Watch.join(crew, progress::get, -1, STALL, HARD_CAP, "increments",
                "every incrementer finishes");
        long expected = 0;
        for (long c : mine) {
            expected += c;
        }
        long seen = g.count;
        t.metric("increments under the Mutex (last trial)", String.format(Locale.ROOT, "%,d by %d threads", expected, n));
        if (seen != expected) {
            throw t.fail(String.format(Locale.ROOT,
                            "%d threads each ran lock(); count++; unlock() on a plain field: %,d increments left count = %,d, "
                                    + "so %,d updates were lost", n, expected, seen, expected - seen),
                    "count equals the number of increments: each holder sees the value the previous holder wrote "
                            + "before its unlock() (unlock() happens-before the next lock())")
                    .detail("A lock's state must be an atomic (or volatile) word changed by CAS/getAndSet: plain fields "
                            + "and check-then-set let two threads in, and the JIT may keep a plain value in a register.");
        }
    }

    /**
     * A writer sets plain {@code data} and {@code ready} under the Mutex; a reader loops
     * tryLock()/lock(), reads {@code ready}, unlock(), until it sees it. With a lock that gives
     * no happens-before, the JIT may hoist the read of {@code ready} out of the loop.
     */
    private static void flagShape(Trial t, boolean viaTryLock) throws InterruptedException {
        final long limit = 200_000_000L;
        Mutex m = t.call("new Mutex()", Mutex::new);
        Guarded g = new Guarded();
        long[] result = new long[4]; // [0] iterations until seen (-1: never), [1] data seen, [2] iterations, [3] end
        long[] unlockedAt = new long[1];
        long delay = 5_000_000L + t.random().nextLong(20_000_000L);
        Crew crew = t.crew(viaTryLock ? "tryLock-reader/writer" : "lock-reader/writer", 2, i -> {
            if (i == 0) {
                long k = 0;
                long seenAt = -1;
                int data = 0;
                if (viaTryLock) {
                    for (; k < limit; k++) {
                        if (m.tryLock()) {
                            boolean r = g.ready;
                            int d = g.data;
                            m.unlock();
                            if (r) {
                                seenAt = k;
                                data = d;
                                break;
                            }
                        }
                    }
                } else {
                    for (; k < limit; k++) {
                        m.lock();
                        boolean r = g.ready;
                        int d = g.data;
                        m.unlock();
                        if (r) {
                            seenAt = k;
                            data = d;
                            break;
                        }
                    }
                }
                result[3] = System.nanoTime();
                result[0] = seenAt;
                result[1] = data;
                result[2] = k;
            } else {
                LockSupport.parkNanos(delay);
                m.lock();
                g.data = 42;
                g.ready = true;
                m.unlock();
                unlockedAt[0] = System.nanoTime();
            }
        }).start();
        crew.join(Duration.ofSeconds(10), "the reader sees the flag soon after the writer's unlock()");
        long sinceUnlock = (result[3] - unlockedAt[0]) / 1_000_000L;
        String loop = viaTryLock ? "if (tryLock()) { read ready; unlock(); }" : "lock(); read ready; unlock();";
        if (result[0] < 0 && result[3] - unlockedAt[0] < 10_000_000L) {
            return; // the writer was so late (a loaded machine) that the reader ran out of rounds first: no verdict
        }
        if (result[0] < 0) {
            throw t.fail(String.format(Locale.ROOT,
                            "a reader looping `%s` %,d times never saw ready == true, which the writer had set under the "
                                    + "Mutex before its unlock() (%d ms before the reader gave up)", loop, result[2], sinceUnlock),
                    "the reader sees ready == true at its first lock after the writer's unlock() (unlock() happens-before "
                            + "the next lock())")
                    .detail("The JIT may read a plain field once and keep it in a register unless the lock's "
                            + "acquire and release are volatile or atomic operations (CAS, getAndSet, volatile write).");
        }
        if (result[1] != 42) {
            throw t.fail("the reader saw ready == true but data == " + result[1]
                            + " (the writer set data = 42, then ready = true, both under the Mutex)",
                    "data == 42: everything the holder wrote before unlock() is visible after the next lock()");
        }
    }

    // ------------------------------------------------------------------------------------------
    // multi-field-invariant

    /** Two plain balances whose sum is constant: transfers keep it only if no two holders overlap. */
    static final class Accounts {
        static final long TOTAL = 1_000;
        long a = TOTAL / 2;
        long b = TOTAL / 2;
    }

    static Scenario multiFieldInvariant() {
        Pace pace = new Pace(Duration.ofMillis(400), 5);
        return Scenario.named("multi-field-invariant").subject("Mutex")
                .proves("A multi-field invariant kept under contention: transfers between two plain fields keep "
                        + "a + b constant, as every holder and an auditor see it")
                .trials(40).budget(Duration.ofMillis(2_000))
                .body(t -> {
                    if (!pace.admit(t)) {
                        return;
                    }
                    Preemptor preemptor = Preemptor.start(2);
                    try {
                        transfers(t);
                    } finally {
                        preemptor.close();
                    }
                });
    }

    /** Four threads move amounts between two plain fields (lock() or tryLock()); an auditor reads both. */
    private static void transfers(Trial t) throws InterruptedException {
        Mutex m = t.call("new Mutex()", Mutex::new);
        Accounts acc = new Accounts();
        int movers = 4;
        int ops = 250;
        long[] moved = new long[movers];
        AtomicLong done = new AtomicLong();
        AtomicInteger moversLeft = new AtomicInteger(movers);
        SplittableRandom[] rnd = randoms(t, movers + 1);
        long deadline = System.nanoTime() + SHAPE_NANOS;
        Crew crew = t.crew("transfer", movers + 1, i -> {
            SplittableRandom r = rnd[i];
            String me = Thread.currentThread().getName();
            if (i == movers) {
                me = "auditor";
                while (moversLeft.get() > 0) {
                    m.lock();
                    long a = acc.a;
                    long b = acc.b;
                    unlockAsHolder(t, m, me);
                    checkSum(t, me, a, b);
                    LockSupport.parkNanos(20_000L);
                }
                return;
            }
            try {
                long net = 0;
                for (int k = 0; k < ops && System.nanoTime() - deadline < 0; k++) {
                    boolean viaTry = r.nextInt(4) == 0;
                    if (viaTry) {
                        if (!m.tryLock()) {
                            done.incrementAndGet();
                            continue;
                        }
                    } else {
                        m.lock();
                    }
                    long a = acc.a;
                    long b = acc.b;
                    checkSum(t, me + (viaTry ? " (via tryLock())" : " (via lock())"), a, b);
                    long x = 1 + r.nextInt(9);
                    if (r.nextBoolean()) {
                        acc.a = a - x;
                        Trial.spin(r.nextInt(600));
                        acc.b = b + x;
                        net += x;
                    } else {
                        acc.b = b - x;
                        Trial.spin(r.nextInt(600));
                        acc.a = a + x;
                        net -= x;
                    }
                    unlockAsHolder(t, m, me);
                    done.incrementAndGet();
                }
                moved[i] = net;
            } finally {
                moversLeft.decrementAndGet();
            }
        }).withRandomUnparks().start();
        Watch.join(crew, done::get, (long) movers * ops, STALL, HARD_CAP, "transfers",
                "every transfer thread and the auditor finish");
        long net = 0;
        for (long x : moved) {
            net += x;
        }
        long a = acc.a;
        long b = acc.b;
        checkSum(t, "the grader, after all threads finished,", a, b);
        if (a != Accounts.TOTAL / 2 - net) {
            throw t.fail(String.format(Locale.ROOT,
                            "after %d transfers that moved a net %d from a to b, a = %d and b = %d",
                            done.get(), net, a, b),
                    String.format(Locale.ROOT, "a = %d and b = %d: every transfer made under the Mutex counts",
                            Accounts.TOTAL / 2 - net, Accounts.TOTAL / 2 + net));
        }
    }

    private static void checkSum(Trial t, String who, long a, long b) {
        if (a + b != Accounts.TOTAL) {
            throw t.fail(String.format(Locale.ROOT,
                            "%s read a = %d and b = %d while holding the Mutex: a + b = %d", who, a, b, a + b),
                    "a + b = " + Accounts.TOTAL + " whenever a thread holds the Mutex: transfers (a -= x; b += x) "
                            + "are done entirely under the lock, so no holder sees one half-done");
        }
    }

    // ------------------------------------------------------------------------------------------
    // progress-under-contention

    static Scenario progressUnderContention() {
        Pace pace = new Pace(Duration.ofMillis(600), 3);
        return Scenario.named("progress-under-contention").subject("Mutex")
                .proves("Every thread finishes under heavy contention: no lost wake-up leaves a thread asleep "
                        + "in lock() while the Mutex is free")
                .trials(30).budget(Duration.ofMillis(3_000))
                .body(t -> {
                    if (!pace.admit(t)) {
                        return;
                    }
                    // every trial runs every shape, so that a loaded machine (few trials) still runs each
                    Preemptor preemptor = Preemptor.start(2);
                    try {
                        contention(t, "ping", 2, 600, 15_000, 0, false, false);
                        contention(t, "trio", 3, 400, 8_000, 3_000, false, false);
                        contention(t, "crowd", 6, 150, 3_000, 0, true, false);
                    } finally {
                        preemptor.close();
                    }
                });
    }

    /**
     * {@code n} threads each take the Mutex up to {@code ops} times (and for at most
     * {@link #SHAPE_NANOS}), holding it for up to {@code holdNanos}. No shape uses random
     * unparks here: an unpark wakes a parked thread whose wake-up was lost and hides the bug
     * (other scenarios use them). The crowd mixes tryLock() in. The time box keeps fair
     * (FIFO hand-off) designs on a loaded machine as quick to grade as barging ones: a lost
     * wake-up still shows, as the sleeper stays asleep after the others stop.
     */
    private static void contention(Trial t, String role, int n, int ops, int holdNanos, int outsideNanos,
                                   boolean mixTry, boolean chaos) throws InterruptedException {
        Mutex m = t.call("new Mutex()", Mutex::new);
        Guarded g = new Guarded();
        AtomicLong done = new AtomicLong();
        SplittableRandom[] rnd = randoms(t, n);
        long deadline = System.nanoTime() + SHAPE_NANOS;
        Crew crew = t.crew(role, n, i -> {
            SplittableRandom r = rnd[i];
            String me = Thread.currentThread().getName();
            for (int k = 0; k < ops && System.nanoTime() - deadline < 0; k++) {
                if (mixTry && r.nextInt(4) == 0) {
                    if (!m.tryLock()) {
                        done.incrementAndGet();
                        continue;
                    }
                } else {
                    m.lock();
                }
                g.count++;
                Trial.spin(r.nextInt(holdNanos));
                unlockAsHolder(t, m, me);
                done.incrementAndGet();
                if (outsideNanos > 0) {
                    Trial.spin(r.nextInt(outsideNanos));
                } else if (mixTry && r.nextInt(8) == 0) {
                    Thread.yield();
                }
            }
        });
        if (chaos) {
            crew.withRandomUnparks();
        }
        crew.start();
        Watch.join(crew, done::get, (long) n * ops, STALL, HARD_CAP, "lock()/unlock() rounds",
                "every thread finishes: a thread asleep in lock() is woken when the Mutex is released "
                        + "(a lost wake-up leaves it asleep forever)");
    }

    // ------------------------------------------------------------------------------------------
    // waiters-block

    static Scenario waitersBlock() {
        return Scenario.named("waiters-block").subject("Mutex")
                .quiet() // measures CPU: noise yields would starve a spinner and hide it
                .proves("Waiters block instead of spinning: threads waiting in lock() for a held Mutex park "
                        + "(a short spin first is fine), also after they are interrupted")
                .trials(1).budget(Duration.ofMillis(100))
                .body(t -> {
                    Mutex m = t.call("new Mutex()", Mutex::new);
                    int n = 3;
                    AtomicInteger acquired = new AtomicInteger();
                    AtomicReference<String> holding = new AtomicReference<>("holder still held the Mutex");
                    try (Actor holder = new Actor("holder")) {
                        holder.run("lock() on a free Mutex", () -> m.lock(), PROMPT, "lock() on a free Mutex returns at once");
                        AtomicInteger arrived = new AtomicInteger();
                        Crew crew = t.crew("waiter", n, i -> {
                            arrived.incrementAndGet();
                            m.lock();
                            String h = holding.get();
                            if (h != null) {
                                throw t.fail(Thread.currentThread().getName() + "'s lock() returned while " + h,
                                        "lock() returns only once the Mutex is free: it keeps waiting, also through interrupts");
                            }
                            acquired.incrementAndGet();
                            Thread.interrupted();
                            m.unlock();
                        }).start();
                        List<Thread> waiters = crew.threads();
                        Trial.eventually(Duration.ofSeconds(2), () -> arrived.get() == n);
                        Watch.allBlocked(waiters, Duration.ofMillis(300));
                        spinCheck(t, crew, waiters, "while holder held the Mutex", "blocked waiter CPU",
                                "Park the waiting thread with Futex.await(word, value) or LockSupport.park() in a loop "
                                        + "that re-checks the lock; spinning is fine only for a short while before parking.");

                        holding.set("holder still held the Mutex (the waiters had been interrupted)");
                        crew.interruptAll();
                        LockSupport.parkNanos(30_000_000L);
                        Watch.rethrow(crew);
                        spinCheck(t, crew, waiters, "after being interrupted, while holder still held the Mutex",
                                "interrupted waiter CPU",
                                "An interrupted thread's Futex.await() (and LockSupport.park()) returns at once, so a wait "
                                        + "loop spins while the interrupt status is set: clear it with Thread.interrupted() "
                                        + "while you wait, and set it again before lock() returns.");

                        holding.set(null);
                        holder.run("unlock() (it holds the Mutex)", () -> m.unlock(), PROMPT,
                                "unlock() by the holder returns at once");
                        Watch.join(crew, acquired::get, n, STALL, HARD_CAP, "waiters served",
                                "every waiter gets the Mutex once it is released");
                    }
                });
    }

    /**
     * Measures the waiters for up to three windows of 250 ms; passes at the first window in which
     * none of them looks like spinning. A spinner looks like spinning in every window, whatever
     * the load (it stays RUNNABLE); a correct waiter that was late to park is clean in the next.
     */
    private static void spinCheck(Trial t, Crew crew, List<Thread> waiters, String when, String metric, String hint)
            throws InterruptedException {
        final double cpuLimit = 0.10;
        final double runnableLimit = 0.50;
        Watch.Window last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Watch.Window w = Watch.window(waiters, Duration.ofMillis(250));
            Watch.rethrow(crew);
            last = w;
            boolean clean = true;
            double worst = 0;
            for (int i = 0; i < waiters.size(); i++) {
                clean &= !w.spinning(i, cpuLimit, runnableLimit);
                worst = Math.max(worst, w.cpuShare(i));
            }
            if (clean) {
                t.metric(metric, String.format(Locale.ROOT, "%.1f%% of a core at most (limit %.0f%%)", 100 * worst,
                        100 * cpuLimit));
                return;
            }
        }
        List<String> spinners = new ArrayList<>();
        for (int i = 0; i < waiters.size(); i++) {
            if (last.spinning(i, cpuLimit, runnableLimit)) {
                spinners.add(last.describe(i, waiters.get(i).getName()));
            }
        }
        throw t.fail("threads waiting in lock() " + when + " kept running instead of parking, in 3 windows of 250 ms: "
                        + String.join("; ", spinners) + " (last window)",
                String.format(Locale.ROOT, "waiting threads park: under %.0f%% of a core each, and not RUNNABLE "
                        + "most of the time (a short spin before parking is fine)", 100 * cpuLimit))
                .detail(hint);
    }

    // ------------------------------------------------------------------------------------------
    // lock-not-interruptible

    static Scenario lockNotInterruptible() {
        return Scenario.named("lock-not-interruptible").subject("Mutex")
                .proves("lock() is not interruptible: an interrupted waiter keeps waiting while the Mutex is held, "
                        + "gets it once it is released, and returns with its interrupt status still set")
                .trials(6).budget(Duration.ofMillis(1_000))
                .body(t -> {
                    Mutex m = t.call("new Mutex()", Mutex::new);
                    int n = 3;
                    AtomicInteger served = new AtomicInteger();
                    AtomicReference<String> holding = new AtomicReference<>("holder still held the Mutex");
                    Probe probe = new Probe();
                    try (Actor holder = new Actor("holder")) {
                        holder.run("lock() on a free Mutex", () -> m.lock(), PROMPT, "lock() on a free Mutex returns at once");
                        AtomicInteger arrived = new AtomicInteger();
                        Crew crew = t.crew("waiter", n, i -> {
                            String me = Thread.currentThread().getName();
                            if (i == 0) {
                                Thread.currentThread().interrupt(); // interrupted before it even calls lock()
                            }
                            arrived.incrementAndGet();
                            m.lock();
                            boolean interrupted = Thread.currentThread().isInterrupted();
                            String h = holding.get();
                            if (h != null) {
                                boolean held = m.isHeldByCurrentThread();
                                throw t.fail(me + " was interrupted while waiting in lock(), and its lock() returned while "
                                                + h + (held ? " (and isHeldByCurrentThread() said true: two holders at once)"
                                                : " (isHeldByCurrentThread() = false: it returned without the Mutex)"),
                                        "lock() keeps waiting through interrupts until the Mutex is free, then returns holding it")
                                        .detail(held ? "After every wake-up, re-check the lock in a loop (while, not if): "
                                                + "an interrupt or a spurious wake-up ends the wait without the lock being free."
                                                : "lock() is not interruptible: note the interrupt (Thread.interrupted()), "
                                                + "keep waiting, and restore it before returning.");
                            }
                            probe.enter(t, me);
                            Trial.spin(20_000);
                            probe.exit(t, me);
                            if (!interrupted) {
                                throw t.fail(me + " was interrupted " + (i == 0 ? "before calling lock()" : "while waiting in lock()")
                                                + ", and lock() returned with the interrupt status cleared",
                                        "lock() returns with the interrupt status still set, so the caller still sees the interrupt")
                                        .detail("If you clear the status with Thread.interrupted() so that Futex.await() sleeps, "
                                                + "remember it and call Thread.currentThread().interrupt() before lock() returns.");
                            }
                            boolean held = m.isHeldByCurrentThread();
                            if (!held) {
                                throw t.fail("isHeldByCurrentThread() returned false on " + me + " right after its lock() returned",
                                        "true: the thread whose lock() returned holds the Mutex");
                            }
                            Thread.interrupted();
                            unlockAsHolder(t, m, me);
                            served.incrementAndGet();
                        }).withRandomUnparks().start();
                        List<Thread> waiters = crew.threads().subList(1, n);
                        Trial.eventually(Duration.ofSeconds(2), () -> arrived.get() == n);
                        Watch.allBlocked(waiters, Duration.ofMillis(200));
                        for (int round = 0; round < 4; round++) {
                            for (Thread w : waiters) {
                                w.interrupt();
                            }
                            LockSupport.parkNanos(10_000_000L);
                            Watch.rethrow(crew);
                        }
                        holding.set(null);
                        holder.run("unlock() (it holds the Mutex)", () -> m.unlock(), PROMPT,
                                "unlock() by the holder returns at once");
                        Watch.join(crew, served::get, n, STALL, HARD_CAP, "waiters served",
                                "every interrupted waiter gets the Mutex once it is released");
                    }
                });
    }

}
