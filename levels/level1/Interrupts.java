package level1;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.StackReports;
import ladder.grading.Trial;
import ladder.level1.BoundedQueue;

/**
 * Interrupted put()/take() lose and duplicate nothing.
 *
 * <ol>
 *   <li>A waiting take()/put() that is interrupted throws InterruptedException and changes nothing.</li>
 *   <li>Called with the interrupt status already set, put()/take() throw at once or complete
 *       without waiting (both accepted): whichever they do, the queue must agree.</li>
 *   <li>A waiter woken and interrupted at the same moment either uses what it was woken for or
 *       leaves it for another waiter: nobody sleeps next to an element (or a free place).</li>
 *   <li>Under random interrupts of producers and consumers, every element is still delivered
 *       exactly once (a put that threw did not insert; a take that threw did not remove).</li>
 * </ol>
 */
final class Interrupts {

    private Interrupts() {}

    private static final Object NOTHING = new Object() {
        @Override
        public String toString() {
            return "nothing yet";
        }
    };
    private static final Object THREW = new Object() {
        @Override
        public String toString() {
            return "threw InterruptedException";
        }
    };
    private static final Object RETURNED = new Object() {
        @Override
        public String toString() {
            return "returned";
        }
    };
    private static final Duration RESPOND = Duration.ofSeconds(2);

    static void run(Trial t) throws InterruptedException {
        int cap = 1 + t.random().nextInt(3);
        blockedTakeInterrupted(t, cap);
        blockedPutInterrupted(t, cap);
        statusAlreadySet(t, cap);
        wokenTakerInterrupted(t, cap);
        wokenPutterInterrupted(t, cap);

        Traffic traffic = new Traffic(t);
        traffic.capacity = cap;
        traffic.producers = 2;
        traffic.consumers = 3;
        traffic.perProducer = 120;
        traffic.interrupts = true;
        traffic.chaos = true;
        traffic.jitterNanos = 2_000;
        traffic.run();
        traffic.checkExactlyOnce();
        t.metric("interrupts sent in the last random-interrupt trial", traffic.interruptsSent()
                + " (" + traffic.interruptedPuts() + " put() and " + traffic.interruptedTakes() + " take() calls threw)");
    }

    // ------------------------------------------------------------------ a waiting call is interrupted

    private static void blockedTakeInterrupted(Trial t, int cap) throws InterruptedException {
        BoundedQueue<Object> q = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        AtomicReferenceArray<Object> out = outcomes(1);
        AtomicIntegerArray entered = new AtomicIntegerArray(1);
        Crew c = t.crew("taker", 1, i -> {
            entered.set(i, 1);
            try {
                out.set(i, q.take());
            } catch (InterruptedException e) {
                out.set(i, THREW);
            }
        }).start();
        try {
            Calls.awaitBlockedInCall(entered, 0, c.thread(0), Duration.ofSeconds(3));
            t.check(out.get(0) == NOTHING, "take() on an empty queue returned " + Item.describe(out.get(0))
                    + " before anything was put", "take() waits while the queue is empty");
            c.thread(0).interrupt();
            if (!c.awaitQuietly(RESPOND)) {
                throw t.fail("taker-0, waiting in take() on an empty queue, was interrupted and still waited "
                                + RESPOND.toMillis() + " ms later",
                        "a waiting take() responds to interruption: it throws InterruptedException")
                        .detail(Calls.where(StackReports.of(c.thread(0))))
                        .detail("Futex.await returns at once for an interrupted thread; after it returns, check"
                                + " Thread.interrupted() and throw when there is still nothing to take.");
            }
            c.join(Duration.ofSeconds(1), "the taker returns");
            t.check(out.get(0) == THREW, "an interrupted take() on an empty queue returned "
                            + Item.describe(out.get(0)) + " instead of throwing",
                    "with nothing to take, an interrupted take() throws InterruptedException");
            Contract.expectSize(t, q, 0, "after an interrupted take() on an empty queue");
        } finally {
            Calls.stop(c);
        }
    }

