package level7;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Effort;
import ladder.grading.Scenario;
import ladder.grading.Trial;
import ladder.level7.AsyncAtomics;
import ladder.level7.WaitAsyncResult;
import ladder.toolkit.EventLoop;

/** The scenarios of {@code AsyncAtomics}: one per property the curriculum lists. */
final class AsyncAtomicsScenarios {

    private static final String SUBJECT = "AsyncAtomics";
    /** A timeout no scenario ever reaches: the waiter must be notified (or its timer cancelled). */
    private static final long LONG_TIMEOUT = 60_000L;
    private static final Duration SETTLE = Duration.ofSeconds(5);
    /** How long a crew may take before it counts as hung: generous, the machine may be loaded. */
    private static final Duration HANG = Duration.ofSeconds(20);

    private AsyncAtomicsScenarios() {}

    static List<Scenario> all() {
        return List.of(immediateResults(), fifoWakeOrder(), notifyCountsExactly(), resolvesOnLoopThread(),
                timeoutsResolveTimedOut(), noTraceLeft(), noWaiterLost(), notifyLatency());
    }

    /** One loop and one AsyncAtomics per trial, closed at the end. */
    @FunctionalInterface
    private interface LoopBody {
        void run(Trial t, EventLoop loop, AsyncAtomics aa) throws Exception;
    }

    private static Scenario.TrialBody withLoop(LoopBody body) {
        return t -> {
            EventLoop loop = new EventLoop("grader");
            try {
                AsyncAtomics aa = t.call("new AsyncAtomics(loop)", () -> new AsyncAtomics(loop));
                body.run(t, loop, aa);
            } finally {
                loop.close();
            }
        };
    }

    private static String call(String array, int index, int expected, long timeout) {
        return "waitAsync(" + array + ", " + index + ", " + expected + ", " + timeoutText(timeout) + ")";
    }

    private static String timeoutText(long timeout) {
        return timeout == Long.MAX_VALUE ? "Long.MAX_VALUE" : timeout == Long.MIN_VALUE ? "Long.MIN_VALUE" : Long.toString(timeout);
    }

    /** waitAsync that must return a promise: checks the record's shape and returns it. */
    private static CompletableFuture<String> mustWait(Trial t, AsyncAtomics aa, AtomicIntegerArray a, String name, int index,
                                                      int expected, long timeout) {
        String c = call(name, index, expected, timeout);
        WaitAsyncResult r = t.call(c, () -> aa.waitAsync(a, index, expected, timeout));
        if (r == null) {
            throw t.fail(c + " returned null", "a WaitAsyncResult");
        }
        if (!r.async() || r.promise() == null || r.value() != null) {
            throw t.fail(c + " with " + name + "[" + index + "] = " + a.get(index) + " returned " + describe(r),
                    "(async=true, value=null, promise): the value is equal and the timeout positive, so the caller waits");
        }
        return r.promise();
    }

    private static String describe(WaitAsyncResult r) {
        return "(async=" + r.async() + ", value=" + Watch.quote(r.value()) + ", promise="
                + (r.promise() == null ? "null" : r.promise().isDone() ? "a completed promise" : "a pending promise") + ")";
    }

    private static int notifyChecked(Trial t, AsyncAtomics aa, AtomicIntegerArray a, String name, int index, int count) {
        String c = "notify(" + name + ", " + index + ", " + (count == Integer.MAX_VALUE ? "Integer.MAX_VALUE" : count) + ")";
        return t.call(c, () -> aa.notify(a, index, count));
    }

    // ---- immediate results -------------------------------------------------------------------

    private static Scenario immediateResults() {
        return Scenario.named("immediate-results").subject(SUBJECT)
                .proves("As in ECMAScript: a value that differs gives (false, \"not-equal\", null), a timeout of 0 or less "
                        + "gives (false, \"timed-out\", null), \"not-equal\" wins when both apply; otherwise (true, null, promise); "
                        + "a bad index throws IndexOutOfBoundsException, a null array NullPointerException")
                .trials(3).budget(Duration.ofMillis(200))
                .body(withLoop((t, loop, aa) -> {
                    AtomicIntegerArray a = new AtomicIntegerArray(4);
                    a.set(1, 7);
                    immediate(t, aa, a, 1, 0, 100, "not-equal", "a[1] is 7, not 0");
                    immediate(t, aa, a, 1, 0, 0, "not-equal", "both apply: \"not-equal\" wins, as in ECMAScript");
                    immediate(t, aa, a, 1, 0, -5, "not-equal", "both apply: \"not-equal\" wins");
                    immediate(t, aa, a, 1, 0, Long.MAX_VALUE, "not-equal", "a[1] is 7, not 0");
                    immediate(t, aa, a, 1, 7, 0, "timed-out", "a timeout of 0 does not wait");
                    immediate(t, aa, a, 1, 7, -1, "timed-out", "a negative timeout counts as 0");
                    immediate(t, aa, a, 1, 7, Long.MIN_VALUE, "timed-out", "a negative timeout counts as 0");
                    CompletableFuture<String> p1 = mustWait(t, aa, a, "a", 1, 7, LONG_TIMEOUT);
                    CompletableFuture<String> p2 = mustWait(t, aa, a, "a", 2, 0, Long.MAX_VALUE);
                    t.check(!p1.isDone() && !p2.isDone(), "a promise returned by waitAsync was already completed before any notify",
                            "a pending promise");
                    int n1 = notifyChecked(t, aa, a, "a", 1, 10);
                    t.check(n1 == 1, "after 7 immediate answers and one real wait on a[1], notify(a, 1, 10) returned " + n1,
                            "1: immediate answers (\"not-equal\", \"timed-out\") must not leave a waiter behind");
                    int n2 = notifyChecked(t, aa, a, "a", 2, 10);
                    t.check(n2 == 1, "notify(a, 2, 10) with one waiter on a[2] returned " + n2, "1");
                    for (CompletableFuture<String> p : List.of(p1, p2)) {
                        String v = awaitValue(p);
                        t.check("ok".equals(v), "a notified promise resolved to " + Watch.quote(v) + " (or not within 5 s)", "\"ok\"");
                    }
                    Expect.throwsType(t, IndexOutOfBoundsException.class, "waitAsync(a, 4, 0, 10) on an array of length 4",
                            () -> aa.waitAsync(a, 4, 0, 10));
                    Expect.throwsType(t, IndexOutOfBoundsException.class, "waitAsync(a, -1, 0, 10)", () -> aa.waitAsync(a, -1, 0, 10));
                    Expect.throwsType(t, IndexOutOfBoundsException.class, "notify(a, 4, 1) on an array of length 4",
                            () -> aa.notify(a, 4, 1));
                    Expect.throwsType(t, IndexOutOfBoundsException.class, "notify(a, -1, 1)", () -> aa.notify(a, -1, 1));
                    Expect.throwsType(t, IndexOutOfBoundsException.class, "notify(a, 4, 0) (the index is checked whatever the count)",
                            () -> aa.notify(a, 4, 0));
                    Expect.throwsType(t, NullPointerException.class, "waitAsync(null, 0, 0, 10)", () -> aa.waitAsync(null, 0, 0, 10));
                    Expect.throwsType(t, NullPointerException.class, "notify(null, 0, 1)", () -> aa.notify(null, 0, 1));
                }));
    }

