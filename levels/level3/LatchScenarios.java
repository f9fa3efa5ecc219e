package level3;

import static level3.Support.HANG;
import static level3.Support.SHORT_HANG;
import static level3.Support.ms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Hang;
import ladder.grading.Scenario;
import ladder.grading.Trial;
import ladder.level3.CountDownLatch;

/** The CountDownLatch scenarios: one per property of the curriculum. */
final class LatchScenarios {

    private LatchScenarios() {}

    private static final String SUBJECT = "CountDownLatch";
    private static final String LOOK_AGAIN =
            "A return from Futex.await (or LockSupport.park) only means \"look again\": woken, spurious or interrupted. Re-check the count in a loop.";

    static List<Scenario> all() {
        return List.of(argumentChecks(), count(), releaseOnce(), noLostWakeup(), publication(), timedAwait(), interrupt(),
                waitersBlock());
    }

    /** getCount() for a message, never throwing. */
    private static String countOf(CountDownLatch latch) {
        try {
            return "getCount() = " + latch.getCount();
        } catch (Throwable e) {
            return "getCount() threw " + e;
        }
    }

    // ------------------------------------------------------------------------------------------

    static Scenario argumentChecks() {
        return Scenario.named("latch-argument-checks").subject(SUBJECT)
                .proves("new CountDownLatch(n) refuses a negative n with IllegalArgumentException; getCount() starts at n")
                .trials(1).budget(Duration.ofMillis(100))
                .body(t -> {
                    Support.expectIllegalArgument(t, "new CountDownLatch(-1)", () -> new CountDownLatch(-1));
                    Support.expectIllegalArgument(t, "new CountDownLatch(Integer.MIN_VALUE)",
                            () -> new CountDownLatch(Integer.MIN_VALUE));
                    for (int n : new int[] {0, 1, 7, 1_000_000}) {
                        CountDownLatch latch = t.call("new CountDownLatch(" + n + ")", () -> new CountDownLatch(n));
                        long c = t.call("getCount()", () -> latch.getCount());
                        t.check(c == n, "getCount() of a new CountDownLatch(" + n + ") is " + c, String.valueOf(n));
                    }
                });
    }

    // ------------------------------------------------------------------------------------------

    static Scenario count() {
        return Scenario.named("latch-count").subject(SUBJECT)
                .proves("countDown() takes exactly one off the count and never goes below zero, however many threads "
                        + "count down at once; getCount() reports the count")
                .trials(20).budget(Duration.ofMillis(200))
                .body(t -> {
                    if (t.index() == 0) {
                        sequentialCount(t);
                        countRound(t, false); // the first trial runs in a cold JVM: the best chance to see a race
                        countRound(t, false);
                    }
                    countRound(t, t.index() % 2 == 1);
                });
    }