    private static void blockedPutInterrupted(Trial t, int cap) throws InterruptedException {
        BoundedQueue<Object> q = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        List<Object> model = fill(t, q, cap, "e");
        Item.Token z = new Item.Token("z");
        AtomicReferenceArray<Object> out = outcomes(1);
        AtomicIntegerArray entered = new AtomicIntegerArray(1);
        Crew c = t.crew("putter", 1, i -> {
            entered.set(i, 1);
            try {
                q.put(z);
                out.set(i, RETURNED);
            } catch (InterruptedException e) {
                out.set(i, THREW);
            }
        }).start();
        try {
            Calls.awaitBlockedInCall(entered, 0, c.thread(0), Duration.ofSeconds(3));
            t.check(out.get(0) == NOTHING, "put(z) on a full queue returned before anything was taken",
                    "put() waits while the queue is full");
            c.thread(0).interrupt();
            if (!c.awaitQuietly(RESPOND)) {
                throw t.fail("putter-0, waiting in put(z) on a full queue, was interrupted and still waited "
                                + RESPOND.toMillis() + " ms later",
                        "a waiting put() responds to interruption: it throws InterruptedException")
                        .detail(Calls.where(StackReports.of(c.thread(0))));
            }
            c.join(Duration.ofSeconds(1), "the putter returns");
            t.check(out.get(0) == THREW, "an interrupted put(z) on a full queue returned normally, though nothing was taken",
                    "with no room, an interrupted put() throws InterruptedException");
            Contract.expectSize(t, q, cap, "after an interrupted put() on a full queue of capacity " + cap);
            expectContents(t, q, model, "after an interrupted put(z) on a full queue");
        } finally {
            Calls.stop(c);
        }
    }

    // ------------------------------------------------------------------ interrupt status set before the call

    private static void statusAlreadySet(Trial t, int cap) throws InterruptedException {
        BoundedQueue<Object> q = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        List<Object> model = new ArrayList<>();

        Object r = Calls.within(t, RESPOND, "take() on an empty queue, called with the interrupt status set",
                "it throws InterruptedException: it cannot complete without waiting", () -> {
                    Thread.currentThread().interrupt();
                    try {
                        return q.take();
                    } catch (InterruptedException e) {
                        return THREW;
                    }
                });
        t.check(r == THREW, "take() on an empty queue, called with the interrupt status set, returned " + Item.describe(r),
                "it throws InterruptedException: there is nothing to take without waiting");
        Contract.expectSize(t, q, 0, "after that");

        Item.Token a = new Item.Token("a");
        r = Calls.within(t, RESPOND, "put(a) on an empty queue, called with the interrupt status set",
                "it throws InterruptedException at once or inserts without waiting", () -> {
                    Thread.currentThread().interrupt();
                    try {
                        q.put(a);
                        return RETURNED;
                    } catch (InterruptedException e) {
                        return THREW;
                    }
                });
        if (r == RETURNED) {
            model.add(a);
        }
        int s = Calls.quick(t, "size()", q::size);
        t.check(s == model.size(), "put(a) called with the interrupt status set " + r + ", and then size() = " + s,
                r == THREW ? "a put() that throws InterruptedException has not inserted its element (size() stays 0)"
                        : "a put() that returns has inserted its element (size() = 1)");
        if (r == THREW) {
            Calls.quick(t, "offer(a)", () -> q.offer(a));
            model.add(a);
        }

        r = Calls.within(t, RESPOND, "take() on a queue holding a, called with the interrupt status set",
                "it throws InterruptedException at once or takes a without waiting", () -> {
                    Thread.currentThread().interrupt();
                    try {
                        return q.take();
                    } catch (InterruptedException e) {
                        return THREW;
                    }
                });
        s = Calls.quick(t, "size()", q::size);
        if (r == THREW) {
            t.check(s == 1, "take() on a queue holding a, called with the interrupt status set, threw InterruptedException,"
                            + " and then size() = " + s,
                    "a take() that throws InterruptedException has not removed an element (size() stays 1)");
        } else {
            t.check(r == a, "take() on a queue holding only a, called with the interrupt status set, returned " + Item.describe(r),
                    "it throws InterruptedException or returns a");
            t.check(s == 0, "take() returned a, and then size() = " + s, "size() = 0 once the only element is taken");
            model.remove(a);
        }

        // Fill up, then a put with the status set cannot complete without waiting.
        while (model.size() < cap) {
            Item.Token e = new Item.Token("e" + model.size());
            boolean ok = Calls.quick(t, "offer(" + e + ")", () -> q.offer(e));
            t.check(ok, "offer(" + e + ") returned false with " + model.size() + " of " + cap + " places used",
                    "offer() returns false only when the queue is full");
            model.add(e);
        }
        Item.Token z = new Item.Token("z");
        r = Calls.within(t, RESPOND, "put(z) on a full queue, called with the interrupt status set",
                "it throws InterruptedException: it cannot complete without waiting", () -> {
                    Thread.currentThread().interrupt();
                    try {
                        q.put(z);
                        return RETURNED;
                    } catch (InterruptedException e) {
                        return THREW;
                    }
                });
        t.check(r == THREW, "put(z) on a full queue, called with the interrupt status set, returned normally",
                "it throws InterruptedException: there is no room without waiting");
        expectContents(t, q, model, "after put(z) with the interrupt status set threw");
    }