    private static void immediate(Trial t, AsyncAtomics aa, AtomicIntegerArray a, int index, int expected, long timeout,
                                  String value, String why) {
        String c = call("a", index, expected, timeout);
        WaitAsyncResult r = t.call(c, () -> aa.waitAsync(a, index, expected, timeout));
        if (r == null) {
            throw t.fail(c + " returned null", "a WaitAsyncResult");
        }
        if (r.async() || !value.equals(r.value()) || r.promise() != null) {
            throw t.fail(c + " with a[" + index + "] = " + a.get(index) + " returned " + describe(r),
                    "(async=false, value=\"" + value + "\", promise=null): " + why);
        }
    }

    private static String awaitValue(CompletableFuture<String> p) {
        try {
            return p.get(SETTLE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return "(still pending)";
        } catch (Exception e) {
            return "an exception (" + e.getCause() + ")";
        }
    }

    // ---- FIFO wake order ---------------------------------------------------------------------

    private static Scenario fifoWakeOrder() {
        return Scenario.named("fifo-wake-order").subject(SUBJECT)
                .proves("FIFO wake order: waiters registered A, B, C on one element; notify(…, 1) three times resolves A, then B, "
                        + "then C; notify(…, n) resolves the oldest n, in that order, on the loop")
                .trials(20).budget(Duration.ofMillis(300))
                .body(withLoop((t, loop, aa) -> {
                    SplittableRandom r = t.random();
                    AtomicIntegerArray a = new AtomicIntegerArray(3);
                    AtomicIntegerArray b = new AtomicIntegerArray(3);
                    int n = 3 + r.nextInt(6);
                    int noise = 4;
                    Watch w = new Watch(n + noise);
                    // Part 1: one at a time. Waiters 0..n-1 on a[0], with waiters of other elements in between.
                    for (int k = 0; k < n; k++) {
                        w.watch(k, mustWait(t, aa, a, "a", 0, 0, r.nextBoolean() ? LONG_TIMEOUT : Long.MAX_VALUE));
                        if (k < noise) {
                            boolean other = k % 2 == 0;
                            w.watch(n + k, mustWait(t, aa, other ? b : a, other ? "b" : "a", other ? 0 : 1, 0, LONG_TIMEOUT));
                        }
                    }
                    for (int k = 0; k < n; k++) {
                        int woke = notifyChecked(t, aa, a, "a", 0, 1);
                        t.check(woke == 1, "notify(a, 0, 1) with " + (n - k) + " waiters left on a[0] returned " + woke, "1");
                        int want = k + 1;
                        if (!Loops.await(SETTLE, () -> countResolved(w, 0, n) >= want)) {
                            throw t.fail("notify(a, 0, 1) returned 1 but no promise of a[0]'s waiters resolved within 5 s",
                                    "the oldest waiter's promise resolved on the loop");
                        }
                        Loops.flush(loop, SETTLE);
                        for (int j = 0; j < n; j++) {
                            boolean shouldBe = j <= k;
                            if (w.isResolved(j) != shouldBe) {
                                throw t.fail(String.format(Locale.ROOT,
                                                "after %d call(s) of notify(a, 0, 1), waiter #%d (registered %s) is %s",
                                                k + 1, j + 1, ordinal(j + 1), shouldBe ? "still waiting" : "resolved"),
                                        "waiters #1 to #" + (k + 1) + " resolved, oldest first, and the " + (n - k - 1) + " younger ones still waiting")
                                        .detail("Waiters were registered on a[0] in order #1 … #" + n + ": notify must take the oldest.");
                            }
                        }
                    }
                    // Part 2: a batch, resolved in wake order. The loop is held while notify runs.
                    int m = 4 + r.nextInt(5);
                    Watch batch = new Watch(m);
                    for (int k = 0; k < m; k++) {
                        batch.watch(k, mustWait(t, aa, a, "a", 2, 0, LONG_TIMEOUT));
                    }
                    int first = 1 + r.nextInt(m - 1);
                    int woke1;
                    int woke2;
                    try (Loops.Gate g = Loops.hold(loop)) {
                        woke1 = notifyChecked(t, aa, a, "a", 2, first);
                        woke2 = notifyChecked(t, aa, a, "a", 2, m);
                    }
                    t.check(woke1 == first && woke2 == m - first, "with " + m + " waiters on a[2], notify(a, 2, " + first
                            + ") returned " + woke1 + " and then notify(a, 2, " + m + ") returned " + woke2, first + " and then " + (m - first));
                    if (!Loops.await(SETTLE, () -> batch.resolved() == m)) {
                        throw t.fail(batch.resolved() + " of " + m + " notified promises resolved within 5 s", "all " + m);
                    }
                    for (int k = 0; k < m; k++) {
                        if (batch.order(k) != k) {
                            throw t.fail("waiters #1 … #" + m + " of a[2] were woken by notify(a, 2, " + first + ") and notify(a, 2, " + m
                                            + "); their promises resolved in the order " + orderOf(batch, m),
                                    "1, 2, …, " + m + ": the order in which they were registered, which is the order notify woke them")
                                    .detail("Resolve a notify's waiters on the loop in the order it took them from the list.");
                        }
                    }
                    // The other elements' waiters were untouched: wake them now.
                    Loops.flush(loop, SETTLE);
                    for (int k = 0; k < noise; k++) {
                        t.check(!w.isResolved(n + k), "a waiter of " + (k % 2 == 0 ? "b[0]" : "a[1]") + " was resolved by notify(a, 0, …) or notify(a, 2, …)",
                                "waiters of other elements untouched");
                    }
                    notifyChecked(t, aa, a, "a", 1, Integer.MAX_VALUE);
                    notifyChecked(t, aa, b, "b", 0, Integer.MAX_VALUE);
                }));
    }

    private static int countResolved(Watch w, int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) {
            if (w.isResolved(i)) {
                c++;
            }
        }
        return c;
    }