    /** One round of concurrent countDown() calls: {@code over} = far more calls than the count. */
    private static void countRound(Trial t, boolean over) throws InterruptedException {
        int threads = 8;
        // under: a count no one reaches, decremented for a few ms by every thread at once (lost
        // decrements show in the final count); over: far more calls than the count (the floor).
        int n = over ? 2_000 + t.random().nextInt(3_000) : 1 << 30;
        long runNanos = 12_000_000L;
        long cpuNanos = over ? 0L : 5_000_000L;
        long minCalls = over ? 3L * n / threads + 256 : 20_000;
        long maxCalls = over ? minCalls : 2_000_000;
        CountDownLatch latch = t.call("new CountDownLatch(" + n + ")", () -> new CountDownLatch(n));
        AtomicBoolean done = new AtomicBoolean();
        long[] calls = new long[threads];
        Crew counters = t.crew("counter", threads, i -> {
            // Decrements collide when two counters run at the same moment, or when a counter is
            // preempted in the middle of its countDown() while others go on: run long enough
            // for both to happen on an idle machine and on a loaded one.
            // "under": each counter runs for some CPU time (not wall time: on a loaded machine a thread
            // gets little of it), so that it is preempted now and then, in the middle of a countDown()
            // as often as anywhere; "over" stops once the calls far exceed the count.
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            boolean cpuClock = mx.isCurrentThreadCpuTimeSupported();
            long cpuEnd = cpuClock ? mx.getCurrentThreadCpuTime() + cpuNanos : 0L;
            long end = System.nanoTime() + runNanos;
            long made = 0;
            do {
                for (int k = 0; k < 256; k++) {
                    latch.countDown();
                }
                made += 256;
            } while (made < maxCalls && (made < minCalls
                    || (cpuClock ? mx.getCurrentThreadCpuTime() - cpuEnd < 0 : System.nanoTime() - end < 0)));
            calls[i] = made;
        });
        Crew watcher = t.crew("watcher", 1, i -> {
            long prev = n;
            while (!done.get()) {
                long c = latch.getCount();
                if (c < 0) {
                    throw t.fail("getCount() returned " + c + " while " + threads + " threads counted down a latch of "
                            + n, "a count that never goes below zero");
                }
                if (c > prev) {
                    throw t.fail("getCount() went up from " + prev + " to " + c + " while threads only counted down",
                            "a count that only goes down");
                }
                prev = c;
                Trial.spin(5_000);
            }
        });
        try {
            watcher.start();
            counters.start();
            Support.join(counters, HANG, "every counter finishes its countDown() calls", null);
        } finally {
            done.set(true);
        }
        Support.join(watcher, HANG, "the watcher stops", null);
        long total = 0;
        for (long m : calls) {
            total += m;
        }
        long c = t.call("getCount()", () -> latch.getCount());
        long expected = Math.max(0, n - total);
        String after = "after " + total + " countDown() calls by " + threads + " threads at once on a latch of " + n
                + ", getCount() is " + c;
        if (c < 0) {
            throw t.fail(after, expected + ": countDown() on an open latch does nothing, the count never goes below zero")
                    .detail("Decrement with a compare-and-set loop that stops at zero, not with decrementAndGet().");
        }
        if (c > expected) {
            throw t.fail(after + ": " + (c - expected) + " decrements were lost", String.valueOf(expected))
                    .detail("Two threads read the same count and both wrote count - 1. Use one atomic step: "
                            + "compareAndSet(c, c - 1) in a loop.");
        }
        if (c < expected) {
            throw t.fail(after + ": the count went down by more than one per call", String.valueOf(expected));
        }
        if (over) {
            for (int k = 0; k < 3; k++) {
                t.call("countDown() on an open latch", () -> latch.countDown());
            }
            long again = t.call("getCount()", () -> latch.getCount());
            t.check(again == 0, "3 more countDown() calls on an open latch made getCount() " + again,
                    "0: the count never goes below zero");
        }
    }

    private static void sequentialCount(Trial t) {
        CountDownLatch latch = t.call("new CountDownLatch(3)", () -> new CountDownLatch(3));
        for (int k = 1; k <= 5; k++) {
            t.call("countDown()", () -> latch.countDown());
            long c = t.call("getCount()", () -> latch.getCount());
            long expected = Math.max(0, 3 - k);
            t.check(c == expected, "after " + k + " countDown() calls on a latch of 3 (one thread), getCount() is " + c,
                    expected + (k > 3 ? ": the count stops at zero" : ""));
        }
    }

    // ------------------------------------------------------------------------------------------