    // ------------------------------------------------------------------ a woken waiter is interrupted

    private static void wokenTakerInterrupted(Trial t, int cap) throws InterruptedException {
        BoundedQueue<Object> q = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        AtomicReferenceArray<Object> out = outcomes(2);
        AtomicIntegerArray go = new AtomicIntegerArray(2);
        AtomicIntegerArray calling = new AtomicIntegerArray(2);
        Crew c = t.crew("taker", 2, i -> {
            while (go.get(i) == 0) {
                LockSupport.parkNanos(20_000L);
            }
            calling.set(i, 1);
            try {
                out.set(i, q.take());
            } catch (InterruptedException e) {
                out.set(i, THREW);
            }
        }).start();
        try {
            // taker-0 goes to sleep first, then taker-1: a FIFO wake-up picks taker-0.
            for (int i = 0; i < 2; i++) {
                int k = i;
                go.set(k, 1);
                Calls.awaitBlockedInCall(calling, k, c.thread(k), Duration.ofSeconds(3));
            }
            int victim = t.random().nextInt(4) == 0 ? 1 : 0;
            int other = 1 - victim;
            Item.Token x = new Item.Token("x");
            Thread v = c.thread(victim);
            Calls.quick(t, "put(x) while two takers wait", () -> {
                q.put(x);
                v.interrupt(); // at once: the taker put() woke is most likely still on its way out of the wait
                return null;
            });
            boolean taken = Trial.eventually(RESPOND, () -> out.get(0) == x || out.get(1) == x);
            if (!taken) {
                int s = Calls.quick(t, "size()", q::size);
                Object vo = out.get(victim);
                Object oo = out.get(other);
                if (vo == THREW && oo == NOTHING && s > 0) {
                    throw t.fail("put(x) woke a waiting taker and taker-" + victim + " was interrupted at that moment: it threw"
                                    + " InterruptedException, and taker-" + other + " still slept in take() "
                                    + RESPOND.toMillis() + " ms later while x waited in the queue (size() = " + s + ")",
                            "a waiter woken and interrupted at the same moment either takes the element or passes the"
                                    + " wake-up on: nobody sleeps while an element waits for it")
                            .detail("Check the queue before the interrupt status after a wake-up, or wake another"
                                    + " waiter before throwing.");
                }
                if (vo == THREW && s == 0) {
                    throw t.fail("x was put and is gone from the queue (size() = 0), but no take() returned it: taker-"
                                    + victim + ", interrupted, threw InterruptedException",
                            "a take() that throws InterruptedException has not removed an element");
                }
                throw t.fail("put(x) was made for two waiting takers and taker-" + victim + " was interrupted; "
                                + RESPOND.toMillis() + " ms later taker-" + victim + " " + vo + ", taker-" + other + " " + oo
                                + ", and size() = " + s,
                        "one of the takers returns x; the interrupted one, if it did not, throws InterruptedException");
            }
            if (out.get(0) == x && out.get(1) == x) {
                throw t.fail("both takers returned x", "each element is taken exactly once");
            }
            int winner = out.get(0) == x ? 0 : 1;
            if (winner != victim && !Trial.eventually(RESPOND, () -> out.get(victim) != NOTHING)) {
                throw t.fail("taker-" + victim + ", waiting in take(), was interrupted and still waited "
                                + RESPOND.toMillis() + " ms later", "a waiting take() responds to interruption")
                        .detail(Calls.where(StackReports.of(v)));
            }
            Object vo = out.get(victim);
            if (winner != victim && vo != THREW) {
                throw t.fail("the interrupted taker-" + victim + " returned " + Item.describe(vo) + " while taker-" + other
                        + " returned x, the only element put", "each element is taken exactly once");
            }
            // Release whoever still waits.
            if (out.get(other) == NOTHING) {
                Item.Token y = new Item.Token("y");
                Calls.quick(t, "put(y) for the taker still waiting", () -> {
                    q.put(y);
                    return null;
                });
                if (!Trial.eventually(Duration.ofSeconds(3), () -> out.get(other) != NOTHING)) {
                    throw t.fail("taker-" + other + " still waited in take() 3000 ms after put(y)",
                            "a put() wakes a waiting taker");
                }
                t.check(out.get(other) == y, "taker-" + other + "'s take() returned " + Item.describe(out.get(other))
                        + " where y was expected", "take() returns the element that was put");
            }
            c.join(Duration.ofSeconds(2), "both takers return");
            Contract.expectSize(t, q, 0, "after both takers returned");
        } finally {
            Calls.stop(c);
        }
    }