    private static String orderOf(Watch w, int m) {
        Integer[] ids = new Integer[m];
        for (int k = 0; k < m; k++) {
            ids[k] = k;
        }
        Arrays.sort(ids, (x, y) -> Integer.compare(w.order(x), w.order(y)));
        StringBuilder sb = new StringBuilder();
        for (Integer id : ids) {
            sb.append(sb.isEmpty() ? "" : ", ").append(id + 1);
        }
        return sb.toString();
    }

    private static String ordinal(int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    // ---- notify counts exactly ---------------------------------------------------------------

    private static Scenario notifyCountsExactly() {
        return Scenario.named("notify-counts-exactly").subject(SUBJECT)
                .proves("notify(array, index, count) wakes min(count, waiters) of that element and returns exactly that; "
                        + "count <= 0 wakes none; waiters of another index or another array are untouched")
                .trials(20).budget(Duration.ofMillis(300))
                .body(withLoop((t, loop, aa) -> {
                    SplittableRandom r = t.random();
                    AtomicIntegerArray a = new AtomicIntegerArray(4);
                    AtomicIntegerArray b = new AtomicIntegerArray(4);
                    int na = 1 + r.nextInt(12);
                    int nb = 1 + r.nextInt(4);
                    int nc = 1 + r.nextInt(4);
                    Watch w = new Watch(na + nb + nc);
                    int id = 0;
                    for (int k = 0; k < Math.max(na, Math.max(nb, nc)); k++) {
                        if (k < na) {
                            w.watch(k, mustWait(t, aa, a, "a", 0, 0, LONG_TIMEOUT));
                        }
                        if (k < nb) {
                            w.watch(na + k, mustWait(t, aa, a, "a", 1, 0, Long.MAX_VALUE));
                        }
                        if (k < nc) {
                            w.watch(na + nb + k, mustWait(t, aa, b, "b", 0, 0, LONG_TIMEOUT));
                        }
                    }
                    for (int c : new int[] {0, -1, Integer.MIN_VALUE}) {
                        int woke = notifyChecked(t, aa, a, "a", 0, c);
                        t.check(woke == 0, "notify(a, 0, " + c + ") with " + na + " waiters returned " + woke, "0: a count <= 0 wakes none");
                    }
                    Loops.flush(loop, SETTLE);
                    t.check(countResolved(w, 0, na) == 0, countResolved(w, 0, na) + " waiters of a[0] resolved after notify calls with counts 0, -1 and Integer.MIN_VALUE",
                            "none: a count <= 0 wakes none");
                    int remaining = na;
                    while (remaining > 0) {
                        int c = r.nextInt(4) == 0 ? remaining + 1 + r.nextInt(3) : 1 + r.nextInt(Math.min(remaining, 4));
                        int woke = notifyChecked(t, aa, a, "a", 0, c);
                        int want = Math.min(c, remaining);
                        if (woke != want) {
                            throw t.fail("notify(a, 0, " + c + ") with " + remaining + " waiters on a[0] returned " + woke,
                                    want + " (min(count, waiters))");
                        }
                        remaining -= woke;
                        int resolvedWant = na - remaining;
                        if (!Loops.await(SETTLE, () -> countResolved(w, 0, na) >= resolvedWant)) {
                            throw t.fail(String.format(Locale.ROOT, "notify calls on a[0] returned %d in total, but only %d promises resolved within 5 s",
                                    resolvedWant, countResolved(w, 0, na)), "as many promises resolved as notify counted");
                        }
                        Loops.flush(loop, SETTLE);
                        int got = countResolved(w, 0, na);
                        if (got != resolvedWant) {
                            throw t.fail(String.format(Locale.ROOT, "notify calls on a[0] returned %d in total, and %d of its waiters' promises resolved",
                                    resolvedWant, got), "exactly as many resolved as notify counted");
                        }
                    }
                    for (int k = 0; k < na; k++) {
                        t.check("ok".equals(w.value(k)), "a notified promise resolved to " + Watch.quote(w.value(k)), "\"ok\"");
                    }
                    int again = notifyChecked(t, aa, a, "a", 0, 5);
                    t.check(again == 0, "notify(a, 0, 5) after every waiter of a[0] was woken returned " + again, "0");
                    int none = notifyChecked(t, aa, a, "a", 3, 5);
                    t.check(none == 0, "notify(a, 3, 5) on an element nobody waits on returned " + none, "0");
                    Loops.flush(loop, SETTLE);
                    int touched = countResolved(w, na, na + nb + nc);
                    if (touched > 0) {
                        throw t.fail(touched + " waiter(s) of a[1] or b[0] resolved although only a[0] and a[3] were notified",
                                "waiters of another index or another array untouched")
                                .detail("Key the waiter lists by both the array (its identity) and the index.");
                    }
                    int wb = notifyChecked(t, aa, a, "a", 1, Integer.MAX_VALUE);
                    int wc = notifyChecked(t, aa, b, "b", 0, Integer.MAX_VALUE);
                    t.check(wb == nb && wc == nc, "notify(a, 1, MAX) returned " + wb + " for " + nb + " waiters and notify(b, 0, MAX) "
                            + wc + " for " + nc, nb + " and " + nc);
                }));
    }

    // ---- resolution on the loop thread -------------------------------------------------------

    private static Scenario resolvesOnLoopThread() {
        return Scenario.named("resolves-on-loop-thread").subject(SUBJECT)
                .proves("Promises resolve on the event loop's thread, whether notify is called from another thread or the "
                        + "waiter times out")
                .trials(10).budget(Duration.ofMillis(300))
                .body(withLoop((t, loop, aa) -> {
                    Thread loopThread = Loops.threadOf(loop);
                    AtomicIntegerArray a = new AtomicIntegerArray(2);
                    int notified = 6;
                    int timed = 4;
                    Watch w = new Watch(notified + timed);
                    int woke;
                    AtomicInteger wokeByHelper = new AtomicInteger();
                    // The loop is held: a promise resolved now can only have been resolved off the loop.
                    try (Loops.Gate g = Loops.hold(loop)) {
                        for (int k = 0; k < notified; k++) {
                            w.watch(k, mustWait(t, aa, a, "a", 0, 0, LONG_TIMEOUT));
                        }
                        for (int k = 0; k < timed; k++) {
                            w.watch(notified + k, mustWait(t, aa, a, "a", 1, 0, 1 + k));
                        }
                        woke = notifyChecked(t, aa, a, "a", 0, notified / 2);
                        Crew helper = t.crew("notifier", 1, i -> wokeByHelper.set(aa.notify(a, 0, notified)));
                        helper.start().join(HANG, "notify(a, 0, …) returns");
                        LockSupport.parkNanos(8_000_000L); // the timeouts pass while the loop is held
                    }
                    t.check(woke + wokeByHelper.get() == notified, "notify(a, 0, 3) from the grader's thread and notify(a, 0, 6) from "
                            + "thread notifier-0 returned " + woke + " and " + wokeByHelper.get(), "3 and 3");
                    if (!Loops.await(SETTLE, () -> w.resolved() == w.size)) {
                        throw t.fail(w.resolved() + " of " + w.size + " promises resolved within 5 s after the loop was free again",
                                "all: " + notified + " notified and " + timed + " timed out (timeouts 1 to 4 ms)");
                    }
                    for (int k = 0; k < w.size; k++) {
                        Thread by = w.thread(k);
                        if (by != loopThread) {
                            boolean timedOut = k >= notified;
                            throw t.fail(String.format(Locale.ROOT, "the promise of a waiter that %s was resolved on thread '%s'",
                                                    timedOut ? "timed out (timeout " + (k - notified + 1) + " ms)" :
                                                            "was notified from " + (k < notified / 2 ? "the grader's thread" : "thread notifier-0"),
                                                    by == null ? "?" : by.getName()),
                                            "on the loop's thread '" + loopThread.getName() + "'")
                                    .detail("The loop was held busy while notify ran and the timeouts passed, so a promise resolved then was "
                                            + "resolved by another thread. Complete promises inside loop.execute(…); time out with loop.schedule(…).");
                        }
                        String want = k < notified ? "ok" : "timed-out";
                        t.check(want.equals(w.value(k)), "a promise resolved to " + Watch.quote(w.value(k)), "\"" + want + "\"");
                    }
                }));
    }

    // ---- timeouts resolve "timed-out" and are removed -----------------------------------------

    private static Scenario timeoutsResolveTimedOut() {
        return Scenario.named("timeouts-resolve-timed-out").subject(SUBJECT)
                .proves("A waiter whose timeout passes resolves \"timed-out\" (not before its timeout) and is removed: notify "
                        + "no longer counts it; Long.MAX_VALUE (and other huge timeouts) wait until notified")
                .trials(6).budget(Duration.ofMillis(350))
                .body(withLoop((t, loop, aa) -> {
                    AtomicIntegerArray a = new AtomicIntegerArray(1);
                    long[] shortTimeouts = {5, 10, 20, 40, 5, 10, 20, 40};
                    long[] longTimeouts = {Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE / 2, (long) Integer.MAX_VALUE + 1,
                            LONG_TIMEOUT, Long.MAX_VALUE};
                    int ns = shortTimeouts.length;
                    int nl = longTimeouts.length;
                    Watch w = new Watch(ns + nl);
                    long[] registered = new long[ns + nl];
                    for (int k = 0; k < Math.max(ns, nl); k++) {
                        if (k < ns) {
                            registered[k] = System.nanoTime();
                            w.watch(k, mustWait(t, aa, a, "a", 0, 0, shortTimeouts[k]));
                        }
                        if (k < nl) {
                            registered[ns + k] = System.nanoTime();
                            w.watch(ns + k, mustWait(t, aa, a, "a", 0, 0, longTimeouts[k]));
                        }
                    }
                    if (!Loops.await(SETTLE, () -> countResolved(w, 0, ns) == ns)) {
                        for (int k = 0; k < ns; k++) {
                            if (!w.isResolved(k)) {
                                throw t.fail("a waiter with timeoutMillis = " + shortTimeouts[k] + " was still pending after 5 s",
                                        "its promise resolved \"timed-out\" once " + shortTimeouts[k] + " ms had passed");
                            }
                        }
                    }
                    for (int k = 0; k < ns; k++) {
                        double ms = (w.at(k) - registered[k]) / 1e6;
                        if (!"timed-out".equals(w.value(k))) {
                            throw t.fail("a waiter with timeoutMillis = " + shortTimeouts[k] + ", never notified, resolved to " + Watch.quote(w.value(k)),
                                    "\"timed-out\"");
                        }
                        if (ms < shortTimeouts[k] - 2) {
                            throw t.fail(String.format(Locale.ROOT, "a waiter with timeoutMillis = %d resolved \"timed-out\" after %.1f ms",
                                    shortTimeouts[k], ms), "no earlier than " + shortTimeouts[k] + " ms");
                        }
                    }
                    Loops.flush(loop, SETTLE);
                    for (int k = 0; k < nl; k++) {
                        if (w.isResolved(ns + k)) {
                            double ms = (w.at(ns + k) - registered[ns + k]) / 1e6;
                            throw t.fail(String.format(Locale.ROOT, "%s resolved %s after %.1f ms, without any notify",
                                            call("a", 0, 0, longTimeouts[k]), Watch.quote(w.value(ns + k)), ms),
                                    "still waiting: " + (longTimeouts[k] == Long.MAX_VALUE ? "Long.MAX_VALUE waits forever"
                                            : "a timeout of " + longTimeouts[k] + " ms is far away"))
                                    .detail("Adding a huge timeout to the current time overflows: compare durations, or treat "
                                            + "Long.MAX_VALUE as 'no timer'.");
                        }
                    }
                    int woke = notifyChecked(t, aa, a, "a", 0, Integer.MAX_VALUE);
                    if (woke != nl) {
                        throw t.fail("after " + ns + " of " + (ns + nl) + " waiters of a[0] timed out, notify(a, 0, Integer.MAX_VALUE) returned " + woke,
                                        nl + ": the waiters still waiting, and none of those that timed out")
                                .detail(woke > nl ? "A timed-out waiter must be removed from its list (or at least never counted again)." : "");
                    }
                    if (!Loops.await(SETTLE, () -> w.resolved() == ns + nl)) {
                        throw t.fail("notify returned " + woke + " but not every promise resolved within 5 s", "all resolved \"ok\"");
                    }
                    for (int k = 0; k < nl; k++) {
                        t.check("ok".equals(w.value(ns + k)), "a notified promise resolved to " + Watch.quote(w.value(ns + k)), "\"ok\"");
                    }
                    int again = notifyChecked(t, aa, a, "a", 0, Integer.MAX_VALUE);
                    t.check(again == 0, "notify(a, 0, …) after every waiter resolved returned " + again, "0");
                }));
    }

    // ---- resolved waiters leave no trace -----------------------------------------------------

    /** Timed-out waits done by the memory check, at most. */
    static final int MAX_TIMED_OUT_WAITS = 1_000_000;
    private static final int BATCH = 5_000;

    private static Scenario noTraceLeft() {
        return Scenario.named("no-trace-left").subject(SUBJECT)
                .proves("Timed-out and notified waiters leave no trace: their timers are cancelled, nothing keeps them, their "
                        + "promises or their arrays reachable, and memory stays flat over up to a million timed-out waits")
                .trials(1).budget(Duration.ofSeconds(3))
                .body(withLoop((t, loop, aa) -> {
                    unreachableAfterResolution(t, loop, aa);
                    flatOverManyTimeouts(t, loop, aa);
                }));
    }

    /** What the grader keeps of the waiters it made: weak references only. */
    private record Traces(List<WeakReference<AtomicIntegerArray>> timedOutArrays, List<WeakReference<AtomicIntegerArray>> notifiedArrays,
                          List<WeakReference<CompletableFuture<String>>> promises, AtomicInteger resolved, int total) {}

    private static void unreachableAfterResolution(Trial t, EventLoop loop, AsyncAtomics aa) throws InterruptedException {
        Traces tr = makeWaiters(t, aa);
        if (!Loops.await(SETTLE, () -> tr.resolved().get() == tr.total())) {
            throw t.fail(tr.resolved().get() + " of " + tr.total() + " promises resolved within 5 s",
                    "every waiter resolved: half timed out (1 to 3 ms), half notified");
        }
        Loops.flush(loop, SETTLE);
        // Per-waiter timers left behind show up as pending timers (a design may keep one timer of its own).
        if (!Loops.await(Duration.ofSeconds(1), () -> loop.pendingTimers() < 10)) {
            throw t.fail(loop.pendingTimers() + " timers still pending on the loop after every waiter was notified or timed out",
                            "none: a notified waiter's timer is cancelled")
                    .detail("Notified waiters had 60-second timeouts. An uncancelled timer keeps its waiter, promise and array "
                            + "reachable until it fires: call the Timer's cancel() when notify wakes the waiter.");
        }
        boolean clear = Loops.await(Duration.ofSeconds(2), () -> {
            System.gc();
            return alive(tr.timedOutArrays()) + alive(tr.notifiedArrays()) + alive(tr.promises()) == 0;
        });
        if (!clear) {
            int ta = alive(tr.timedOutArrays());
            int na = alive(tr.notifiedArrays());
            int p = alive(tr.promises());
            throw t.fail(String.format(Locale.ROOT, "after every waiter resolved and a full GC, %d of %d arrays of timed-out waiters, "
                                    + "%d of %d arrays of notified waiters and %d of %d promises are still reachable",
                            ta, tr.timedOutArrays().size(), na, tr.notifiedArrays().size(), p, tr.promises().size()),
                            "none: nothing keeps resolved waiters, their promises or their arrays reachable")
                    .detail("The grader kept only weak references; your AsyncAtomics (and the loop) were the only other holders. "
                            + "Look for a waiter list that stays in the map once it is empty, or a timed-out waiter that stays in its list.");
        }
    }

    private static Traces makeWaiters(Trial t, AsyncAtomics aa) {
        List<WeakReference<AtomicIntegerArray>> timedOut = new ArrayList<>();
        List<WeakReference<AtomicIntegerArray>> notified = new ArrayList<>();
        List<WeakReference<CompletableFuture<String>>> promises = new ArrayList<>();
        AtomicInteger resolved = new AtomicInteger();
        int total = 0;
        for (int k = 0; k < 40; k++) {
            AtomicIntegerArray a = new AtomicIntegerArray(2);
            boolean notify = k % 2 == 1;
            for (int j = 0; j < 3; j++) {
                int index = j % 2;
                long timeout = notify ? (j == 2 ? Long.MAX_VALUE : LONG_TIMEOUT) : 1 + (k + j) % 3;
                CompletableFuture<String> p = mustWait(t, aa, a, "a", index, 0, timeout);
                p.whenComplete((v, e) -> resolved.incrementAndGet());
                promises.add(new WeakReference<>(p));
                total++;
            }
            if (notify) {
                notifyChecked(t, aa, a, "a", 0, Integer.MAX_VALUE);
                notifyChecked(t, aa, a, "a", 1, Integer.MAX_VALUE);
                notified.add(new WeakReference<>(a));
            } else {
                timedOut.add(new WeakReference<>(a));
            }
        }
        return new Traces(timedOut, notified, promises, resolved, total);
    }

    private static int alive(List<? extends WeakReference<?>> refs) {
        int n = 0;
        for (WeakReference<?> r : refs) {
            if (r.get() != null) {
                n++;
            }
        }
        return n;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    /**
     * Batches of 5,000 waits with a 1 ms timeout (a third on one shared element, a third spread over
     * a shared array, a third on arrays of their own), each batch left to time out before the next;
     * the heap after a full GC is compared between the second batch and the last.
     */
    private static void flatOverManyTimeouts(Trial t, EventLoop loop, AsyncAtomics aa) throws InterruptedException {
        AtomicIntegerArray shared = new AtomicIntegerArray(1_024);
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        long budgetEnd = System.nanoTime() + 1_200_000_000L;
        long start = System.nanoTime();
        long baseline = -1;
        int baselineWaits = 0;
        int waits = 0;
        int batches = 0;
        // A million waits take about 10-30 s on a loaded 2-core machine: do what the time allows (at least 4 batches).
        while (waits < MAX_TIMED_OUT_WAITS && (batches < 4 || System.nanoTime() - budgetEnd < 0)) {
            int before = timedOut.get() + other.get();
            for (int k = 0; k < BATCH; k++) {
                AtomicIntegerArray a;
                int index;
                switch (k % 3) {
                    case 0 -> { a = shared; index = 0; }
                    case 1 -> { a = shared; index = 1 + k % 1_023; }
                    default -> { a = new AtomicIntegerArray(1); index = 0; }
                }
                WaitAsyncResult r = aa.waitAsync(a, index, 0, 1);
                if (r == null || !r.async() || r.promise() == null) {
                    throw t.fail("waitAsync(…, 0, 1) on an element holding 0 returned " + (r == null ? "null" : describe(r)),
                            "(async=true, value=null, promise)");
                }
                r.promise().whenComplete((v, e) -> {
                    if ("timed-out".equals(v)) {
                        timedOut.incrementAndGet();
                    } else {
                        other.incrementAndGet();
                    }
                });
            }
            waits += BATCH;
            batches++;
            int target = before + BATCH;
            if (!Loops.await(SETTLE, () -> timedOut.get() + other.get() >= target)) {
                throw t.fail(String.format(Locale.ROOT, "of a batch of %,d waits with a 1 ms timeout, only %,d resolved within 5 s",
                        BATCH, timedOut.get() + other.get() - before), "all of them \"timed-out\"");
            }
            if (other.get() > 0) {
                throw t.fail(other.get() + " waits with a 1 ms timeout, never notified, resolved to something else than \"timed-out\"",
                        "\"timed-out\"");
            }
            if (batches == 2) {
                baseline = usedAfterGc();
                baselineWaits = waits;
            }
        }
        long end = usedAfterGc();
        double seconds = (System.nanoTime() - start) / 1e9;
        long growth = end - baseline;
        int measured = waits - baselineWaits;
        t.metric("timed-out waits", String.format(Locale.ROOT, "%,d in %.1f s (up to %,d, as time allows)", waits, seconds,
                MAX_TIMED_OUT_WAITS));
        t.metric("heap after GC", String.format(Locale.ROOT, "%.1f MB after %,d waits, %.1f MB after %,d", baseline / 1e6, baselineWaits,
                end / 1e6, waits));
        long allowed = 1_500_000L + 16L * measured;
        if (growth > allowed) {
            throw t.fail(String.format(Locale.ROOT, "the heap after a full GC grew by %.1f MB over %,d timed-out waits (%.0f bytes per wait)",
                            growth / 1e6, measured, (double) growth / measured),
                            String.format(Locale.ROOT, "flat: less than %.1f MB of growth", allowed / 1e6))
                    .detail("Every wait timed out, so nothing should remain: not the waiter, its promise, its list, or its map entry.");
        }
        int left = notifyChecked(t, aa, shared, "shared", 0, Integer.MAX_VALUE);
        t.check(left == 0, "after " + waits + " waits on shared[0] and shared[1…] all timed out, notify(shared, 0, MAX) returned " + left,
                "0: timed-out waiters are removed");
    }

    // ---- no waiter is lost when notify races ------------------------------------------------

    private static Scenario noWaiterLost() {
        return Scenario.named("no-waiter-lost").subject(SUBJECT)
                .proves("No waiter is lost when notify races with timeouts (each waiter resolves exactly once, and notify's "
                        + "counts equal the promises resolved \"ok\"), nor when a store and a notify race with waitAsync's check")
                .trials(1).budget(Duration.ofMillis(1))
                .body(withLoop((t, loop, aa) -> {
                    Effort effort = Effort.of(900, 1_000, 4_000);
                    int round = 0;
                    Ticker ticker = Ticker.start();
                    try {
                        do {
                            switch (round % 3) {
                                case 0 -> notifyAfterDeadlineBeforeTimer(t, loop, aa);
                                case 1 -> storeAndNotifyRaceWait(t, aa);
                                default -> notifyRacesTimeouts(t, loop, aa, round);
                            }
                            round++;
                        } while (effort.more());
                    } finally {
                        ticker.stop();
                    }
                    t.metric("rounds", effort.summary());
                }));
    }

    /**
     * The loop is held until the waiters' deadlines have passed, so their timers are due but have
     * not run; then notify wakes some of them. A waiter still in its list is still waiting: notify
     * must win it, and its timer, when the loop runs it, must find it taken.
     */
    private static void notifyAfterDeadlineBeforeTimer(Trial t, EventLoop loop, AsyncAtomics aa) throws InterruptedException {
        int n = 12;
        AtomicIntegerArray a = new AtomicIntegerArray(1);
        Watch w = new Watch(n);
        int woke;
        int wake = 1 + t.random().nextInt(n - 1);
        try (Loops.Gate g = Loops.hold(loop)) {
            for (int k = 0; k < n; k++) {
                w.watch(k, mustWait(t, aa, a, "a", 0, 0, 1 + k % 2));
            }
            LockSupport.parkNanos(4_000_000L); // every deadline passes; the timers cannot run yet
            woke = notifyChecked(t, aa, a, "a", 0, wake);
        }
        if (!Loops.await(SETTLE, () -> w.resolved() == n)) {
            throw t.fail(w.resolved() + " of " + n + " promises resolved within 5 s after the loop was free again",
                    "all: " + wake + " notified, the others timed out");
        }
        int ok = 0;
        for (int k = 0; k < n; k++) {
            if ("ok".equals(w.value(k))) {
                ok++;
            }
        }
        if (woke != wake || ok != woke) {
            throw t.fail(String.format(Locale.ROOT, "%d waiters' deadlines (1-2 ms) passed while the loop was busy; then notify(a, 0, %d) "
                                    + "returned %d, and %d promises resolved \"ok\", %d \"timed-out\"", n, wake, woke, ok, n - ok),
                            String.format(Locale.ROOT, "notify returns %d (their timers had not run: they were still waiting) "
                                    + "and exactly %d promises resolve \"ok\"", wake, wake))
                    .detail("A due timer that has not run yet has not timed its waiter out. notify and the timer must both try "
                            + "one compare-and-set on the waiter's state: the loser does nothing.");
        }
    }

    /**
     * Many waiters whose deadlines pass while the loop is held; then the loop is let go and runs
     * their timers back to back while a notifier calls notify(a, 0, 1) again and again: both take
     * the oldest waiter at the same moments.
     */
    private static void notifyRacesTimeouts(Trial t, EventLoop loop, AsyncAtomics aa, int round) throws InterruptedException {
        int n = 200;
        AtomicIntegerArray a = new AtomicIntegerArray(1);
        Watch w = new Watch(n);
        AtomicLong notified = new AtomicLong();
        Done go = new Done();
        Crew notifier = t.crew("notifier", 1, i -> {
            while (!go.flag) {
                Thread.onSpinWait();
            }
            long until = System.nanoTime() + 3_000_000L;
            while (System.nanoTime() - until < 0) {
                notified.addAndGet(aa.notify(a, 0, 1));
            }
        });
        try (Loops.Gate g = Loops.hold(loop)) {
            for (int k = 0; k < n; k++) {
                w.watch(k, mustWait(t, aa, a, "a", 0, 0, 1 + round % 2));
            }
            notifier.start();
            LockSupport.parkNanos(3_000_000L); // every deadline passes while the loop is held
            go.flag = true;
        } // the loop now runs the due timers while the notifier notifies
        notifier.join(HANG, "the notifier's notify calls return");
        if (!Loops.await(SETTLE, () -> w.resolved() == n)) {
            for (int k = 0; k < n; k++) {
                if (!w.isResolved(k)) {
                    throw t.fail(String.format(Locale.ROOT, "waiter #%d never resolved: %d of %d promises resolved within 5 s",
                                    k + 1, w.resolved(), n),
                                    "every waiter resolves exactly once: \"ok\" when notified, \"timed-out\" otherwise")
                            .detail("A waiter was lost between a notify that took it and a timer that fired at the same moment: "
                                    + "decide between them with one compare-and-set on the waiter's state.");
                }
            }
        }
        Loops.flush(loop, SETTLE);
        int ok = 0;
        int timedOut = 0;
        for (int k = 0; k < n; k++) {
            String v = w.value(k);
            if ("ok".equals(v)) {
                ok++;
            } else if ("timed-out".equals(v)) {
                timedOut++;
            } else {
                throw t.fail("a promise resolved to " + Watch.quote(v), "\"ok\" or \"timed-out\"");
            }
        }
        if (ok != notified.get()) {
            throw t.fail(String.format(Locale.ROOT, "notify returned %d in total, but %d promises resolved \"ok\" (and %d \"timed-out\")",
                            notified.get(), ok, timedOut),
                            "as many \"ok\" as notify counted: " + notified.get())
                    .detail(n + " waiters whose timeouts had passed while the loop was busy; as the loop ran their timers, another "
                            + "thread called notify(a, 0, 1) again and again.")
                    .detail(ok < notified.get() ? "notify counted waiters whose timers were running at the same moment and resolved "
                            + "them \"timed-out\": a waiter must be claimed once, by a CAS that notify and the timer both try."
                            : "promises resolved \"ok\" that no notify counted.");
        }
        int left = notifyChecked(t, aa, a, "a", 0, Integer.MAX_VALUE);
        t.check(left == 0, "notify(a, 0, MAX) after every waiter resolved returned " + left, "0");
        t.metric("notify against timeouts (last round)", ok + " ok, " + timedOut + " timed out, of " + n);
    }

    private static final class Done {
        volatile boolean flag;
    }

    private static void storeAndNotifyRaceWait(Trial t, AsyncAtomics aa) throws InterruptedException {
        int rounds = 200;
        AtomicIntegerArray[] arrays = new AtomicIntegerArray[rounds];
        for (int k = 0; k < rounds; k++) {
            arrays[k] = new AtomicIntegerArray(1);
        }
        WaitAsyncResult[] results = new WaitAsyncResult[rounds];
        int[] counts = new int[rounds];
        int[] done = new int[2];
        SpinPair pair = new SpinPair(200_000_000L);
        long[] offsets = new long[rounds]; // who starts first, and by how much: sweeps the race window
        SplittableRandom random = t.random();
        for (int k = 0; k < rounds; k++) {
            offsets[k] = random.nextLong(-90, 31); // ~-450..150 ns: mostly the storer a little late, after the waiter's read
        }
        Crew waiter = t.crew("waiter", 1, i -> {
            try {
                for (int k = 0; k < rounds && pair.await(k + 1); k++) {
                    if (offsets[k] > 0) {
                        SpinPair.delay(offsets[k]);
                    }
                    results[k] = aa.waitAsync(arrays[k], 0, 0, LONG_TIMEOUT);
                    done[0] = k + 1;
                }
            } finally {
                pair.stop();
            }
        });
        Crew storer = t.crew("storer", 1, i -> {
            try {
                for (int k = 0; k < rounds && pair.await(k + 1); k++) {
                    if (offsets[k] < 0) {
                        SpinPair.delay(-offsets[k]);
                    }
                    arrays[k].set(0, 1);
                    counts[k] = aa.notify(arrays[k], 0, 1);
                    done[1] = k + 1;
                }
            } finally {
                pair.stop();
            }
        });
        waiter.start();
        storer.start();
        waiter.join(HANG, "the waiter's waitAsync calls return");
        storer.join(HANG, "the storer's notify calls return");
        int played = Math.min(done[0], done[1]);
        int notEqual = 0;
        int woken = 0;
        for (int k = 0; k < played; k++) {
            WaitAsyncResult r = results[k];
            if (r == null) {
                throw t.fail("waitAsync returned null", "a WaitAsyncResult");
            }
            if (r.async() && counts[k] == 0) {
                throw t.fail("waitAsync(a, 0, 0, 60000) returned a promise, yet the notify(a, 0, 1) that another thread made right after "
                                        + "storing 1 into a[0] returned 0",
                                "either \"not-equal\" (the waiter saw the store) or a promise that this notify wakes")
                        .detail("A lost wake-up: the waiter checked the value, the store and the notify came, and only then did the "
                                + "waiter enter the list. Re-check the value after enqueueing (and withdraw if it changed).")
                        .detail("Round " + (k + 1) + " of " + played + "; the waiter would sleep for its whole timeout.");
            }
            if (!r.async() && counts[k] != 0) {
                throw t.fail("waitAsync returned " + describe(r) + ", yet the concurrent notify(a, 0, 1) returned " + counts[k],
                        "notify counts only waiters that got a promise")
                        .detail("A waiter that withdraws after seeing the new value must first win the CAS on its state; "
                                + "if notify won it, return the promise instead (it resolves \"ok\").");
            }
            if (r.async()) {
                woken++;
                String v = awaitValue(r.promise());
                if (!"ok".equals(v)) {
                    throw t.fail("a waiter counted by notify resolved to " + Watch.quote(v), "\"ok\"");
                }
            } else {
                notEqual++;
                t.check("not-equal".equals(r.value()), "an immediate answer had value " + Watch.quote(r.value()), "\"not-equal\"");
            }
        }
        t.metric("store + notify against waitAsync (last round)", woken + " woken, " + notEqual + " not-equal, of " + played + " rounds");
    }

    // ---- latency ----------------------------------------------------------------------------

    static final int LATENCY_WAITERS = 1_000;
    static final double LATENCY_P99_MS = 10.0;
    private static final int LATENCY_TRIES = 5;

    private static Scenario notifyLatency() {
        return Scenario.named("notify-latency").subject(SUBJECT)
                .proves("With 1,000 waiters, notify-to-resolution latency stays under 10 ms at the 99th percentile "
                        + "(best of a few tries, as the machine may be shared)")
                .trials(1).budget(Duration.ofSeconds(3)).quiet()
                .body(withLoop((t, loop, aa) -> {
                    double bestP99 = Double.MAX_VALUE;
                    String best = "";
                    int tries = 0;
                    while (tries < LATENCY_TRIES && bestP99 > LATENCY_P99_MS) {
                        tries++;
                        double[] lat = latencies(t, loop, aa, LATENCY_WAITERS);
                        double p99 = lat[(int) Math.ceil(0.99 * lat.length) - 1];
                        if (p99 < bestP99) {
                            bestP99 = p99;
                            best = String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, max %.2f ms", lat[lat.length / 2], p99,
                                    lat[lat.length - 1]);
                        }
                    }
                    t.metric("notify → resolution, 1,000 waiters", best + " (best of " + tries + " tr" + (tries == 1 ? "y" : "ies") + ")");
                    if (bestP99 > LATENCY_P99_MS) {
                        throw t.fail(String.format(Locale.ROOT, "with 1,000 waiters on one element, the best of %d tries took %s from "
                                        + "notify(a, 0, 1000) to the resolution of the promises", tries, best),
                                        "under 10 ms at the 99th percentile")
                                .detail("Resolve woken promises promptly on the loop (one loop.execute per notify is enough): no polling, "
                                        + "no timer delay, no work that grows with the square of the waiters.");
                    }
                }));
    }

    /** One try: latency of each of {@code n} waiters from the notify call to its resolution, sorted, in ms. */
    static double[] latencies(Trial t, EventLoop loop, AsyncAtomics aa, int n) throws InterruptedException {
        AtomicIntegerArray a = new AtomicIntegerArray(1);
        Watch w = new Watch(n);
        for (int k = 0; k < n; k++) {
            w.watch(k, mustWait(t, aa, a, "a", 0, 0, k % 2 == 0 ? LONG_TIMEOUT : Long.MAX_VALUE));
        }
        Loops.flush(loop, SETTLE);
        long t0 = System.nanoTime();
        int woke = notifyChecked(t, aa, a, "a", 0, n);
        t.check(woke == n, "notify(a, 0, " + n + ") with " + n + " waiters returned " + woke, Integer.toString(n));
        if (!Loops.await(SETTLE, () -> w.resolved() == n)) {
            throw t.fail(w.resolved() + " of " + n + " notified promises resolved within 5 s", "all " + n);
        }
        double[] lat = new double[n];
        for (int k = 0; k < n; k++) {
            lat[k] = (w.at(k) - t0) / 1e6;
        }
        Arrays.sort(lat);
        return lat;
    }
}
