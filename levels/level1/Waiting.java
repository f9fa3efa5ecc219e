package level1;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Trial;
import ladder.level1.BoundedQueue;

/**
 * Blocking: take() waits while empty, put() waits while full, their threads park, a woken
 * waiter whose element (or free place) was taken by someone else goes back to waiting, and
 * waiting threads use no CPU.
 */
final class Waiting {

    private Waiting() {}

    private static final Duration PARK_LIMIT = Duration.ofSeconds(3);
    private static final Object NOTHING = new Object();

    // ------------------------------------------------------------------ take blocks when empty

    static void takeBlocksWhenEmpty(Trial t) throws InterruptedException {
        int n = 2 + t.random().nextInt(2);
        int cap = 3 + t.random().nextInt(3); // room for one element per taker: the releases put them back to back
        BoundedQueue<Object> q = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        AtomicReferenceArray<Object> got = new AtomicReferenceArray<>(n);
        for (int i = 0; i < n; i++) {
            got.set(i, NOTHING);
        }
        long start = System.nanoTime();
        AtomicIntegerArray entered = new AtomicIntegerArray(n);
        Crew takers = t.crew("taker", n, i -> {
            entered.set(i, 1);
            got.set(i, q.take());
        }).withRandomUnparks().start();
        try {
            for (int i = 0; i < n; i++) {
                Thread th = takers.thread(i);
                if (!Calls.awaitBlockedInCall(entered, i, th, PARK_LIMIT)) {
                    throw t.fail("taker-" + i + " was still running (" + th.getState() + ") " + PARK_LIMIT.toMillis()
                                    + " ms after calling take() on an empty queue: its thread never went to sleep",
                            "take() on an empty queue waits with its thread parked (Futex.await or LockSupport.park)")
                            .detail(Calls.where(ladder.grading.StackReports.of(th)));
                }
                expectNoTake(t, got, i, start, "nothing had been put");
            }
            LockSupport.parkNanos(50_000_000L); // random unparks and spurious wake-ups happen meanwhile
            for (int i = 0; i < n; i++) {
                expectNoTake(t, got, i, start, "nothing had been put");
            }
            Contract.expectSize(t, q, 0, "while takers wait on an empty queue");

            // Stolen wake-ups: put an element and take it back at once, a few times in a row. A
            // taker a put woke finds nothing and must go back to waiting.
            List<Object> forTakers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                List<Item.Token> xs = List.of(new Item.Token("x" + r + "a"), new Item.Token("x" + r + "b"),
                        new Item.Token("x" + r + "c"));
                List<Object> backs = Calls.quick(t, "put(x) then poll() at once, three times", () -> {
                    List<Object> l = new ArrayList<>();
                    for (Item.Token x : xs) {
                        q.put(x);
                        l.add(q.poll());
                    }
                    return l;
                });
                for (int k = 0; k < xs.size(); k++) {
                    Object back = backs.get(k);
                    Item.Token x = xs.get(k);
                    if (back == null) {
                        forTakers.add(x); // a taker got there first: fair
                    } else if (back != x) {
                        throw t.fail("poll() right after put(" + x + ") returned " + Item.describe(back)
                                + ", while the queue should hold only " + x, "poll() returns the oldest element");
                    }
                }
                LockSupport.parkNanos(10_000_000L);
                int returned = returnedCount(got);
                if (returned > forTakers.size()) {
                    int who = newest(got, forTakers);
                    throw t.fail("taker-" + who + "'s take() returned " + Item.describe(got.get(who)) + " after put(x)"
                                    + " and an immediate poll() that took x back: it went ahead with nothing to take",
                            "a woken taker re-checks the queue: when another thread took the element first, it waits again")
                            .detail("The put woke a taker; by the time it ran, poll() had emptied the queue. Wait in a"
                                    + " loop (while empty: wait), not with an if.");
                }
                if (!Trial.eventually(Duration.ofSeconds(2), () -> returnedCount(got) >= forTakers.size())) {
                    throw t.fail(forTakers + " left the queue (poll() right after their put() returned null),"
                                    + " but only " + returnedCount(got) + " take() calls returned within 2000 ms",
                            "an element leaves the queue only through the take() or poll() that returns it");
                }
            }

            // Release: one put per taker still waiting, back to back when they fit (each put must
            // wake a taker of its own, even while an earlier one has not run yet).
            int waiting = n - returnedCount(got);
            List<Item.Token> ys = new ArrayList<>();
            for (int k = 0; k < waiting; k++) {
                ys.add(new Item.Token("y" + k));
            }
            forTakers.addAll(ys);
            if (waiting <= cap) {
                Calls.quick(t, "put() of " + ys + " while " + waiting + " takers wait", () -> {
                    for (Item.Token y : ys) {
                        q.put(y);
                    }
                    return null;
                });
            } else {
                for (Item.Token y : ys) {
                    Calls.quick(t, "put(" + y + ") while takers wait", () -> {
                        q.put(y);
                        return null;
                    });
                }
            }
            if (!takers.awaitQuietly(Duration.ofSeconds(5))) {
                int s = Calls.quick(t, "size()", q::size);
                List<String> still = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (got.get(i) == NOTHING) {
                        still.add("taker-" + i);
                    }
                }
                throw t.fail(String.join(", ", still) + " still waited in take() 5000 ms after " + waiting
                                + " put() calls were made for " + waiting + " waiting takers (size() = " + s + ")",
                        "each put() wakes a thread waiting in take(): no taker sleeps while an element waits for it");
            }
            takers.join(Duration.ofSeconds(1), "every taker returns");
            // Every element meant for the takers came out exactly once, and nothing else.
            List<Object> expected = new ArrayList<>(forTakers);
            for (int i = 0; i < n; i++) {
                Object x = got.get(i);
                if (!expected.remove(x)) {
                    throw t.fail("taker-" + i + "'s take() returned " + Item.describe(x)
                                    + (forTakers.contains(x) ? ", which another taker had already returned" : ""),
                            "each element put is taken exactly once; take() never returns null");
                }
            }
            Contract.expectSize(t, q, 0, "after every taker got its element");
        } finally {
            Calls.stop(takers);
        }
        kPutsForKTakers(t, q, 3);
        kPutsForKTakers(t, q, 3);
    }

    /** n takers asleep on an empty queue, then n puts back to back: each put must wake a taker of its own. */
    private static void kPutsForKTakers(Trial t, BoundedQueue<Object> q, int n) throws InterruptedException {
        AtomicReferenceArray<Object> got = new AtomicReferenceArray<>(n);
        AtomicIntegerArray entered = new AtomicIntegerArray(n);
        for (int i = 0; i < n; i++) {
            got.set(i, NOTHING);
        }
        Crew takers = t.crew("sleeper", n, i -> {
            entered.set(i, 1);
            got.set(i, q.take());
        }).start();
        try {
            for (int i = 0; i < n; i++) {
                Calls.awaitBlockedInCall(entered, i, takers.thread(i), PARK_LIMIT);
            }
            List<Object> zs = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                zs.add(new Item.Token("z" + k));
            }
            Calls.quick(t, "put() of " + zs + " back to back", () -> {
                for (Object z : zs) {
                    q.put(z);
                }
                return null;
            });
            if (!takers.awaitQuietly(Duration.ofSeconds(5))) {
                int s = Calls.quick(t, "size()", q::size);
                throw t.fail((n - returnedCount(got)) + " of " + n + " takers still slept in take() 5000 ms after " + n
                                + " put() calls were made back to back while they waited (size() = " + s + ")",
                        "each put() wakes a thread waiting in take(), also when the previous put's taker has not run"
                                + " yet: nobody sleeps while an element waits for it")
                        .detail("A put that wakes takers only when the queue goes from empty to non-empty must be"
                                + " completed by a cascade: a taker that leaves elements behind wakes the next one.");
            }
            takers.join(Duration.ofSeconds(1), "every taker returns");
            List<Object> expected = new ArrayList<>(zs);
            for (int i = 0; i < n; i++) {
                if (!expected.remove(got.get(i))) {
                    throw t.fail("sleeper-" + i + "'s take() returned " + Item.describe(got.get(i)),
                            "each element put is taken exactly once; take() never returns null");
                }
            }
        } finally {
            Calls.stop(takers);
        }
    }

    private static void expectNoTake(Trial t, AtomicReferenceArray<Object> got, int i, long start, String why) {
        Object x = got.get(i);
        if (x != NOTHING) {
            throw t.fail("taker-" + i + "'s take() on an empty queue returned " + Item.describe(x) + " after "
                            + (System.nanoTime() - start) / 1_000_000L + " ms, though " + why,
                    "take() waits while the queue is empty, through spurious wake-ups and stray unparks")
                    .detail("Wake-ups can be spurious (Futex.await returns early under grading; park() may return"
                            + " for no reason): re-check the queue in a loop after each one.");
        }
    }

    private static int returnedCount(AtomicReferenceArray<Object> got) {
        int n = 0;
        for (int i = 0; i < got.length(); i++) {
            if (got.get(i) != NOTHING) {
                n++;
            }
        }
        return n;
    }

    /** A taker that returned something not (yet) accounted for, preferring one that returned a non-element. */
    private static int newest(AtomicReferenceArray<Object> got, List<Object> accounted) {
        int any = 0;
        for (int i = 0; i < got.length(); i++) {
            Object x = got.get(i);
            if (x != NOTHING) {
                any = i;
                if (!accounted.contains(x)) {
                    return i;
                }
            }
        }
        return any;
    }

    // ------------------------------------------------------------------ put blocks when full

    static void putBlocksWhenFull(Trial t) throws InterruptedException {
        int cap = 1 + t.random().nextInt(4);
        int n = 2 + t.random().nextInt(2);
        BoundedQueue<Object> q = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        List<Object> in = new ArrayList<>(); // what should be in the queue, oldest first, as far as the grader knows
        for (int i = 0; i < cap; i++) {
            Item.Token e = new Item.Token("e" + i);
            boolean ok = Calls.quick(t, "offer(" + e + ")", () -> q.offer(e));
            t.check(ok, "offer(" + e + ") returned false with " + i + " of " + cap + " places used",
                    "offer() returns false only when the queue is full");
            in.add(e);
        }
        Item.Token[] mine = new Item.Token[n];
        for (int i = 0; i < n; i++) {
            mine[i] = new Item.Token("p" + i);
        }
        AtomicIntegerArray done = new AtomicIntegerArray(n);
        AtomicIntegerArray entered = new AtomicIntegerArray(n);
        long start = System.nanoTime();
        Crew putters = t.crew("putter", n, i -> {
            entered.set(i, 1);
            q.put(mine[i]);
            done.set(i, 1);
        }).withRandomUnparks().start();
        try {
            for (int i = 0; i < n; i++) {
                Thread th = putters.thread(i);
                if (!Calls.awaitBlockedInCall(entered, i, th, PARK_LIMIT)) {
                    throw t.fail("putter-" + i + " was still running (" + th.getState() + ") " + PARK_LIMIT.toMillis()
                                    + " ms after calling put() on a full queue: its thread never went to sleep",
                            "put() on a full queue waits with its thread parked (Futex.await or LockSupport.park)")
                            .detail(Calls.where(ladder.grading.StackReports.of(th)));
                }
                expectNoPut(t, done, i, cap, start);
            }
            LockSupport.parkNanos(50_000_000L);
            for (int i = 0; i < n; i++) {
                expectNoPut(t, done, i, cap, start);
            }
            Contract.expectSize(t, q, cap, "while putters wait on a full queue");

            // Stolen places: take one element and refill the place at once, a few times in a row.
            // A putter the take woke finds the queue full again and must go back to waiting.
            int accepted = 0; // putters that are allowed to have returned
            List<Object> removed = new ArrayList<>(); // everything poll() returned, in order
            for (int r = 0; r < 4; r++) {
                List<Item.Token> ys = List.of(new Item.Token("y" + r + "a"), new Item.Token("y" + r + "b"),
                        new Item.Token("y" + r + "c"));
                List<Object> res = Calls.quick(t, "poll() then offer(y) at once, three times", () -> {
                    List<Object> l = new ArrayList<>();
                    for (Item.Token y : ys) {
                        l.add(q.poll());
                        l.add(q.offer(y));
                    }
                    return l;
                });
                for (int k = 0; k < ys.size(); k++) {
                    Object e = res.get(2 * k);
                    if (e == null) {
                        throw t.fail("poll() on a full queue returned null", "poll() on a full queue returns its oldest element");
                    }
                    removed.add(e);
                    if ((Boolean) res.get(2 * k + 1)) {
                        in.add(ys.get(k));
                    } else {
                        accepted++; // a putter took the place first: fair
                    }
                }
                LockSupport.parkNanos(10_000_000L);
                int s = Calls.quick(t, "size()", q::size);
                if (s > cap) {
                    throw t.fail("size() = " + s + " at capacity " + cap + " after poll() made room and offer()"
                                    + " filled it again at once while putters waited",
                            "put() waits while the queue is full: a woken putter re-checks for room")
                            .detail("The take woke a putter; by the time it ran, offer() had filled the place. Wait in"
                                    + " a loop (while full: wait), not with an if.");
                }
                int returned = count(done);
                if (returned > accepted) {
                    throw t.fail(returned + " put() call(s) returned although only " + accepted + " place(s) became free"
                                    + " for the waiting putters (each poll() was followed at once by an offer() that refilled it)",
                            "a woken putter re-checks for room: when another thread took the place first, it waits again");
                }
                int acc = accepted;
                if (!Trial.eventually(Duration.ofSeconds(2), () -> count(done) >= acc)) {
                    throw t.fail(accepted + " offer() call(s) right after a poll() returned false, yet only " + count(done)
                                    + " waiting put() call(s) returned within 2000 ms",
                            "a place in the queue is filled only by the put() or offer() that returns having filled it");
                }
            }
            // Release: make room one place at a time until every putter is through (at capacity 1
            // a second poll may come before the first woken putter has filled the place).
            List<Object> polled = removed;
            int waiting = n - count(done);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (count(done) < n && System.nanoTime() - deadline < 0) {
                int before = count(done);
                Object e = Calls.quick(t, "poll() while putters wait", q::poll);
                if (e == null) {
                    LockSupport.parkNanos(1_000_000L);
                } else {
                    polled.add(e);
                    Trial.eventually(Duration.ofSeconds(2), () -> count(done) > before);
                }
            }
            if (count(done) < n) {
                int s = Calls.quick(t, "size()", q::size);
                throw t.fail((n - count(done)) + " putter(s) still waited in put() 5000 ms after poll() calls began"
                                + " making room for " + waiting + " waiting putters (size() = " + s + ", capacity " + cap + ")",
                        "each take or poll wakes a thread waiting in put(): no putter sleeps while there is room for it");
            }
            putters.join(Duration.ofSeconds(1), "every putter returns");
            // Account for every element: the fill, the refills, every putter's element; each exactly once.
            List<Object> rest = Calls.quick(t, "poll() until empty", () -> {
                List<Object> l = new ArrayList<>();
                for (int i = 0; i <= cap + 1; i++) {
                    Object e = q.poll();
                    if (e == null) {
                        break;
                    }
                    l.add(e);
                }
                return l;
            });
            t.check(rest.size() <= cap, "the queue held " + rest.size() + " elements at capacity " + cap + " at the end ("
                    + rest + ")", "never more than capacity elements in the queue");
            List<Object> expected = new ArrayList<>(in);
            for (Item.Token p : mine) {
                expected.add(p);
            }
            List<Object> out = new ArrayList<>(polled);
            out.addAll(rest);
            for (Object e : out) {
                if (!expected.remove(e)) {
                    throw t.fail("the queue gave " + Item.describe(e) + " more often than it was put (all taken: " + out + ")",
                            "each element put is taken exactly once");
                }
            }
            t.check(expected.isEmpty(), expected + " went into the queue but never came out (all taken: " + out + ")",
                    "each element put is taken exactly once");
        } finally {
            Calls.stop(putters);
        }
    }

    private static void expectNoPut(Trial t, AtomicIntegerArray done, int i, int cap, long start) {
        if (done.get(i) != 0) {
            throw t.fail("putter-" + i + "'s put() on a full queue (capacity " + cap + ") returned after "
                            + (System.nanoTime() - start) / 1_000_000L + " ms, though nothing had been taken",
                    "put() waits while the queue is full, through spurious wake-ups and stray unparks")
                    .detail("Re-check for room in a loop after every wake-up.");
        }
    }

    private static int count(AtomicIntegerArray a) {
        int n = 0;
        for (int i = 0; i < a.length(); i++) {
            n += a.get(i);
        }
        return n;
    }

    // ------------------------------------------------------------------ blocked threads use no CPU

    /** Busier than this share of one core, a thread that should be asleep counts as spinning. */
    static final double SPIN_THRESHOLD = 0.05;

    static void blocksNotSpins(Trial t) throws InterruptedException {
        int cap = 1 + t.random().nextInt(3);
        BoundedQueue<Object> empty = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        BoundedQueue<Object> full = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        for (int i = 0; i < cap; i++) {
            Item.Token e = new Item.Token("e" + i);
            boolean ok = Calls.quick(t, "offer(" + e + ")", () -> full.offer(e));
            t.check(ok, "offer(" + e + ") returned false with " + i + " of " + cap + " places used",
                    "offer() returns false only when the queue is full");
        }
        AtomicReferenceArray<Object> got = new AtomicReferenceArray<>(2);
        AtomicIntegerArray entered = new AtomicIntegerArray(4);
        Crew takers = t.crew("taker", 2, i -> {
            entered.set(i, 1);
            got.set(i, empty.take());
        });
        Crew putters = t.crew("putter", 2, i -> {
            entered.set(2 + i, 1);
            full.put(new Item.Token("p" + i));
        });
        takers.start();
        putters.start();
        try {
            // Let them settle: a short spin before parking is fine.
            long settle = System.nanoTime() + 100_000_000L;
            for (int i = 0; i < 4; i++) {
                Thread th = (i < 2 ? takers : putters).thread(i % 2);
                Calls.awaitBlockedInCall(entered, i, th, Duration.ofNanos(Math.max(1L, settle - System.nanoTime())));
            }
            LockSupport.parkNanos(Math.max(0L, settle - System.nanoTime()));
            if (takers.cpuNanos(0) < 0) {
                t.metric("CPU while waiting", "not measured: this JVM has no thread CPU time");
                return;
            }
            double[][] first = window(takers, putters, 250);
            double[][] use = first;
            if (spinning(first) >= 0) {
                double[][] second = window(takers, putters, 250); // best of two windows: never fail on a hiccup
                use = new double[2][4];
                for (int k = 0; k < 2; k++) {
                    for (int i = 0; i < 4; i++) {
                        use[k][i] = Math.min(first[k][i], second[k][i]);
                    }
                }
            }
            t.metric("CPU while waiting (busiest waiting thread)", String.format("%.1f%% of a core", max(use[0]) * 100));
            t.metric("time spent runnable while waiting (most runnable thread)", String.format("%.0f%%", max(use[1]) * 100));
            int sp = spinning(use);
            if (sp >= 0) {
                boolean taker = sp < 2;
                Thread th = (taker ? takers : putters).thread(sp % 2);
                throw t.fail((taker ? "taker-" : "putter-") + (sp % 2) + ", waiting in " + (taker ? "take() on an empty" : "put() on a full")
                                + " queue, was running instead of sleeping: runnable in " + String.format("%.0f%%", use[1][sp] * 100)
                                + " of samples and using " + String.format("%.1f%%", use[0][sp] * 100)
                                + " of a core (best of two 250 ms windows, on a machine this loaded)",
                        "a waiting thread sleeps (Futex.await or LockSupport.park): runnable under "
                                + Math.round(RUNNABLE_THRESHOLD * 100) + "% of the time and under "
                                + Math.round(SPIN_THRESHOLD * 100) + "% of a core; a short spin before sleeping is fine")
                        .detail(Calls.where(ladder.grading.StackReports.of(th)));
            }
            // Release everyone and check what they got.
            Calls.quick(t, "put(r0) and put(r1) to the waiting takers", () -> {
                empty.put(new Item.Token("r0"));
                empty.put(new Item.Token("r1"));
                return null;
            });
            // Make room one place at a time until both putters are through (at capacity 1 the
            // second poll may come before the first putter has refilled the place).
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (putters.finishedCount() < 2 && System.nanoTime() - deadline < 0) {
                int before = putters.finishedCount();
                Object e = Calls.quick(t, "poll() to make room for the waiting putters", full::poll);
                if (e == null) {
                    LockSupport.parkNanos(1_000_000L);
                } else {
                    Trial.eventually(Duration.ofSeconds(2), () -> putters.finishedCount() > before);
                }
            }
            takers.join(Duration.ofSeconds(5), "each put() wakes a waiting taker");
            putters.join(Duration.ofSeconds(5), "each poll() wakes a waiting putter");
            for (int i = 0; i < 2; i++) {
                Object x = got.get(i);
                t.check(x instanceof Item.Token, "taker-" + i + "'s take() returned " + Item.describe(x),
                        "take() returns an element that was put");
            }
        } finally {
            Calls.stop(takers);
            Calls.stop(putters);
        }
    }

    /** Above this share of state samples in RUNNABLE, a thread that should be asleep counts as spinning. */
    static final double RUNNABLE_THRESHOLD = 0.25;

    /** The first thread (takers, then putters) that looks like it spins, or -1. */
    private static int spinning(double[][] w) {
        for (int i = 0; i < 4; i++) {
            if (w[0][i] > SPIN_THRESHOLD || w[1][i] > RUNNABLE_THRESHOLD) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Over about {@code millis}: [0] the share of a core each thread (takers, then putters) used,
     * [1] the share of state samples in which it was RUNNABLE. The second does not depend on how
     * loaded the machine is (a spinning thread is RUNNABLE even while it waits for a core); the
     * first catches spinning that parks now and then (a spin lock with a futex fallback).
     */
    private static double[][] window(Crew takers, Crew putters, long millis) {
        Thread[] th = {takers.thread(0), takers.thread(1), putters.thread(0), putters.thread(1)};
        long[] before = new long[4];
        for (int i = 0; i < 4; i++) {
            before[i] = (i < 2 ? takers : putters).cpuNanos(i % 2);
        }
        int[] runnable = new int[4];
        int samples = 0;
        long t0 = System.nanoTime();
        long end = t0 + millis * 1_000_000L;
        while (System.nanoTime() - end < 0) {
            for (int i = 0; i < 4; i++) {
                if (th[i].getState() == Thread.State.RUNNABLE) {
                    runnable[i]++;
                }
            }
            samples++;
            LockSupport.parkNanos(500_000L);
        }
        long elapsed = System.nanoTime() - t0;
        double[][] out = new double[2][4];
        for (int i = 0; i < 4; i++) {
            long after = (i < 2 ? takers : putters).cpuNanos(i % 2);
            out[0][i] = after < 0 || before[i] < 0 ? 0 : (after - before[i]) / (double) elapsed;
            out[1][i] = samples == 0 ? 0 : runnable[i] / (double) samples;
        }
        return out;
    }

    private static double max(double[] a) {
        double m = 0;
        for (double d : a) {
            m = Math.max(m, d);
        }
        return m;
    }
}