    private static void wokenPutterInterrupted(Trial t, int cap) throws InterruptedException {
        BoundedQueue<Object> q = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        List<Object> model = fill(t, q, cap, "e");
        Item.Token[] mine = {new Item.Token("p0"), new Item.Token("p1")};
        AtomicReferenceArray<Object> out = outcomes(2);
        AtomicIntegerArray go = new AtomicIntegerArray(2);
        AtomicIntegerArray calling = new AtomicIntegerArray(2);
        Crew c = t.crew("putter", 2, i -> {
            while (go.get(i) == 0) {
                LockSupport.parkNanos(20_000L);
            }
            calling.set(i, 1);
            try {
                q.put(mine[i]);
                out.set(i, RETURNED);
            } catch (InterruptedException e) {
                out.set(i, THREW);
            }
        }).start();
        try {
            for (int i = 0; i < 2; i++) {
                int k = i;
                go.set(k, 1);
                Calls.awaitBlockedInCall(calling, k, c.thread(k), Duration.ofSeconds(3));
            }
            int victim = t.random().nextInt(4) == 0 ? 1 : 0;
            int other = 1 - victim;
            Thread v = c.thread(victim);
            Object head = Calls.quick(t, "poll() while two putters wait", () -> {
                Object e = q.poll();
                v.interrupt();
                return e;
            });
            t.check(head == model.get(0), "poll() on a full queue returned " + Item.describe(head) + " where "
                    + model.get(0) + " was expected", "poll() returns the oldest element");
            model.remove(0);
            boolean refilled = Trial.eventually(RESPOND, () -> out.get(0) == RETURNED || out.get(1) == RETURNED);
            if (!refilled) {
                int s = Calls.quick(t, "size()", q::size);
                Object vo = out.get(victim);
                Object oo = out.get(other);
                if (vo == THREW && oo == NOTHING && s < cap) {
                    throw t.fail("poll() made room and woke a waiting putter, and putter-" + victim + " was interrupted at"
                                    + " that moment: it threw InterruptedException, and putter-" + other + " still slept in put() "
                                    + RESPOND.toMillis() + " ms later with a free place (size() = " + s + " of " + cap + ")",
                            "a waiter woken and interrupted at the same moment either uses the place or passes the"
                                    + " wake-up on: nobody sleeps while there is room for it")
                            .detail("Check for room before the interrupt status after a wake-up, or wake another"
                                    + " waiter before throwing.");
                }
                throw t.fail("poll() made room for two waiting putters and putter-" + victim + " was interrupted; "
                                + RESPOND.toMillis() + " ms later putter-" + victim + " " + vo + ", putter-" + other + " " + oo
                                + ", and size() = " + s + " of " + cap,
                        "one of the putters fills the free place; the interrupted one, if it did not, throws InterruptedException");
            }
            if (!Trial.eventually(RESPOND, () -> out.get(victim) != NOTHING)) {
                throw t.fail("putter-" + victim + ", waiting in put() on a full queue, was interrupted and still waited "
                                + RESPOND.toMillis() + " ms later", "a waiting put() responds to interruption")
                        .detail(Calls.where(StackReports.of(v)));
            }
            for (int i = 0; i < 2; i++) {
                if (out.get(i) == RETURNED) {
                    model.add(mine[i]);
                }
            }
            // Release whoever still waits, one poll at a time, and account for every element.
            List<Object> taken = new ArrayList<>();
            while (out.get(0) == NOTHING || out.get(1) == NOTHING) {
                int waitingFor = out.get(0) == NOTHING ? 0 : 1;
                Object e = Calls.quick(t, "poll() for the putter still waiting", q::poll);
                t.check(e != null, "poll() returned null from a full queue", "poll() on a full queue returns its oldest element");
                taken.add(e);
                if (!Trial.eventually(Duration.ofSeconds(3), () -> out.get(waitingFor) != NOTHING)) {
                    throw t.fail("putter-" + waitingFor + " still waited in put() 3000 ms after poll() made room",
                            "a take or poll wakes a waiting putter");
                }
                t.check(out.get(waitingFor) == RETURNED, "putter-" + waitingFor + " (not interrupted) " + out.get(waitingFor),
                        "a put() that is not interrupted returns once there is room");
                model.add(mine[waitingFor]);
            }
            c.join(Duration.ofSeconds(2), "both putters return");
            List<Object> expected = new ArrayList<>(model);
            for (Object e : taken) {
                if (!expected.remove(e)) {
                    throw t.fail("poll() returned " + Item.describe(e) + ", which was not in the queue"
                                    + (e == mine[0] || e == mine[1] ? " (its put() threw InterruptedException)" : ""),
                            "a put() that throws InterruptedException has not inserted its element");
                }
            }
            List<Object> rest = drain(t, q, cap);
            for (Object e : rest) {
                if (!expected.remove(e)) {
                    throw t.fail("the queue still held " + Item.describe(e) + (e == mine[0] || e == mine[1]
                                    ? ", though the put() of it threw InterruptedException" : ", which was not expected there"),
                            "a put() that throws InterruptedException has not inserted its element");
                }
            }
            t.check(expected.isEmpty(), expected + " went into the queue but never came out",
                    "nothing is lost when a waiting putter is interrupted");
        } finally {
            Calls.stop(c);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static AtomicReferenceArray<Object> outcomes(int n) {
        AtomicReferenceArray<Object> a = new AtomicReferenceArray<>(n);
        for (int i = 0; i < n; i++) {
            a.set(i, NOTHING);
        }
        return a;
    }

    private static List<Object> fill(Trial t, BoundedQueue<Object> q, int cap, String prefix) throws InterruptedException {
        List<Object> model = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            Item.Token e = new Item.Token(prefix + i);
            boolean ok = Calls.quick(t, "offer(" + e + ")", () -> q.offer(e));
            t.check(ok, "offer(" + e + ") returned false with " + i + " of " + cap + " places used",
                    "offer() returns false only when the queue is full");
            model.add(e);
        }
        return model;
    }

    static List<Object> drain(Trial t, BoundedQueue<Object> q, int cap) throws InterruptedException {
        return Calls.quick(t, "poll() until the queue is empty", () -> {
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
    }

    /** The queue holds exactly {@code model}, in that order (it is drained). */
    private static void expectContents(Trial t, BoundedQueue<Object> q, List<Object> model, String when)
            throws InterruptedException {
        List<Object> got = drain(t, q, model.size());
        t.check(got.equals(model), when + ", the queue held " + got + " (drained with poll())",
                "it holds " + model + ": an interrupted call changes nothing");
    }
}
