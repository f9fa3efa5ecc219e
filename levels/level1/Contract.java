package level1;

import java.util.ArrayList;
import java.util.List;

import ladder.grading.Trial;
import ladder.level1.BoundedQueue;

/**
 * The single-threaded contract: bad input gets java.util.concurrent's errors, offer/poll never
 * wait, capacity()/size() and FIFO order are right. Every learner call runs on a helper thread
 * with a timeout ({@link Calls}), so a call that blocks where it must not is named.
 */
final class Contract {

    private Contract() {}

    static void run(Trial t) throws InterruptedException {
        int[] bad = {0, -1, Integer.MIN_VALUE, -2 - t.random().nextInt(1000)};
        for (int b : bad) {
            expectThrows(t, "new BoundedQueue<>(" + b + ")", IllegalArgumentException.class,
                    "IllegalArgumentException: a queue must hold at least one element",
                    () -> new BoundedQueue<Object>(b));
        }
        int[] caps = {1, 2, 3, 5, 8, 64};
        int cap = caps[t.random().nextInt(caps.length)];
        BoundedQueue<Object> q = Calls.quick(t, "new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));

        int c = Calls.quick(t, "capacity()", q::capacity);
        t.check(c == cap, "capacity() returned " + c + " for new BoundedQueue<>(" + cap + ")",
                "capacity() returns the capacity given to the constructor");
        expectSize(t, q, 0, "on a new queue");
        Object none = Calls.quick(t, "poll() on an empty queue", q::poll);
        t.check(none == null, "poll() on a new, empty queue returned " + Item.describe(none),
                "poll() returns null when the queue is empty");

        expectThrows(t, "put(null)", NullPointerException.class, "NullPointerException: the queue holds no null elements",
                () -> {
                    q.put(null);
                    return null;
                });
        expectThrows(t, "offer(null)", NullPointerException.class, "NullPointerException: the queue holds no null elements",
                () -> q.offer(null));
        expectSize(t, q, 0, "after put(null) and offer(null) were refused");

        List<Object> model = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            Item.Token e = new Item.Token("e" + i);
            boolean ok = Calls.quick(t, "offer(" + e + ")", () -> q.offer(e));
            t.check(ok, "offer(" + e + ") returned false with " + i + " of " + cap + " places used",
                    "offer() returns false only when the queue is full");
            model.add(e);
            expectSize(t, q, i + 1, "after " + (i + 1) + " successful offer() calls");
        }
        Item.Token extra = new Item.Token("x");
        boolean accepted = Calls.within(t, java.time.Duration.ofSeconds(2), "offer(x) on a full queue",
                "offer() never waits: on a full queue it returns false at once", () -> q.offer(extra));
        t.check(!accepted, "offer(x) on a full queue (capacity " + cap + ") returned true",
                "offer() returns false when the queue is full, and inserts nothing");
        expectSize(t, q, cap, "after offer() on a full queue returned false");

        Object first = Calls.quick(t, "poll() on a full queue", q::poll);
        t.check(first == model.get(0), "poll() returned " + Item.describe(first) + " where " + model.get(0)
                + " was expected", "poll() returns the oldest element: first in, first out");
        model.remove(0);
        Item.Token p = new Item.Token("p");
        Calls.within(t, java.time.Duration.ofSeconds(2), "put(p) on a queue with one free place",
                "put() does not wait when the queue has room", () -> {
                    q.put(p);
                    return null;
                });
        model.add(p);
        expectSize(t, q, cap, "after poll() and put()");
        while (!model.isEmpty()) {
            Object got = Calls.quick(t, "poll()", q::poll);
            t.check(got == model.get(0), "poll() returned " + Item.describe(got) + " where " + model.get(0)
                            + " was expected (elements went in as " + model + " after the ones already taken)",
                    "elements come out in the order they went in: first in, first out");
            model.remove(0);
            expectSize(t, q, model.size(), "after poll()");
        }
        Object empty = Calls.within(t, java.time.Duration.ofSeconds(2), "poll() on an emptied queue",
                "poll() never waits: on an empty queue it returns null at once", q::poll);
        t.check(empty == null, "poll() on an emptied queue returned " + Item.describe(empty),
                "poll() returns null when the queue is empty");

        Item.Token a = new Item.Token("a");
        Item.Token b = new Item.Token("b");
        Calls.quick(t, "put(a) on an empty queue", () -> {
            q.put(a);
            return null;
        });
        if (cap > 1) {
            Calls.quick(t, "put(b) on a queue with room", () -> {
                q.put(b);
                return null;
            });
        }
        Object ta = Calls.quick(t, "take() on a non-empty queue", q::take);
        t.check(ta == a, "take() returned " + Item.describe(ta) + " where a was expected", "take() returns the oldest element");
        if (cap > 1) {
            Object tb = Calls.quick(t, "take() on a non-empty queue", q::take);
            t.check(tb == b, "take() returned " + Item.describe(tb) + " where b was expected", "take() returns the oldest element");
        }
        expectSize(t, q, 0, "after every element was taken");
        int c2 = Calls.quick(t, "capacity()", q::capacity);
        t.check(c2 == cap, "capacity() returned " + c2 + " after use, for a queue built with capacity " + cap,
                "capacity() never changes");
    }

    static void expectSize(Trial t, BoundedQueue<?> q, int expected, String when) throws InterruptedException {
        int s = Calls.quick(t, "size()", q::size);
        t.check(s == expected, "size() returned " + s + " " + when + " (it holds " + expected + ")",
                "size() returns the number of elements in the queue");
    }

    /** Runs {@code call}; it must throw {@code type}. Anything else is a violation naming what it did. */
    static void expectThrows(Trial t, String what, Class<? extends Throwable> type, String expected,
                             java.util.concurrent.Callable<?> call) throws InterruptedException {
        String result = Calls.quick(t, what, () -> {
            try {
                Object r = call.call();
                return "returned" + (r == null || r instanceof BoundedQueue ? "" : " " + r) + " without an exception";
            } catch (Throwable e) {
                if (type.isInstance(e)) {
                    return null;
                }
                if (Calls.isTodo(e) && e instanceof RuntimeException re) {
                    throw re; // the skeleton: reported as not started
                }
                return "threw " + e.getClass().getName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
            }
        });
        t.check(result == null, what + " " + result, expected);
    }
}