    static Scenario releaseOnce() {
        return Scenario.named("latch-release-once").subject(SUBJECT)
                .proves("The latch opens when the count reaches zero, never before, and stays open: every await() after "
                        + "that returns at once, forever (a latch of 0 is open from the start)")
                .trials(30).budget(Duration.ofMillis(250))
                .body(t -> {
                    // Many awaits per trial: an await() that trusts a single wake-up is caught by the engine's
                    // injected spurious wake-ups (one Futex.await in twenty), so it needs many chances.
                    int awaiterCount = 8;
                    int rounds = 8;
                    int[] ns = new int[rounds];
                    CountDownLatch[] latches = new CountDownLatch[rounds];
                    AtomicInteger[] started = new AtomicInteger[rounds];
                    Support.Entering[] entering = new Support.Entering[rounds];
                    long[] pauses = new long[rounds];
                    long[][] burst = new long[rounds][];
                    for (int r = 0; r < rounds; r++) {
                        int n = r == 0 && t.index() % 3 == 0 ? 0 : r % 2 == 0 ? 2 + t.random().nextInt(10) : 500 + t.random().nextInt(2_500);
                        ns[r] = n;
                        latches[r] = t.call("new CountDownLatch(" + n + ")", () -> new CountDownLatch(n));
                        started[r] = new AtomicInteger();
                        entering[r] = new Support.Entering();
                        pauses[r] = t.random().nextLong(50_000L, 300_000L);
                        burst[r] = new long[Math.max(0, n - 1)];
                        for (int k = 0; k < burst[r].length; k++) {
                            burst[r][k] = n > 100 ? 0 : t.random().nextLong(0, 3_000L);
                        }
                    }
                    java.util.concurrent.CyclicBarrier roundStart = new java.util.concurrent.CyclicBarrier(awaiterCount + 1);
                    Crew awaiters = t.crew("awaiter", awaiterCount, i -> {
                        for (int r = 0; r < rounds; r++) {
                            CountDownLatch latch = latches[r];
                            int n = ns[r];
                            roundStart.await();
                            entering[r].now();
                            latch.await();
                            int s = started[r].get();
                            if (s < n) {
                                throw t.fail("awaiter-" + i + "'s await() returned when only " + s + " of the " + n
                                                + " countDown() calls had been made (" + countOf(latch) + ")",
                                        "await() returns only once the count has reached zero").detail(LOOK_AGAIN);
                            }
                            long c = latch.getCount();
                            if (c != 0) {
                                throw t.fail("after awaiter-" + i + "'s await() returned, getCount() is " + c,
                                        "0: once the count reaches zero it stays there");
                            }
                            for (int k = 0; k < 3; k++) {
                                latch.await();
                            }
                            if (!latch.await(0, TimeUnit.NANOSECONDS)) {
                                throw t.fail("await(0, NANOSECONDS) returned false on an open latch", "true: the latch is open");
                            }
                            if (!latch.await(1, TimeUnit.HOURS)) {
                                throw t.fail("await(1, HOURS) returned false on an open latch", "true, at once: the latch is open");
                            }
                        }
                    }).withRandomUnparks();
                    Crew counter = t.crew("counter", 1, i -> {
                        for (int r = 0; r < rounds; r++) {
                            CountDownLatch latch = latches[r];
                            int n = ns[r];
                            roundStart.await();
                            // All but the last countDown() race the waiters' arrival (in a tight burst every
                            // other round): a waiter that sees the count change under it, or wakes for no
                            // reason, must look again, not leave.
                            for (int k = 0; k < n - 1; k++) {
                                started[r].incrementAndGet();
                                latch.countDown();
                                Trial.spin(burst[r][k]);
                            }
                            entering[r].awaitAsleep(awaiters.threads(), awaiterCount);
                            LockSupport.parkNanos(pauses[r]); // an early release has time to show
                            if (n > 0) {
                                started[r].incrementAndGet();
                                latch.countDown();
                            }
                            latch.countDown(); // more countDown() calls on an open latch change nothing
                            latch.countDown();
                        }
                    });
                    awaiters.start();
                    counter.start();
                    Support.joinAll(HANG, "every awaiter returns once the count has reached zero", null, awaiters, counter);
                    CountDownLatch last = latches[rounds - 1];
                    Crew late = t.crew("late-awaiter", 1, i -> last.await());
                    late.start();
                    Support.join(late, SHORT_HANG, "await() on an open latch returns at once", countOf(last));
                });
    }

    // ------------------------------------------------------------------------------------------

