package level2;

import static level2.Checks.fmt;
import static level2.Checks.ms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ladder.grading.Crew;
import ladder.grading.Hang;
import ladder.grading.Scenario;
import ladder.grading.Trial;
import ladder.grading.Violation;
import ladder.level2.ResourcePool;

/**
 * The ResourcePool's properties: misuse errors; no resource leased twice at once; a release in
 * the window between a waiter's check and its sleep is not lost; injected spurious wake-ups
 * break nothing; waiting blocks; one release wakes one waiter (wasted wake-ups per release are
 * measured and shown); timeouts and interrupts take nothing and leave the pool whole; no thread
 * is left waiting while a resource is free.
 *
 * <p>Resources are {@link Conn} objects compared by identity, each with an occupancy probe:
 * a thread claims it when acquire returns it and frees the claim before releasing it.
 */
final class ResourcePoolScenarios {

    private static final String POOL = "ResourcePool";

    private ResourcePoolScenarios() {}

    static List<Scenario> scenarios() {
        return List.of(misuse(), noDoubleLease(), noLostSignal(), spuriousWakeups(), acquireBlocks(), wastedWakeups(),
                timeouts(), interrupts(), noStrandedWaiter());
    }

    // ------------------------------------------------------------------------------------------
    // tools

    static List<Conn> conns(int n) {
        List<Conn> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Conn(i));
        }
        return out;
    }

    static ResourcePool<Conn> newPool(Trial t, List<Conn> conns) {
        return t.call("new ResourcePool(" + conns + ")", () -> new ResourcePool<>(conns));
    }

    static Set<Conn> identitySet(List<Conn> conns) {
        Set<Conn> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(conns);
        return s;
    }

    /** The occupancy probe: {@code who} now holds {@code c}, which acquire ({@code how}) returned. */
    static void claim(Trial t, Set<Conn> members, Conn c, String who, String how) {
        if (c == null) {
            throw t.fail(who + "'s " + how + " returned null",
                    how.startsWith("acquire()") ? "acquire() waits until it can return a resource: it never returns null"
                            : "null only once the timeout has elapsed");
        }
        if (!members.contains(c)) {
            throw t.fail(who + "'s " + how + " returned " + c + ", which is not one of this pool's resources",
                    "acquire returns one of the resources the pool was given");
        }
        if (!c.holder.compareAndSet(null, who)) {
            throw t.fail(c + " was leased to " + who + " (" + how + ") while " + c.holder.get() + " still held it",
                    "each resource leased to one caller at a time: it is free in the pool or leased, never both");
        }
    }

    /** Frees the probe, then releases. */
    static void giveBack(ResourcePool<Conn> pool, Conn c) {
        c.holder.set(null);
        pool.release(c);
    }

    /**
     * The pool is whole: available() equals its size, every resource can be acquired once again and
     * no more. Runs on its own thread, so that a pool that lost a resource cannot block the grader.
     */
    static void whole(Trial t, ResourcePool<Conn> pool, List<Conn> conns, String context) throws InterruptedException {
        Set<Conn> members = identitySet(conns);
        int n = conns.size();
        Solo<Void> check = Solo.start("checker", () -> {
            int avail = pool.available();
            if (avail != n) {
                throw t.fail(fmt("%s: available() returned %d with every resource returned", context, avail),
                        fmt("available() == %d: a pool of %d, whole", n, n));
            }
            List<Conn> got = new ArrayList<>();
            Set<Conn> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < n; i++) {
                Conn c = pool.acquire(500, TimeUnit.MILLISECONDS);
                if (c == null) {
                    throw t.fail(fmt("%s: only %d of the pool's %d resources could be acquired again (acquire(500 ms) then returned null)", context, i, n),
                            "every resource back in the pool: nothing lost");
                }
                if (!members.contains(c)) {
                    throw t.fail(context + ": acquire returned " + c + ", which is not one of this pool's resources",
                            "acquire returns one of the resources the pool was given");
                }
                if (!seen.add(c)) {
                    throw t.fail(context + ": " + c + " was handed out twice with no release in between: it sat in the pool twice",
                            "each resource in the pool once: nothing duplicated");
                }
                got.add(c);
            }
            Conn extra = pool.acquire(1, TimeUnit.MILLISECONDS);
            if (extra != null) {
                throw t.fail(fmt("%s: with all %d resources acquired, acquire(1 ms) still returned %s", context, n, extra),
                        "null: the pool holds only the resources it was given");
            }
            for (Conn c : got) {
                pool.release(c);
            }
            int after = pool.available();
            if (after != n) {
                throw t.fail(fmt("%s: after acquiring and releasing every resource, available() returned %d", context, after),
                        fmt("available() == %d", n));
            }
            return null;
        });
        check.join(ms(3000), "acquire/release of every resource (" + context + ")", "a whole pool answers at once");
    }

    /** Runs a call that must throw one of {@code types}; anything else is a verdict. */
    @SafeVarargs
    static void expect(Trial t, String what, String expected, Solo.Body<?> body, Class<? extends Throwable>... types)
            throws InterruptedException {
        Solo<?> call = Solo.start("caller", body);
        if (!call.await(ms(1500))) {
            throw call.hang(what + " did not return within 1500 ms", expected);
        }
        Throwable e = call.thrown();
        if (Checks.notStarted(e)) {
            throw call.crash(what);
        }
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(e)) {
                return;
            }
        }
        throw t.fail(what + (e == null ? " returned normally" : " threw " + Checks.name(e)), expected);
    }

    /** Waits until every thread of the list is blocked (asleep in acquire) and quiet. */
    static void asleep(Trial t, List<Thread> threads, Crew crew, String what) {
        if (!Checks.await(Checks.HANG, () -> Checks.allBlockedInLearnerCode(threads) && allAlive(threads))) {
            crew.rethrow();
            throw new Hang(what + ": the thread(s) were not asleep after " + Checks.HANG.toMillis() + " ms",
                    "a thread that waits for a resource sleeps in acquire", Checks.reports(threads));
        }
    }

    private static boolean allAlive(List<Thread> threads) {
        for (Thread th : threads) {
            if (!th.isAlive()) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // misuse

    static Scenario misuse() {
        return Scenario.named("pool-misuse").subject(POOL)
                .proves("Bad input gets the java.util.concurrent error: empty pool IAE, null element NPE, release of a resource not leased from this pool IAE")
                .trials(1)
                .body(t -> {
                    expect(t, "new ResourcePool(an empty list)", "IllegalArgumentException: a pool needs at least one resource",
                            () -> new ResourcePool<Conn>(List.of()), IllegalArgumentException.class);
                    expect(t, "new ResourcePool([conn-0, null, conn-1])", "NullPointerException: null resources are refused",
                            () -> new ResourcePool<>(Arrays.asList(new Conn(0), null, new Conn(1))), NullPointerException.class);
                    expect(t, "new ResourcePool(null)", "NullPointerException",
                            () -> new ResourcePool<Conn>(null), NullPointerException.class);
                    List<Conn> conns = conns(2);
                    ResourcePool<Conn> pool = newPool(t, conns);
                    String iae = "IllegalArgumentException: release accepts only a resource currently leased from this pool";
                    expect(t, "release(a resource the pool was never given)", iae, () -> {
                        pool.release(new Conn(99));
                        return null;
                    }, IllegalArgumentException.class);
                    expect(t, "release(conn-0) while conn-0 is free in the pool (never acquired)", iae, () -> {
                        pool.release(conns.get(0));
                        return null;
                    }, IllegalArgumentException.class);
                    Solo<Conn> lease = Solo.start("caller", pool::acquire);
                    Conn c = lease.join(ms(3000), "acquire() on a pool with 2 free resources", "acquire() returns at once when a resource is free");
                    claim(t, identitySet(conns), c, "caller", "acquire()");
                    Solo<Void> back = Solo.start("caller", () -> {
                        giveBack(pool, c);
                        return null;
                    });
                    back.join(ms(3000), "release(" + c + ")", "release of a leased resource returns at once");
                    expect(t, "a second release(" + c + ") after it was already released", iae, () -> {
                        pool.release(c);
                        return null;
                    }, IllegalArgumentException.class);
                    expect(t, "release(null)", "NullPointerException (or IllegalArgumentException)", () -> {
                        pool.release(null);
                        return null;
                    }, NullPointerException.class, IllegalArgumentException.class);
                    whole(t, pool, conns, "after the refused releases");
                });
    }

    // ------------------------------------------------------------------------------------------
    // no resource leased twice at once

    static Scenario noDoubleLease() {
        return Scenario.named("no-double-lease").subject(POOL)
                .proves("No resource is ever leased twice at once, with many threads competing for fewer resources")
                .trials(6).budget(ms(250))
                .body(t -> {
                    int size = 2 + t.index() % 2;
                    int workers = 6;
                    int ops = 100;
                    List<Conn> conns = conns(size);
                    Set<Conn> members = identitySet(conns);
                    ResourcePool<Conn> pool = newPool(t, conns);
                    AtomicInteger leased = new AtomicInteger();
                    AtomicInteger ops2 = new AtomicInteger();
                    long seed = t.random().nextLong();
                    Crew crew = t.crew("worker", workers, i -> {
                        String who = "worker-" + i;
                        SplittableRandom rnd = new SplittableRandom(seed + i);
                        for (int k = 0; k < ops; k++) {
                            boolean timed = rnd.nextInt(4) == 0;
                            Conn c = timed ? pool.acquire(200, TimeUnit.MILLISECONDS) : pool.acquire();
                            if (c == null && timed) {
                                continue; // a timeout under contention (checked by 'pool-timeouts')
                            }
                            claim(t, members, c, who, timed ? "acquire(200 ms)" : "acquire()");
                            ops2.incrementAndGet();
                            int now = leased.incrementAndGet();
                            if (now > size) {
                                throw t.fail(fmt("%d resources leased at once from a pool of %d", now, size),
                                        "never more leases than resources");
                            }
                            Trial.spin(rnd.nextInt(4) == 0 ? rnd.nextInt(5_000, 30_000) : rnd.nextInt(0, 2_000));
                            leased.decrementAndGet();
                            giveBack(pool, c);
                        }
                    });
                    if (t.index() % 2 == 1) {
                        crew.withRandomUnparks();
                    }
                    Checks.join(crew.start(), Checks.HANG, ops2::get,
                            () -> fmt("workers stopped making progress (%d resource(s) leased by the grader's count, available() = %d)",
                                    leased.get(), safeAvailable(pool)),
                            "every worker finishes: a released resource goes to a waiting thread");
                    whole(t, pool, conns, fmt("after %d workers × %d leases", workers, ops));
                });
    }

    static int safeAvailable(ResourcePool<Conn> pool) {
        try {
            return pool.available();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------
    // a release in the window between a waiter's check and its sleep is not lost

    static Scenario noLostSignal() {
        return Scenario.named("pool-no-lost-wakeup").subject(POOL)
                .proves("A release that comes between a waiter's check (nothing free) and its sleep still wakes it")
                .trials(8).budget(ms(200))
                .body(t -> {
                    int rounds = 80;
                    List<Conn> conns = conns(1);
                    Set<Conn> members = identitySet(conns);
                    ResourcePool<Conn> pool = newPool(t, conns);
                    AtomicInteger announced = new AtomicInteger(-1);
                    AtomicInteger got = new AtomicInteger(-1);
                    AtomicInteger released = new AtomicInteger(-1);
                    AtomicBoolean stop = new AtomicBoolean();
                    long seed = t.random().nextLong();
                    Crew crew = t.crew("worker", 2, i -> {
                        String who = "worker-" + i;
                        SplittableRandom rnd = new SplittableRandom(seed + i);
                        Conn mine = null;
                        if (i == 0) {
                            mine = pool.acquire();
                            claim(t, members, mine, who, "acquire()");
                            got.set(0);
                        } else {
                            Checks.await(Duration.ofSeconds(60), () -> got.get() >= 0 || stop.get());
                        }
                        for (int k = 1; k <= rounds && !stop.get(); k++) {
                            int round = k;
                            if (k % 2 == i) { // my turn to acquire: the other thread releases while I check and sleep
                                announced.set(k);
                                mine = pool.acquire();
                                claim(t, members, mine, who, "acquire()");
                                got.set(k);
                            } else {
                                long spinUntil = System.nanoTime() + 50_000L; // react at once: the window is right after the announcement
                                while (announced.get() < round && !stop.get() && System.nanoTime() - spinUntil < 0) {
                                    Thread.onSpinWait();
                                }
                                Checks.await(Duration.ofSeconds(60), () -> announced.get() >= round || stop.get());
                                int pick = rnd.nextInt(10);
                                Trial.spin(pick < 4 ? 0 : pick < 8 ? rnd.nextInt(0, 2_000) : rnd.nextInt(0, 20_000));
                                Conn c = mine;
                                mine = null;
                                giveBack(pool, c);
                                released.set(k);
                                Checks.await(Duration.ofSeconds(60), () -> got.get() >= round || stop.get());
                            }
                        }
                        if (mine != null) {
                            giveBack(pool, mine);
                        }
                    });
                    crew.start();
                    try {
                        Checks.join(crew, Checks.HANG, () -> got.get() + released.get(), () -> {
                            int r = released.get();
                            return r > got.get()
                                    ? fmt("round %d of %d: worker-%d released the pool's only resource just as worker-%d called acquire(), and worker-%d slept on with it free (available() = %d)",
                                            r, rounds, (r + 1) % 2, r % 2, r % 2, safeAvailable(pool))
                                    : fmt("the two workers stopped in round %d of %d", got.get() + 1, rounds);
                        }, "a release wakes a thread waiting in acquire(), even one that had just found the pool empty");
                    } finally {
                        stop.set(true);
                    }
                    whole(t, pool, conns, fmt("after %d hand-overs", rounds));
                });
    }

    // ------------------------------------------------------------------------------------------
    // injected spurious wake-ups break nothing

    static Scenario spuriousWakeups() {
        return Scenario.named("pool-spurious-wakeups").subject(POOL)
                .proves("Spurious wake-ups (injected into 5% of Futex waits, plus random unparks) break nothing: acquire re-checks after every wake-up")
                .trials(3).budget(ms(200))
                .body(t -> {
                    int workers = 5;
                    int ops = 40;
                    List<Conn> conns = conns(1);
                    Set<Conn> members = identitySet(conns);
                    ResourcePool<Conn> pool = newPool(t, conns);
                    long seed = t.random().nextLong();
                    AtomicInteger leases = new AtomicInteger();
                    Crew crew = t.crew("worker", workers, i -> {
                        String who = "worker-" + i;
                        SplittableRandom rnd = new SplittableRandom(seed + i);
                        for (int k = 0; k < ops; k++) {
                            boolean timed = rnd.nextBoolean();
                            long t0 = System.nanoTime();
                            Conn c = timed ? pool.acquire(2, TimeUnit.SECONDS) : pool.acquire();
                            double took = (System.nanoTime() - t0) / 1e6;
                            if (c == null && timed) {
                                if (took < 1_600) {
                                    throw t.fail(fmt("%s's acquire(2 s) returned null after %.1f ms, while the other workers kept releasing", who, took),
                                            "null only once the timeout has elapsed: a wake-up that finds nothing free waits again")
                                            .detail("Wait in a loop: while (nothing is free) await; a return from await proves nothing.");
                                }
                                continue;
                            }
                            claim(t, members, c, who, timed ? "acquire(2 s)" : "acquire()");
                            leases.incrementAndGet();
                            Trial.spin(rnd.nextInt(5_000, 40_000)); // long enough that the others sleep in acquire
                            giveBack(pool, c);
                        }
                    });
                    crew.withRandomUnparks();
                    Checks.join(crew.start(), Checks.HANG, leases::get,
                            () -> fmt("workers stopped making progress after %d leases (available() = %d)", leases.get(), safeAvailable(pool)),
                            "every worker finishes");
                    t.metric("leases per trial", fmt("%d by %d threads sharing 1 resource", leases.get(), workers));
                    whole(t, pool, conns, "after the spurious wake-ups");
                });
    }

    // ------------------------------------------------------------------------------------------
    // waiting blocks

    static Scenario acquireBlocks() {
        return Scenario.named("acquire-blocks").subject(POOL)
                .quiet() // measures CPU: noise yields would starve a spinner and hide it
                .proves("A thread waiting in acquire sleeps instead of burning CPU")
                .trials(1)
                .body(t -> {
                    List<Conn> conns = conns(1);
                    Set<Conn> members = identitySet(conns);
                    ResourcePool<Conn> pool = newPool(t, conns);
                    Agent holder = Agent.start("holder");
                    try {
                        Conn held = holder.call("acquire()", pool::acquire, ms(3000), "acquire() on a free pool returns at once");
                        claim(t, members, held, "holder", "acquire()");
                        int n = 3;
                        Crew crew = t.crew("waiter", n, i -> {
                            Conn c = i == 2 ? pool.acquire(30, TimeUnit.SECONDS) : pool.acquire();
                            claim(t, members, c, "waiter-" + i, i == 2 ? "acquire(30 s)" : "acquire()");
                            giveBack(pool, c);
                        });
                        crew.start();
                        Checks.await(Checks.HANG, () -> Checks.allBlockedInLearnerCode(crew.threads()));
                        Checks.pause(30_000); // a short spin before sleeping is fine
                        crew.rethrow();
                        long[] before = Checks.cpu(crew.threads());
                        long t0 = System.nanoTime();
                        Checks.pause(100_000);
                        long[] after = Checks.cpu(crew.threads());
                        long wall = System.nanoTime() - t0;
                        crew.rethrow();
                        double worst = 0;
                        int worstIndex = 0;
                        for (int i = 0; i < n; i++) {
                            double share = (after[i] - before[i]) / (double) wall;
                            if (share > worst) {
                                worst = share;
                                worstIndex = i;
                            }
                        }
                        t.metric("CPU of a thread waiting in acquire", fmt("%.1f%% of a core", worst * 100));
                        if (worst > 0.05) {
                            throw t.fail(fmt("waiter-%d used %.0f%% of a core over %d ms while it waited in %s on an exhausted pool",
                                            worstIndex, worst * 100, wall / 1_000_000, worstIndex == 2 ? "acquire(30 s)" : "acquire()"),
                                    "a waiting thread sleeps (in the ConditionVariable): under 5% of a core");
                        }
                        holder.call("release(" + held + ")", () -> {
                            giveBack(pool, held);
                            return null;
                        }, ms(3000), "release returns at once");
                        Checks.join(crew, Checks.HANG, () -> fmt("after the resource was released, waiters were still in acquire (available() = %d)", safeAvailable(pool)),
                                "each waiter gets the resource in turn");
                    } finally {
                        holder.stop();
                    }
                });
    }

    // ------------------------------------------------------------------------------------------
    // wasted wake-ups per release

    static Scenario wastedWakeups() {
        return Scenario.named("pool-wasted-wakeups").subject(POOL)
                .quiet() // measures CPU: noise yields would starve a spinner and hide it
                .proves("One release wakes one waiter, not all of them: wasted wake-ups per release are measured and shown")
                .trials(1)
                .body(t -> {
                    int waiters = 7;
                    int releases = 5;
                    double limit = 1.5;
                    double wasted = measureWasted(t, waiters, releases);
                    if (wasted > limit) { // best of two: one noisy run never fails a precise pool
                        wasted = Math.min(wasted, measureWasted(t, waiters, releases));
                    }
                    t.metric("wasted wake-ups per release", fmt("%.2f (threads that woke up and found nothing; %d were waiting; 0 is precise)", wasted, waiters));
                    if (wasted > limit) {
                        throw t.fail(fmt("each release() woke %.1f waiting threads that found nothing free and went back to sleep (%d threads waited for 1 resource)",
                                        wasted, waiters),
                                fmt("one release, one resource, one waiter woken: at most %.1f wasted wake-ups per release (a precise pool shows about 0, even with spurious wake-ups)", limit))
                                .detail("release() should call signal(), not signalAll(): waking every waiter for one resource is the thundering herd.")
                                .detail("If it does call signal(), look at your ConditionVariable: its signal() may wake every sleeper (Futex.wakeAll) and let all but one go back to sleep.")
                                .detail("How it is measured: a thread asleep in acquire uses no CPU; every waiting thread other than the new holder whose CPU time moved after one release() woke up for nothing.");
                    }
                });
    }

    /**
     * How many waiting threads run per release, besides the one that gets the resource.
     *
     * <p>How it is measured, from outside the learner's code: a thread asleep in acquire uses no
     * CPU at all, and a thread that is woken must run (return from its futex, re-lock, re-check)
     * even if it goes straight back to sleep. So the grader waits until every waiting thread is
     * asleep and none has used CPU for a while, reads each one's CPU time, releases the resource
     * once, waits until a new holder has it and everyone is quiet again, and counts the waiting
     * threads other than the new holder whose CPU time moved.
     */
    private static double measureWasted(Trial t, int waiters, int releases) throws InterruptedException {
        List<Conn> conns = conns(1);
        Set<Conn> members = identitySet(conns);
        ResourcePool<Conn> pool = newPool(t, conns);
        int n = waiters + 1;
        AtomicInteger holder = new AtomicInteger(-1);
        AtomicBoolean drain = new AtomicBoolean();
        CountDownLatch[] go = new CountDownLatch[n];
        for (int i = 0; i < n; i++) {
            go[i] = new CountDownLatch(1);
        }
        Crew crew = t.crew("waiter", n, i -> {
            String who = "waiter-" + i;
            Conn c = pool.acquire();
            claim(t, members, c, who, "acquire()");
            holder.set(i);
            if (!drain.get()) {
                go[i].await();
            }
            giveBack(pool, c);
        });
        crew.start();
        int wasted = 0;
        try {
            if (!Checks.await(Checks.HANG, () -> holder.get() >= 0)) {
                crew.rethrow();
                throw Checks.hang(crew, "nobody got the only resource of a fresh pool", "acquire() on a free pool returns at once");
            }
            for (int r = 0; r < releases; r++) {
                int prev = holder.get();
                List<Thread> waiting = new ArrayList<>();
                List<Integer> index = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (i != prev && crew.thread(i).isAlive()) {
                        waiting.add(crew.thread(i));
                        index.add(i);
                    }
                }
                Checks.settle(waiting, ms(8), ms(1000));
                crew.rethrow();
                long[] before = Checks.cpu(waiting);
                go[prev].countDown(); // the holder releases the resource
                if (!Checks.await(Checks.HANG, () -> holder.get() != prev)) {
                    crew.rethrow();
                    throw Checks.hang(crew, fmt("waiter-%d released the only resource while %d threads waited in acquire(); none of them got it (available() = %d)",
                            prev, waiting.size(), safeAvailable(pool)), "a release wakes a waiting thread");
                }
                int next = holder.get();
                List<Thread> others = new ArrayList<>();
                for (Thread th : waiting) {
                    if (th != crew.thread(next)) {
                        others.add(th);
                    }
                }
                Checks.settle(others, ms(8), ms(1000));
                long[] after = Checks.cpu(waiting);
                for (int k = 0; k < waiting.size(); k++) {
                    if (index.get(k) != next && after[k] != before[k]) {
                        wasted++;
                    }
                }
            }
        } finally {
            drain.set(true);
            for (CountDownLatch l : go) {
                l.countDown();
            }
        }
        Checks.join(crew, Checks.HANG, () -> fmt("waiters were still in acquire() while the resource was passed along (available() = %d)", safeAvailable(pool)),
                "every waiter gets the resource in turn");
        return wasted / (double) releases;
    }

    // ------------------------------------------------------------------------------------------
    // timeouts

    static Scenario timeouts() {
        return Scenario.named("pool-timeouts").subject(POOL)
                .proves("acquire(timeout) returns null only once the timeout has elapsed, takes nothing then, and leaves the pool whole and working")
                .trials(2).budget(ms(200))
                .body(t -> {
                    List<Conn> conns = conns(2);
                    Set<Conn> members = identitySet(conns);
                    ResourcePool<Conn> pool = newPool(t, conns);
                    Agent holder = Agent.start("holder");
                    try {
                        List<Conn> held = holdAll(t, pool, members, holder, 2);
                        // 1. An exhausted pool: null, once the timeout has elapsed; zero and negative timeouts do not wait.
                        long timeout = 10 + t.random().nextInt(10);
                        Solo<Void> lonely = Solo.start("waiter", () -> {
                            long t0 = System.nanoTime();
                            Conn c = pool.acquire(timeout, TimeUnit.MILLISECONDS);
                            double took = (System.nanoTime() - t0) / 1e6;
                            if (c != null) {
                                claim(t, members, c, "waiter", fmt("acquire(%d ms) on an exhausted pool", timeout));
                                throw t.fail("acquire(" + timeout + " ms) returned " + c + " although both resources were leased", "null");
                            }
                            if (took < timeout * 0.8) {
                                throw t.fail(fmt("acquire(%d ms) returned null after only %.1f ms", timeout, took),
                                        "null only once the timeout has elapsed");
                            }
                            Conn z = pool.acquire(0, TimeUnit.MILLISECONDS);
                            Conn neg = pool.acquire(-5, TimeUnit.SECONDS);
                            if (z != null || neg != null) {
                                throw t.fail("acquire(0 ms) or acquire(-5 s) returned a resource although both were leased", "null");
                            }
                            int avail = pool.available();
                            if (avail != 0) {
                                throw t.fail(fmt("after timed-out acquires on an exhausted pool, available() returned %d", avail),
                                        "0: both resources are still leased");
                            }
                            return null;
                        });
                        lonely.join(ms(3000), fmt("acquire(%d ms), acquire(0 ms) or acquire(-5 s) on an exhausted pool", timeout),
                                "null once the timeout has elapsed; a timeout of zero or less does not wait");
                        // 2. After those timeouts the pool still wakes its waiters, one release at a time.
                        AtomicInteger served = new AtomicInteger();
                        AtomicBoolean stop = new AtomicBoolean();
                        Crew waiters = t.crew("waiter", 2, i -> {
                            Conn c = i == 0 ? pool.acquire(20, TimeUnit.SECONDS) : pool.acquire();
                            claim(t, members, c, "waiter-" + i, i == 0 ? "acquire(20 s)" : "acquire()");
                            served.incrementAndGet();
                            Checks.await(Duration.ofSeconds(60), () -> served.get() == 2 || stop.get());
                            giveBack(pool, c);
                        });
                        waiters.start();
                        asleep(t, waiters.threads(), waiters, "two threads called acquire on an exhausted pool");
                        try {
                            for (int k = 0; k < 2; k++) {
                                Conn c = held.get(k);
                                int before = k;
                                holder.call("release", () -> {
                                    giveBack(pool, c);
                                    return null;
                                }, ms(3000), "release returns at once");
                                if (!Checks.await(Checks.HANG, () -> served.get() > before)) {
                                    waiters.rethrow();
                                    throw Checks.hang(waiters, fmt("after timed-out acquires, %d resource(s) were released one at a time, and a waiter slept on in acquire with one free (available() = %d)",
                                            k + 1, safeAvailable(pool)), "a release wakes a waiter, timed or not: a timed-out acquire leaves nothing behind");
                                }
                            }
                            Checks.join(waiters, Checks.HANG, () -> "waiters did not finish", "every waiter finishes");
                        } finally {
                            stop.set(true);
                        }
                        // 3. Stress: impatient threads time out all the time while others lease and release.
                        stressTimeouts(t, pool, members);
                        whole(t, pool, conns, "after many timed-out acquires");
                    } finally {
                        holder.stop();
                    }
                });
    }

    static List<Conn> holdAll(Trial t, ResourcePool<Conn> pool, Set<Conn> members, Agent holder, int n) throws InterruptedException {
        List<Conn> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Conn c = holder.call("acquire()", pool::acquire, ms(3000), "acquire() on a pool with a free resource returns at once");
            claim(t, members, c, "holder", "acquire()");
            held.add(c);
        }
        return held;
    }

    private static void stressTimeouts(Trial t, ResourcePool<Conn> pool, Set<Conn> members) throws InterruptedException {
        long seed = t.random().nextLong();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger ops = new AtomicInteger();
        AtomicInteger arrived = new AtomicInteger();
        AtomicBoolean over = new AtomicBoolean();
        int workers = 5;
        Crew crew = t.crew("worker", workers, i -> {
            String who = "worker-" + i;
            SplittableRandom rnd = new SplittableRandom(seed + i);
            Checks.rendezvous(arrived, workers);
            for (int k = 0; k < 2_000 && !over.get(); k++) { // time-boxed by the grader
                ops.incrementAndGet();
                // 5 threads, 2 resources, each held longer than most timeouts: many acquires time out
                long micros = rnd.nextInt(10, 200);
                long t0 = System.nanoTime();
                boolean untimed = rnd.nextInt(8) == 0;
                Conn c = untimed ? pool.acquire() : pool.acquire(micros, TimeUnit.MICROSECONDS);
                long took = (System.nanoTime() - t0) / 1_000;
                if (c == null) {
                    timedOut.incrementAndGet();
                    if (took < micros * 8 / 10) {
                        throw t.fail(fmt("%s's acquire(%d µs) returned null after only %d µs", who, micros, took),
                                "null only once the timeout has elapsed");
                    }
                    continue;
                }
                claim(t, members, c, who, untimed ? "acquire()" : "acquire(" + micros + " µs)");
                Trial.spin(rnd.nextInt(30_000, 150_000));
                giveBack(pool, c);
            }
        });
        crew.start();
        Checks.await(Checks.HANG, () -> arrived.get() == workers);
        Checks.pause(20_000);
        over.set(true);
        Checks.join(crew, Checks.HANG, ops::get,
                () -> fmt("after %d timed-out acquires, workers were stuck (available() = %d)", timedOut.get(), safeAvailable(pool)),
                "every worker finishes: timeouts leave nothing behind");
        t.metric("timed-out acquires in the stress", timedOut.get());
    }

    // ------------------------------------------------------------------------------------------
    // interrupts

    static Scenario interrupts() {
        return Scenario.named("pool-interrupts").subject(POOL)
                .proves("An interrupted acquire throws InterruptedException and takes nothing; the pool stays whole and keeps serving its waiters")
                .trials(2).budget(ms(200))
                .body(t -> {
                    List<Conn> conns = conns(2);
                    Set<Conn> members = identitySet(conns);
                    ResourcePool<Conn> pool = newPool(t, conns);
                    Agent holder = Agent.start("holder");
                    try {
                        List<Conn> held = holdAll(t, pool, members, holder, 2);
                        // 1. Waiters on an exhausted pool are interrupted: InterruptedException, nothing taken.
                        Crew victims = t.crew("victim", 2, i -> {
                            String how = i == 0 ? "acquire()" : "acquire(30 s)";
                            try {
                                Conn c = i == 0 ? pool.acquire() : pool.acquire(30, TimeUnit.SECONDS);
                                claim(t, members, c, "victim-" + i, how);
                                throw t.fail("victim-" + i + "'s " + how + " was interrupted on an exhausted pool and returned " + c,
                                        "InterruptedException: nothing was free to take");
                            } catch (InterruptedException e) {
                                // expected
                            }
                        });
                        victims.start();
                        asleep(t, victims.threads(), victims, "two threads called acquire on an exhausted pool");
                        victims.interruptAll();
                        Checks.join(victims, Checks.HANG, () -> "threads interrupted while waiting in acquire went on waiting",
                                "InterruptedException soon after the interrupt");
                        // 2. The pool still serves a waiter after those interrupts.
                        Crew waiter = t.crew("waiter", 1, i -> {
                            Conn c = pool.acquire();
                            claim(t, members, c, "waiter-0", "acquire()");
                            giveBack(pool, c);
                        });
                        waiter.start();
                        asleep(t, waiter.threads(), waiter, "a thread called acquire() on an exhausted pool");
                        holder.call("release", () -> {
                            giveBack(pool, held.get(0));
                            return null;
                        }, ms(3000), "release returns at once");
                        Checks.join(waiter, Checks.HANG,
                                () -> fmt("after two interrupted acquires, a resource was released and the next waiter slept on (available() = %d)", safeAvailable(pool)),
                                "an interrupted acquire leaves nothing behind: the next release wakes a live waiter");
                        holder.call("release", () -> {
                            giveBack(pool, held.get(1));
                            return null;
                        }, ms(3000), "release returns at once");
                        // 3. An acquire called with the interrupt status set: throws, or takes a free resource.
                        Solo<Void> early = Solo.start("caller", () -> {
                            Thread.currentThread().interrupt();
                            try {
                                Conn c = pool.acquire();
                                claim(t, members, c, "caller", "acquire() with the interrupt status set");
                                Thread.interrupted();
                                giveBack(pool, c);
                            } catch (InterruptedException e) {
                                // fine: nothing taken
                            }
                            return null;
                        });
                        early.join(ms(1500), "acquire() with the interrupt status set", "InterruptedException at once, or a free resource");
                        whole(t, pool, conns, "after interrupted acquires");
                        // 4. Stress: workers are interrupted at random while they lease and release.
                        stressInterrupts(t, pool, members);
                        whole(t, pool, conns, "after many interrupted acquires");
                    } finally {
                        holder.stop();
                    }
                });
    }

    private static void stressInterrupts(Trial t, ResourcePool<Conn> pool, Set<Conn> members) throws InterruptedException {
        long seed = t.random().nextLong();
        AtomicInteger interrupted = new AtomicInteger();
        AtomicBoolean calm = new AtomicBoolean();
        AtomicInteger ops = new AtomicInteger();
        int workers = 5;
        AtomicInteger running = new AtomicInteger();
        Crew crew = t.crew("worker", workers, i -> {
            String who = "worker-" + i;
            SplittableRandom rnd = new SplittableRandom(seed + i);
            running.incrementAndGet();
            for (int k = 0; k < 2_000 && !calm.get(); k++) { // time-boxed by the interrupter
                ops.incrementAndGet();
                Conn c;
                try {
                    c = rnd.nextBoolean() ? pool.acquire() : pool.acquire(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    continue;
                }
                if (c == null) {
                    throw t.fail(who + "'s acquire(10 s) returned null within the stress", "null only once the timeout has elapsed");
                }
                claim(t, members, c, who, "acquire");
                Trial.spin(rnd.nextInt(2_000, 40_000));
                Thread.interrupted(); // an interrupt that came while holding is not this test's business
                giveBack(pool, c);
            }
            // a last, undisturbed lease: the pool must still serve everyone
            while (!calm.get()) {
                Thread.onSpinWait();
                Checks.pause(50);
            }
            Thread.interrupted();
            Conn c = pool.acquire();
            claim(t, members, c, who, "acquire() after the interrupts");
            giveBack(pool, c);
        });
        crew.start();
        Checks.await(Checks.HANG, () -> running.get() == workers); // interrupt only once past the crew's start gate
        SplittableRandom rnd = new SplittableRandom(seed);
        long end = System.nanoTime() + 25_000_000L;
        while (System.nanoTime() - end < 0 && crew.finishedCount() < workers) {
            crew.thread(rnd.nextInt(workers)).interrupt();
            Checks.pause(rnd.nextInt(50, 300));
        }
        calm.set(true);
        Checks.join(crew, Checks.HANG, () -> ops.get() + crew.finishedCount(),
                () -> fmt("after %d interrupted acquires, workers were stuck in acquire (available() = %d)", interrupted.get(), safeAvailable(pool)),
                "every worker finishes: interrupts leave nothing behind");
        t.metric("interrupted acquires in the stress", interrupted.get());
    }

    // ------------------------------------------------------------------------------------------
    // no waiter is stranded next to a free resource

    static Scenario noStrandedWaiter() {
        return Scenario.named("pool-no-stranded-waiter").subject(POOL)
                .proves("No thread stays asleep in acquire while a resource is free: back-to-back releases, and waiters that leave (interrupt, timeout) just as they are woken, strand nobody")
                .trials(4).budget(ms(350))
                .body(t -> {
                    burst(t);
                    for (int form = 0; form < 2; form++) {
                        interruptedAsWoken(t, form == 1);
                    }
                    for (int i = 0; i < 5; i++) {
                        timedOutAsWoken(t);
                    }
                });
    }

    /** Every resource leased by the grader, as many threads waiting; all released back to back. */
    private static void burst(Trial t) throws InterruptedException {
        int n = 3;
        List<Conn> conns = conns(n);
        Set<Conn> members = identitySet(conns);
        ResourcePool<Conn> pool = newPool(t, conns);
        Agent holder = Agent.start("holder");
        try {
            List<Conn> held = holdAll(t, pool, members, holder, n);
            AtomicInteger served = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Crew crew = t.crew("waiter", n, i -> {
                Conn c = pool.acquire();
                claim(t, members, c, "waiter-" + i, "acquire()");
                served.incrementAndGet();
                Checks.await(Duration.ofSeconds(60), () -> served.get() == n || stop.get()); // hold it until all are served
                giveBack(pool, c);
            });
            crew.start();
            asleep(t, crew.threads(), crew, n + " threads called acquire() on an exhausted pool");
            holder.call("release ×" + n, () -> {
                for (Conn c : held) {
                    giveBack(pool, c);
                }
                return null;
            }, ms(3000), "release returns at once");
            try {
                Checks.join(crew, Checks.HANG,
                        () -> fmt("%d resources were released back to back while %d threads waited in acquire(); %d of them still slept with resources free (available() = %d)",
                                n, n, n - served.get(), safeAvailable(pool)),
                        "every release wakes a waiter: each of the " + n + " waiters gets one of the " + n + " resources");
            } finally {
                stop.set(true);
            }
        } finally {
            holder.stop();
        }
    }

    /** The oldest waiter is interrupted right as a release wakes it: the other waiter must get the resource. */
    private static void interruptedAsWoken(Trial t, boolean timed) throws InterruptedException {
        List<Conn> conns = conns(1);
        Set<Conn> members = identitySet(conns);
        ResourcePool<Conn> pool = newPool(t, conns);
        Agent holder = Agent.start("holder");
        String how = timed ? "acquire(30 s)" : "acquire()";
        try {
            Conn held = holdAll(t, pool, members, holder, 1).get(0);
            AtomicInteger outcome = new AtomicInteger(); // 1: the victim got it, 2: it was interrupted
            Crew victim = t.crew("victim", 1, i -> {
                try {
                    Conn c = timed ? pool.acquire(30, TimeUnit.SECONDS) : pool.acquire();
                    claim(t, members, c, "victim-0", how);
                    outcome.set(1);
                    Thread.interrupted();
                    giveBack(pool, c);
                } catch (InterruptedException e) {
                    outcome.set(2);
                }
            });
            Crew other = t.crew("waiter", 1, i -> {
                Conn c = pool.acquire();
                claim(t, members, c, "waiter-0", "acquire()");
                giveBack(pool, c);
            });
            victim.start();
            asleep(t, victim.threads(), victim, "a thread called " + how + " on an exhausted pool");
            other.start();
            asleep(t, other.threads(), other, "a second thread called acquire() on an exhausted pool");
            Thread v = victim.thread(0);
            holder.call("release, then interrupt the oldest waiter", () -> {
                giveBack(pool, held);
                v.interrupt();
                return null;
            }, ms(3000), "release returns at once");
            Checks.join(victim, Checks.HANG, () -> "victim-0 was interrupted in " + how + " and went on waiting",
                    "InterruptedException soon after the interrupt, or the resource");
            Checks.join(other, Checks.HANG,
                    () -> fmt("the only resource was released while two threads waited; the older one (in %s) was interrupted at that moment and %s; the other slept on with the resource free (available() = %d)",
                            how, outcome.get() == 2 ? "threw InterruptedException" : "left", safeAvailable(pool)),
                    "a waiter that leaves without the resource passes its wake-up on: nobody sleeps while a resource is free");
            whole(t, pool, conns, "after an interrupt that raced with a release");
        } finally {
            holder.stop();
        }
    }

    /** The oldest waiter's timeout expires right as a release wakes it: the other waiter must get the resource. */
    private static void timedOutAsWoken(Trial t) throws InterruptedException {
        List<Conn> conns = conns(1);
        Set<Conn> members = identitySet(conns);
        ResourcePool<Conn> pool = newPool(t, conns);
        Agent holder = Agent.start("holder");
        try {
            Conn held = holdAll(t, pool, members, holder, 1).get(0);
            long timeoutMicros = 8_000;
            AtomicLong started = new AtomicLong();
            AtomicInteger outcome = new AtomicInteger(); // 1: got it, 2: timed out
            Crew early = t.crew("timed", 1, i -> {
                started.set(System.nanoTime());
                Conn c = pool.acquire(timeoutMicros, TimeUnit.MICROSECONDS);
                if (c == null) {
                    outcome.set(2);
                    return;
                }
                claim(t, members, c, "timed-0", "acquire(8 ms)");
                outcome.set(1);
                giveBack(pool, c);
            });
            Crew other = t.crew("waiter", 1, i -> {
                Conn c = pool.acquire();
                claim(t, members, c, "waiter-0", "acquire()");
                giveBack(pool, c);
            });
            early.start();
            Thread w1 = early.thread(0);
            // On a loaded machine the 6 ms may pass before the second waiter sleeps: then there is no race, just a timeout.
            Checks.await(Checks.HANG, () -> Checks.blockedInLearnerCode(w1) || !w1.isAlive());
            other.start();
            asleep(t, other.threads(), other, "a second thread called acquire() on an exhausted pool");
            long jitter = t.random().nextLong(-300_000L, 80_000L); // released within 0.3 ms of the deadline
            holder.call("release at the deadline", () -> {
                long at = started.get() + timeoutMicros * 1_000L - jitter; // park's timer slack lets the waiter sleep a little past it
                while (System.nanoTime() - at < 0) {
                    Thread.onSpinWait();
                }
                giveBack(pool, held);
                return null;
            }, ms(3000), "release returns at once");
            Checks.join(early, Checks.HANG, () -> "acquire(8 ms) went on waiting long after its timeout", "null once the timeout has elapsed");
            Checks.join(other, Checks.HANG,
                    () -> fmt("the only resource was released %.2f ms from the older waiter's acquire(8 ms) deadline; that waiter %s, and the other one slept on in acquire() with the resource free (available() = %d)",
                            jitter / 1e6, outcome.get() == 2 ? "returned null" : "left", safeAvailable(pool)),
                    "a waiter that leaves without the resource passes its wake-up on (or takes the resource): nobody sleeps while a resource is free");
            whole(t, pool, conns, "after a timeout that raced with a release");
        } finally {
            holder.stop();
        }
    }
}