    static Scenario noLostWakeup() {
        return Scenario.named("latch-no-lost-wakeup").subject(SUBJECT)
                .proves("Every waiter wakes when the last countDown() races with a waiter that is just arriving: no "
                        + "wake-up is lost")
                .trials(12).budget(Duration.ofMillis(300))
                .body(t -> {
                    // Ping-pong pairs (one waiter, one counter, a fresh latch each round): the counter opens the
                    // latch a moment after its waiter announced it is calling await(), so the release lands
                    // between the waiter's check of the count and its sleep as often as timing allows. With
                    // many threads on one latch, later wake-ups would hide a lost one; a pair cannot.
                    int pairs = 3;
                    int rounds = 1500;
                    CountDownLatch[][] latches = new CountDownLatch[pairs][rounds];
                    int[][] counts = new int[pairs][rounds];
                    long[][] delay = new long[pairs][rounds];
                    long[][] lead = new long[pairs][rounds];
                    for (int p = 0; p < pairs; p++) {
                        for (int r = 0; r < rounds; r++) {
                            int c = t.random().nextInt(4) == 0 ? 2 : 1;
                            counts[p][r] = c;
                            latches[p][r] = t.call("new CountDownLatch(" + c + ")", () -> new CountDownLatch(c));
                            // Mostly within a microsecond of the announcement: the release lands before, inside or
                            // just after the waiter's check-then-sleep, and the pair stays hot on the CPUs.
                            delay[p][r] = r % 16 == 15 ? t.random().nextLong(20_000L, 80_000L) : t.random().nextLong(0L, 300L);
                            lead[p][r] = t.random().nextLong(0L, 700L);
                        }
                    }
                    AtomicIntegerArray announced = new AtomicIntegerArray(pairs);
                    AtomicIntegerArray inAwait = new AtomicIntegerArray(pairs);
                    for (int p = 0; p < pairs; p++) {
                        announced.set(p, -1);
                    }
                    Crew awaiters = t.crew("awaiter", pairs, p -> {
                        for (int r = 0; r < rounds; r++) {
                            announced.set(p, r);
                            inAwait.set(p, 1);
                            Trial.spin(lead[p][r]); // the counter reacts to the announcement while we get going
                            latches[p][r].await();
                            inAwait.set(p, 0);
                        }
                    }).withRandomUnparks();
                    Crew counters = t.crew("counter", pairs, p -> {
                        for (int r = 0; r < rounds; r++) {
                            CountDownLatch latch = latches[p][r];
                            if (counts[p][r] == 2) {
                                latch.countDown(); // the first of two wakes nobody
                            }
                            int round = r;
                            long spinUntil = System.nanoTime() + 50_000L;
                            while (announced.get(p) < round) {
                                if (System.nanoTime() - spinUntil < 0) {
                                    Thread.onSpinWait();
                                } else {
                                    LockSupport.parkNanos(20_000L);
                                }
                            }
                            Trial.spin(delay[p][r]);
                            latch.countDown();
                        }
                    });
                    awaiters.start();
                    counters.start();
                    try {
                        Support.joinAll(HANG, "every waiter returns once the last countDown() of its round opened the latch",
                                null, awaiters, counters);
                    } catch (Hang h) {
                        List<String> stuck = new ArrayList<>();
                        for (int p = 0; p < pairs; p++) {
                            int r = announced.get(p);
                            if (inAwait.get(p) == 1 && awaiters.thread(p).isAlive() && r >= 0) {
                                stuck.add("awaiter-" + p + " in round " + r + " (that latch: " + countOf(latches[p][r]) + ")");
                            }
                        }
                        throw new Hang("still in await() after " + HANG.toMillis() + " ms: " + String.join(", ", stuck)
                                + ". The count is 0 but the waiter was never woken: a lost wake-up (the release came "
                                + "between the waiter's check of the count and its sleep?)",
                                "every waiter returns once the last countDown() of its round opened the latch", h.threads());
                    }
                });
    }

    // ------------------------------------------------------------------------------------------

    /** Plain fields written by a counting thread before its countDown(). */
    static final class Cell {
        int a;
        int b;
    }

    static Scenario publication() {
        return Scenario.named("latch-publication").subject(SUBJECT)
                .proves("Writes made before countDown() are visible to every thread after its await(): plain fields "
                        + "written by the counting threads, read by the waiters")
                .trials(4).budget(Duration.ofMillis(250))
                .body(t -> {
                    int writers = 2;
                    int readers = 2;
                    int rounds = 3000;
                    CountDownLatch[] latches = new CountDownLatch[rounds];
                    Cell[][] cells = new Cell[rounds][writers];
                    t.call("new CountDownLatch(" + writers + ")", () -> {
                        for (int r = 0; r < rounds; r++) {
                            latches[r] = new CountDownLatch(writers);
                            for (int w = 0; w < writers; w++) {
                                cells[r][w] = new Cell();
                            }
                        }
                    });
                    AtomicLong sink = new AtomicLong();
                    Crew writer = t.crew("writer", writers, w -> {
                        for (int r = 0; r < rounds; r++) {
                            Cell c = cells[r][w];
                            c.a = r + 1;
                            c.b = -(r + 1);
                            latches[r].countDown();
                        }
                    });
                    Crew reader = t.crew("reader", readers, i -> {
                        long peeked = 0;
                        for (int r = 0; r < rounds; r++) {
                            Cell[] row = cells[r];
                            peeked += row[0].a + row[writers - 1].b; // a reader may look early; after await it must see all
                            latches[r].await();
                            for (int w = 0; w < writers; w++) {
                                int a = row[w].a;
                                int b = row[w].b;
                                if (a != r + 1 || b != -(r + 1)) {
                                    throw t.fail("after await() returned in round " + r + ", reader-" + i + " read writer-" + w
                                                    + "'s fields as (a=" + a + ", b=" + b + ")",
                                            "(a=" + (r + 1) + ", b=" + -(r + 1) + "), written before that writer's countDown()")
                                            .detail("The write did not reach the reader: the count (or whatever await() reads "
                                                    + "to decide the latch is open) must be read and written atomically "
                                                    + "(AtomicInteger, VarHandle), never as a plain field.");
                                }
                            }
                        }
                        sink.addAndGet(peeked);
                    }).withRandomUnparks();
                    reader.start();
                    writer.start();
                    Support.join(writer, HANG, "every writer finishes its " + rounds + " rounds", null);
                    Support.join(reader, HANG, "every reader gets through the " + rounds + " latches, opened by the writers",
                            null);
                });
    }

    // ------------------------------------------------------------------------------------------

    static Scenario timedAwait() {
        return Scenario.named("latch-timed-await").subject(SUBJECT)
                .proves("await(timeout) on a closed latch returns false only once the whole timeout has elapsed, and "
                        + "true as soon as the latch opens (at once if it is open)")
                .trials(4).budget(Duration.ofMillis(200))
                .body(t -> {
                    timedOnClosedLatch(t);
                    timedWhileOpening(t);
                    timedOnOpenLatch(t);
                });
    }

    private static final TimeUnit[] UNITS = {TimeUnit.NANOSECONDS, TimeUnit.MICROSECONDS, TimeUnit.MILLISECONDS};

    private static void timedOnClosedLatch(Trial t) throws InterruptedException {
        int n = 100_000_000;
        CountDownLatch latch = t.call("new CountDownLatch(" + n + ")", () -> new CountDownLatch(n));
        int waiters = 3;
        int calls = 18;
        long[][] values = new long[waiters][calls];
        TimeUnit[][] units = new TimeUnit[waiters][calls];
        for (int i = 0; i < waiters; i++) {
            for (int k = 0; k < calls; k++) {
                TimeUnit u = UNITS[t.random().nextInt(UNITS.length)];
                long nanos = u == TimeUnit.MILLISECONDS ? t.random().nextLong(1, 4) * 1_000_000L
                        : t.random().nextLong(1_000_000L, 3_000_000L);
                units[i][k] = u;
                values[i][k] = u.convert(nanos, TimeUnit.NANOSECONDS);
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        // A ticker counts down in bursts: a waiter sees the count change under it (or is woken), yet the
        // latch stays closed; its timed await must still wait out its timeout and return false.
        Crew ticker = t.crew("ticker", 1, i -> {
            while (!stop.get()) {
                for (int k = 0; k < 128; k++) {
                    latch.countDown();
                }
                LockSupport.parkNanos(20_000L);
            }
        });
        Crew waiter = t.crew("waiter", waiters, i -> {
            if (i == 0) {
                if (latch.await(0, TimeUnit.MILLISECONDS)) {
                    throw t.fail("await(0, MILLISECONDS) returned true on a closed latch (" + countOf(latch) + ")",
                            "false at once: a timeout of zero means do not wait");
                }
                if (latch.await(-5, TimeUnit.SECONDS)) {
                    throw t.fail("await(-5, SECONDS) returned true on a closed latch (" + countOf(latch) + ")",
                            "false at once: a negative timeout means do not wait");
                }
            }
            for (int k = 0; k < calls; k++) {
                long value = values[i][k];
                TimeUnit unit = units[i][k];
                long nanos = unit.toNanos(value);
                String call = "await(" + value + ", " + unit + ")";
                long start = System.nanoTime();
                boolean opened = latch.await(value, unit);
                long took = System.nanoTime() - start;
                if (opened) {
                    throw t.fail(call + " returned true after " + ms(took) + " although the latch was closed ("
                            + countOf(latch) + ")", "false, once the " + ms(nanos) + " have elapsed").detail(LOOK_AGAIN);
                }
                if (took < nanos / 2) { // lenient: a clock of coarse granularity may cut a little short
                    throw t.fail(call + " returned false after only " + ms(took),
                            "false only once the whole timeout (" + ms(nanos) + ") has elapsed").detail(LOOK_AGAIN
                            + " Keep waiting for the time that is left (deadline - System.nanoTime()).");
                }
            }
        }).withRandomUnparks();
        try {
            ticker.start();
            waiter.start();
            Support.join(waiter, HANG, "every timed await of a few ms on a closed latch returns false when its timeout "
                    + "elapses", countOf(latch));
        } finally {
            stop.set(true);
        }
        Support.join(ticker, HANG, "the ticker stops", null);
    }

    private static void timedWhileOpening(Trial t) throws InterruptedException {
        CountDownLatch latch = t.call("new CountDownLatch(1)", () -> new CountDownLatch(1));
        int waiters = 3;
        long timeoutMs = 3000;
        AtomicLong openedAt = new AtomicLong();
        Support.Entering entering = new Support.Entering();
        Crew waiter = t.crew("waiter", waiters, i -> {
            entering.now();
            long start = System.nanoTime();
            boolean opened = latch.await(timeoutMs, TimeUnit.MILLISECONDS);
            long end = System.nanoTime();
            long sinceOpen = end - openedAt.get();
            if (!opened) {
                throw t.fail("await(" + timeoutMs + ", MILLISECONDS) returned false after " + ms(end - start)
                        + " although the latch opened " + (openedAt.get() == 0 ? "meanwhile" : ms(sinceOpen) + " before it returned"),
                        "true: the count reached zero within the timeout");
            }
            if (end - start >= 2_500_000_000L) {
                throw t.fail("await(" + timeoutMs + ", MILLISECONDS) returned true only after " + ms(end - start)
                        + ", " + ms(sinceOpen) + " after the latch opened", "true as soon as the latch opens")
                        .detail("The last countDown() must wake the timed waiters too; a timed waiter must not just sleep out its timeout.");
            }
        }).withRandomUnparks();
        waiter.start();
        entering.awaitAsleep(waiter.threads(), waiters);
        openedAt.set(System.nanoTime());
        t.call("countDown()", () -> latch.countDown());
        Support.join(waiter, Duration.ofSeconds(6), "every await(" + timeoutMs + " ms) returns true once the latch opens",
                countOf(latch));
    }

    private static void timedOnOpenLatch(Trial t) throws InterruptedException {
        CountDownLatch latch = t.call("new CountDownLatch(1)", () -> new CountDownLatch(1));
        t.call("countDown()", () -> latch.countDown());
        Crew waiter = t.crew("waiter", 1, i -> {
            Object[][] calls = {{0L, TimeUnit.NANOSECONDS}, {-1L, TimeUnit.MILLISECONDS}, {1L, TimeUnit.HOURS}};
            for (Object[] c : calls) {
                long v = (Long) c[0];
                TimeUnit u = (TimeUnit) c[1];
                if (!latch.await(v, u)) {
                    throw t.fail("await(" + v + ", " + u + ") returned false on an open latch", "true: the latch is open");
                }
            }
        });
        waiter.start();
        Support.join(waiter, SHORT_HANG, "timed awaits on an open latch return true at once", countOf(latch));
    }

    // ------------------------------------------------------------------------------------------

    static Scenario interrupt() {
        return Scenario.named("latch-interrupt").subject(SUBJECT)
                .proves("An interrupted await() throws InterruptedException, before or while it waits, and leaves the "
                        + "latch as it was: the count unchanged, the other waiters still waiting, the latch still usable")
                .trials(10).budget(Duration.ofMillis(150))
                .body(t -> {
                    int n = 1 + t.random().nextInt(3);
                    CountDownLatch latch = t.call("new CountDownLatch(" + n + ")", () -> new CountDownLatch(n));

                    // Interrupted before the call.
                    Crew early = t.crew("pre-interrupted", 2, i -> {
                        Thread.currentThread().interrupt();
                        String call = i == 0 ? "await()" : "await(10, SECONDS)";
                        try {
                            boolean value = true;
                            if (i == 0) {
                                latch.await();
                            } else {
                                value = latch.await(10, TimeUnit.SECONDS);
                            }
                            throw t.fail(call + " by a thread with its interrupt status set returned " + (i == 0 ? "normally" : value)
                                    + " on a closed latch (" + countOf(latch) + ")", "InterruptedException at once");
                        } catch (InterruptedException expected) {
                            // right
                        }
                    });
                    early.start();
                    Support.join(early, SHORT_HANG, "await() called with the interrupt status set throws InterruptedException "
                            + "at once", countOf(latch));

                    // Interrupted while waiting: victims are interrupted, the others must keep waiting.
                    AtomicInteger countedDown = new AtomicInteger();
                    Support.Entering entering = new Support.Entering();
                    Crew victims = t.crew("victim", 2, i -> {
                        entering.now();
                        try {
                            if (i == 0) {
                                latch.await();
                            } else {
                                latch.await(10, TimeUnit.SECONDS);
                            }
                            throw t.fail("victim-" + i + " was interrupted while waiting on a closed latch, but its "
                                    + (i == 0 ? "await()" : "await(10, SECONDS)") + " returned normally (" + countOf(latch) + ")",
                                    "InterruptedException");
                        } catch (InterruptedException expected) {
                            // right
                        }
                    }).withRandomUnparks();
                    Crew waiters = t.crew("waiter", 2, i -> {
                        entering.now();
                        if (i == 0) {
                            latch.await();
                        } else if (!latch.await(10, TimeUnit.SECONDS)) {
                            throw t.fail("waiter-1's await(10, SECONDS) returned false", "true once the latch opens");
                        }
                        if (countedDown.get() < n) {
                            throw t.fail("waiter-" + i + "'s await() returned after only " + countedDown.get() + " of " + n
                                    + " countDown() calls, after other waiters were interrupted (" + countOf(latch) + ")",
                                    "the other waiters keep waiting: an interrupt concerns only the interrupted thread")
                                    .detail(LOOK_AGAIN);
                        }
                    }).withRandomUnparks();
                    victims.start();
                    waiters.start();
                    List<Thread> all = new ArrayList<>(victims.threads());
                    all.addAll(waiters.threads());
                    entering.awaitAsleep(all, all.size());
                    for (Thread v : victims.threads()) {
                        v.interrupt();
                    }
                    Support.join(victims, SHORT_HANG, "an interrupted waiter throws InterruptedException", countOf(latch));
                    waiters.rethrow();
                    long c = t.call("getCount()", () -> latch.getCount());
                    t.check(c == n, "after two waiters were interrupted, getCount() is " + c,
                            n + ": an interrupt leaves the count as it was");
                    for (int k = 0; k < n; k++) {
                        countedDown.incrementAndGet();
                        t.call("countDown()", () -> latch.countDown());
                    }
                    Support.join(waiters, HANG, "the waiters that were not interrupted return once the count reaches zero",
                            countOf(latch));
                    Crew late = t.crew("late-awaiter", 1, i -> latch.await());
                    late.start();
                    Support.join(late, SHORT_HANG, "await() on the opened latch returns at once", countOf(latch));
                });
    }

    // ------------------------------------------------------------------------------------------

    static Scenario waitersBlock() {
        return Scenario.named("latch-waiters-block").subject(SUBJECT)
                .quiet() // measures CPU: noise yields would starve a spinner and hide it
                .proves("Threads waiting on a closed latch block instead of spinning: they use almost no CPU")
                .trials(1).budget(Duration.ofMillis(400))
                .body(t -> {
                    CountDownLatch latch = t.call("new CountDownLatch(1)", () -> new CountDownLatch(1));
                    int size = 3;
                    Support.Entering entering = new Support.Entering();
                    Crew waiter = t.crew("waiter", size, i -> {
                        entering.now();
                        if (i < 2) {
                            latch.await();
                        } else {
                            latch.await(30, TimeUnit.SECONDS);
                        }
                    });
                    Support.Cpu share;
                    try {
                        waiter.start();
                        entering.awaitAsleep(waiter.threads(), size);
                        LockSupport.parkNanos(20_000_000L); // a short spin before parking is fine: skip it
                        share = Support.cpuShares(waiter, size, Duration.ofMillis(200));
                    } finally {
                        latch.countDown();
                    }
                    Support.join(waiter, HANG, "every waiter returns once the latch opens", countOf(latch));
                    blockedCheck(t, share, "waiting on a closed latch (await() ×2, await(30, SECONDS) ×1)");
                });
    }

    /**
     * Fails when a thread that should have been asleep used a real share of a core: more than 5%,
     * or (on a loaded machine, where even a spinning thread gets little) more than 30% of what a
     * spinning grader thread got in the same window, and at least 2%.
     */
    static void blockedCheck(Trial t, Support.Cpu cpu, String doing) {
        double[] share = cpu.share();
        double max = 0;
        int worst = -1;
        for (int i = 0; i < share.length; i++) {
            if (share[i] > max) {
                max = share[i];
                worst = i;
            }
        }
        if (share.length > 0 && share[0] < 0) {
            t.metric("CPU of a waiting thread", "not measurable on this JVM");
            return;
        }
        double limit = 0.05;
        if (cpu.spinnerShare() > 0) {
            limit = Math.max(0.02, Math.min(0.05, 0.3 * cpu.spinnerShare()));
        }
        String window = cpu.wallNanos() / 1_000_000 + " ms";
        t.metric("CPU of a waiting thread (most)", Support.pct(max) + " of a core (a spinning thread got "
                + Support.pct(cpu.spinnerShare()) + ")");
        if (max > limit) {
            throw t.fail("waiter-" + worst + " used " + Support.pct(max) + " of a core for " + window + " while " + doing
                            + " (a thread that spins got " + Support.pct(cpu.spinnerShare()) + " of a core meanwhile)",
                    "a waiting thread blocks and uses almost no CPU (here at most " + Support.pct(limit) + ")")
                    .detail("Spin a little if you like, then sleep in Futex.await (or LockSupport.park) until woken.");
        }
    }
}
