package level7;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Effort;
import ladder.grading.Outcomes;
import ladder.grading.Scenario;
import ladder.grading.Trial;
import ladder.level7.WorkStealingDeque;

/** The scenarios of {@code WorkStealingDeque}: every pushed element is taken exactly once. */
final class DequeScenarios {

    private static final String SUBJECT = "WorkStealingDeque";
    private static final Duration HANG = Duration.ofSeconds(20);

    private DequeScenarios() {}

    static List<Scenario> all() {
        return List.of(ownerRules(), lifoFifo(), exactlyOnce(), lastElementRace(), growthRace(), sizeEstimate());
    }

    // ---- owner rules and null ---------------------------------------------------------------

    private static Scenario ownerRules() {
        return Scenario.named("deque-owner-rules").subject(SUBJECT)
                .proves("push and pop only on the owner (the constructing thread), else IllegalStateException; "
                        + "push(null) is a NullPointerException, checked before ownership; steal from any thread")
                .trials(3).budget(Duration.ofMillis(150))
                .body(t -> {
                    WorkStealingDeque<String> mine = t.call("new WorkStealingDeque<>()", () -> new WorkStealingDeque<String>());
                    Expect.throwsType(t, NullPointerException.class, "push(null) by the owner", () -> mine.push(null));
                    t.call("push(\"a\") by the owner", () -> mine.push("a"));
                    t.call("push(\"b\") by the owner", () -> mine.push("b"));
                    AtomicReference<WorkStealingDeque<String>> theirs = new AtomicReference<>();
                    AtomicReference<String> stolen = new AtomicReference<>();
                    Crew other = t.crew("other", 1, i -> {
                        Expect.throwsType(t, IllegalStateException.class, "push(\"x\") by thread other-0, not the owner", () -> mine.push("x"));
                        Expect.throwsType(t, IllegalStateException.class, "pop() by thread other-0, not the owner", mine::pop);
                        Expect.throwsType(t, NullPointerException.class, "push(null) by thread other-0, not the owner "
                                + "(null is checked before ownership)", () -> mine.push(null));
                        stolen.set(mine.steal());
                        WorkStealingDeque<String> d = new WorkStealingDeque<>();
                        d.push("o");
                        theirs.set(d);
                    });
                    other.start().join(HANG, "thread other-0's calls return");
                    t.check("a".equals(stolen.get()), "after the owner pushed \"a\" then \"b\", steal() by another thread returned "
                            + quote(stolen.get()), "\"a\", the oldest");
                    int size = t.call("size()", mine::size);
                    t.check(size == 1, "after push(\"a\"), push(\"b\"), a steal and refused calls from another thread, size() = " + size, "1");
                    String popped = t.call("pop() by the owner", mine::pop);
                    t.check("b".equals(popped), "the owner's pop() returned " + quote(popped) + " after refused push(\"x\") from another thread",
                            "\"b\": refused calls change nothing");
                    t.check(t.call("pop() by the owner", mine::pop) == null, "pop() on an empty deque returned an element", "null");
                    WorkStealingDeque<String> d = theirs.get();
                    Expect.throwsType(t, IllegalStateException.class, "push(\"y\") by the grader's thread on a deque that thread other-0 "
                            + "created", () -> d.push("y"));
                    Expect.throwsType(t, IllegalStateException.class, "pop() by the grader's thread on a deque that thread other-0 created",
                            d::pop);
                    String s = t.call("steal()", d::steal);
                    t.check("o".equals(s), "steal() from a deque holding \"o\" returned " + quote(s), "\"o\"");
                });
    }

    private static String quote(Object o) {
        return o == null ? "null" : o instanceof String ? "\"" + o + "\"" : String.valueOf(o);
    }

    // ---- LIFO pop, FIFO steal, growth: single-threaded -----------------------------------------

    private static Scenario lifoFifo() {
        return Scenario.named("deque-lifo-fifo").subject(SUBJECT)
                .proves("On one thread: pop takes the newest element (LIFO), steal the oldest (FIFO), both null when empty; "
                        + "size() is exact; the deque grows without bound, also after steals have moved its start")
                .trials(6).budget(Duration.ofMillis(250))
                .body(t -> {
                    WorkStealingDeque<Integer> d = t.call("new WorkStealingDeque<>()", () -> new WorkStealingDeque<Integer>());
                    int n = 1_000 + t.random().nextInt(3_000);
                    for (int k = 0; k < n; k++) {
                        int v = k;
                        t.call("push(" + v + ")", () -> d.push(v));
                    }
                    checkSize(t, d, n, "push(0) … push(" + (n - 1) + ")");
                    for (int k = n - 1; k >= 0; k--) {
                        Integer got = t.call("pop()", d::pop);
                        if (got == null || got != k) {
                            throw t.fail("after push(0) … push(" + (n - 1) + ") and " + (n - 1 - k) + " pops, pop() returned " + got,
                                    k + " (the newest left)");
                        }
                    }
                    t.check(t.call("pop()", d::pop) == null, "pop() on an emptied deque returned an element", "null");
                    t.check(t.call("steal()", d::steal) == null, "steal() on an emptied deque returned an element", "null");
                    checkSize(t, d, 0, "pushing " + n + " and popping them all");
                    for (int k = 0; k < n; k++) {
                        int v = k;
                        t.call("push(" + v + ")", () -> d.push(v));
                    }
                    for (int k = 0; k < n; k++) {
                        Integer got = t.call("steal()", d::steal);
                        if (got == null || got != k) {
                            throw t.fail("after push(0) … push(" + (n - 1) + ") and " + k + " steals, steal() returned " + got,
                                    k + " (the oldest left)");
                        }
                    }
                    checkSize(t, d, 0, "pushing " + n + " and stealing them all");
                    // Growth after steals have moved the start: the elements wrap around the end of the array.
                    WorkStealingDeque<Integer> w = t.call("new WorkStealingDeque<>()", () -> new WorkStealingDeque<Integer>());
                    int lead = 1 + t.random().nextInt(7);
                    for (int k = 0; k < lead; k++) {
                        int v = k;
                        t.call("push(" + v + ")", () -> w.push(v));
                    }
                    for (int k = 0; k < lead; k++) {
                        t.call("steal()", w::steal);
                    }
                    int m = 3_000;
                    for (int k = 0; k < m; k++) {
                        int v = lead + k;
                        t.call("push(" + v + ")", () -> w.push(v));
                    }
                    checkSize(t, w, m, "push(0) … push(" + (lead - 1) + "), " + lead + " steals, push(" + lead + ") … push(" + (lead + m - 1) + ")");
                    for (int k = 0; k < m; k++) {
                        Integer got = t.call("steal()", w::steal);
                        if (got == null || got != lead + k) {
                            throw t.fail("after push(0) … push(" + (lead - 1) + "), " + lead + " steals, push(" + lead + ") … push(" + (lead + m - 1)
                                            + ") and " + k + " more steals, steal() returned " + got,
                                    (lead + k) + " (the oldest left)")
                                    .detail("The steals moved the start of the deque, so the elements wrapped around the end of the array "
                                            + "when it grew: copy index i of the old array to index i & (newLength - 1) of the new one.");
                        }
                    }
                    // Random operations against a model, on a new deque: growth after the start has moved.
                    WorkStealingDeque<Integer> fresh = t.call("new WorkStealingDeque<>()", () -> new WorkStealingDeque<Integer>());
                    randomAgainstModel(t, fresh, n);
                });
    }

    private static void randomAgainstModel(Trial t, WorkStealingDeque<Integer> d, int first) {
        ArrayDeque<Integer> model = new ArrayDeque<>();
        SplittableRandom r = t.random();
        int next = first;
        StringBuilder recent = new StringBuilder();
        for (int op = 0; op < 10_000; op++) {
            int pick = r.nextInt(100);
            int bias = (op / 1_000) % 2 == 0 ? 60 : 35; // phases that grow and phases that shrink
            if (pick < bias) {
                int v = next++;
                t.call("push(" + v + ")", () -> d.push(v));
                model.addLast(v);
                remember(recent, "push(" + v + ")");
            } else if (pick < bias + (100 - bias) / 2) {
                Integer got = t.call("pop()", d::pop);
                Integer want = model.pollLast();
                remember(recent, "pop()=" + got);
                if (!java.util.Objects.equals(got, want)) {
                    throw t.fail("pop() returned " + got + " after the operations …" + recent, want + " (the newest element)");
                }
            } else {
                Integer got = t.call("steal()", d::steal);
                Integer want = model.pollFirst();
                remember(recent, "steal()=" + got);
                if (!java.util.Objects.equals(got, want)) {
                    throw t.fail("steal() returned " + got + " after the operations …" + recent, want + " (the oldest element)");
                }
            }
            if (op % 97 == 0) {
                checkSize(t, d, model.size(), "the operations …" + recent);
            }
        }
    }

    private static void remember(StringBuilder recent, String op) {
        recent.append(' ').append(op);
        if (recent.length() > 160) {
            recent.delete(0, recent.indexOf(" ", recent.length() - 160));
        }
    }

    private static void checkSize(Trial t, WorkStealingDeque<?> d, int want, String after) {
        int size = t.call("size()", d::size);
        if (size != want) {
            throw t.fail("size() = " + size + " after " + after + ", with no operation running", Integer.toString(want));
        }
    }

    // ---- every element exactly once, under concurrency ---------------------------------------

    /** Who took each element: 0 = nobody yet, 1 = the owner, 2 + i = thief i. Lock-free, not to slow the race down. */
    private static final class Ledger {
        final AtomicIntegerArray takenBy;
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicReference<String> firstProblem = new AtomicReference<>();

        Ledger(int n) {
            takenBy = new AtomicIntegerArray(n);
        }

        /** Records that {@code who} took {@code e}. */
        void take(Object e, int who, int pushed) {
            if (!(e instanceof Integer v) || v < 0 || v >= pushed) {
                firstProblem.compareAndSet(null, who(who) + " got " + quote(e) + ", which was never pushed");
                return;
            }
            int before = takenBy.compareAndExchange(v, 0, who);
            if (before != 0) {
                duplicates.incrementAndGet();
                firstProblem.compareAndSet(null, "element " + v + " was taken twice: by " + who(before) + " and by " + who(who));
            }
        }

        static String who(int code) {
            return code == 1 ? "the owner's pop()" : "thief-" + (code - 2) + "'s steal()";
        }

        /** The first element pushed but never taken, or -1. */
        int firstMissing(int pushed) {
            for (int k = 0; k < pushed; k++) {
                if (takenBy.get(k) == 0) {
                    return k;
                }
            }
            return -1;
        }

        int countMissing(int pushed) {
            int c = 0;
            for (int k = 0; k < pushed; k++) {
                if (takenBy.get(k) == 0) {
                    c++;
                }
            }
            return c;
        }
    }

    /**
     * The owner pushes {@code n} elements in bursts and pops some back, {@code thieves} threads steal all
     * along; at the end the owner pops until empty. Every element must be taken exactly once.
     *
     * @param fresh a new deque every {@code fresh} elements (0: one deque), so that it grows from its
     *              initial capacity again and again while thieves steal
     * @param popAll the owner pops after each burst until it finds the deque empty: top then moves
     *               with every last-element race, and the array's slots are reused lap after lap
     */
    private static void run(Trial t, int n, int thieves, int fresh, int maxBurst, boolean popAll, String what)
            throws InterruptedException {
        Ledger ledger = new Ledger(n);
        AtomicReference<WorkStealingDeque<Integer>> current = new AtomicReference<>();
        Done done = new Done();
        long seed = t.random().nextLong();
        Crew owner = t.crew("owner", 1, i -> {
            try {
                SplittableRandom r = new SplittableRandom(seed);
                WorkStealingDeque<Integer> d = new WorkStealingDeque<>();
                current.set(d);
                int pushed = 0;
                while (pushed < n) {
                    if (fresh > 0 && pushed > 0 && pushed % fresh == 0) {
                        for (Integer e; (e = d.pop()) != null; ) {
                            ledger.take(e, 1, n);
                        }
                        d = new WorkStealingDeque<>();
                        current.set(d);
                    }
                    int burst = 1 + r.nextInt(maxBurst);
                    int limit = fresh > 0 ? Math.min(n, (pushed / fresh + 1) * fresh) : n;
                    for (int k = 0; k < burst && pushed < limit; k++) {
                        d.push(pushed++);
                    }
                    int pops = popAll ? burst + 1 : r.nextInt(4) == 0 ? r.nextInt(burst + 1) : 0;
                    for (int k = 0; k < pops; k++) {
                        Integer e = d.pop();
                        if (e != null) {
                            ledger.take(e, 1, n);
                        }
                    }
                }
                for (Integer e; (e = d.pop()) != null; ) {
                    ledger.take(e, 1, n);
                }
            } finally {
                done.owner = true;
            }
        });
        Crew thief = t.crew("thief", thieves, i -> {
            int stolen = 0;
            while (!done.owner) {
                WorkStealingDeque<Integer> d = current.get();
                if (d == null) {
                    Thread.onSpinWait();
                    continue;
                }
                Integer e = d.steal();
                if (e != null) {
                    ledger.take(e, 2 + i, n);
                    stolen++;
                } else if ((stolen & 7) == 0) {
                    Thread.onSpinWait();
                }
            }
        });
        thief.start();
        owner.start();
        owner.join(HANG, "the owner's pushes and pops return");
        thief.join(HANG, "every thief's steal() returns");
        if (ledger.firstProblem.get() != null) {
            throw t.fail(ledger.firstProblem.get() + " (" + what + ")", "every pushed element taken exactly once, by the owner or by one thief")
                    .detail(ledger.duplicates.get() > 0 ? "Duplicates come from a take without a successful CAS on top (a thief's "
                            + "steal, or the owner's pop of the last element), or from reading the slot after that CAS." : "");
        }
        int missing = ledger.countMissing(n);
        if (missing > 0) {
            int first = ledger.firstMissing(n);
            WorkStealingDeque<Integer> d = current.get();
            int size = d == null ? -1 : d.size();
            throw t.fail(String.format(Locale.ROOT, "%,d of %,d pushed elements were never taken (element %d is the first), although the "
                            + "owner's pop() returned null at the end and size() is %d", missing, n, first, size) + " (" + what + ")",
                    "every pushed element taken exactly once, by the owner or by one thief")
                    .detail("Lost elements come from a steal or pop that moved top or bottom without returning the element (null read "
                            + "from a slot), a grow that copies the wrong range, or a pop of an empty deque that does not restore bottom.");
        }
    }

    private static final class Done {
        volatile boolean owner;
    }

    private static Scenario exactlyOnce() {
        return Scenario.named("deque-exactly-once").subject(SUBJECT)
                .proves("Every pushed element is taken exactly once, by the owner (push and pop) or one of several thieves (steal): "
                        + "the taken elements are a permutation of the pushed ones")
                .trials(1).budget(Duration.ofMillis(1))
                .body(t -> {
                    Effort effort = Effort.of(500, 600, 3_000);
                    Ticker ticker = Ticker.start();
                    int round = 0;
                    try {
                        do {
                            if (round % 3 == 1) {
                                thievesRace(t);
                            } else {
                                int thieves = 1 + round % 4;
                                boolean nearEmpty = round % 3 == 2;
                                run(t, 20_000, thieves, 0, nearEmpty ? 3 : 48, nearEmpty,
                                        (nearEmpty ? "an owner keeping the deque nearly empty (push 1 to 3, pop them all back), "
                                                : "an owner pushing in bursts and popping some back, ")
                                                + thieves + " thie" + (thieves == 1 ? "f" : "ves") + " stealing");
                            }
                            round++;
                        } while (effort.more());
                    } finally {
                        ticker.stop();
                    }
                    t.metric("rounds", effort.summary());
                });
    }

    /**
     * Two thieves released together, round after round, each stealing once from a deque the owner
     * filled beforehand: they race for the same top element. The owner takes the rest at the end.
     */
    private static void thievesRace(Trial t) throws InterruptedException {
        int n = 1_000;
        Ledger ledger = new Ledger(n);
        AtomicReference<WorkStealingDeque<Integer>> deque = new AtomicReference<>();
        Done filled = new Done();
        Done finished = new Done();
        long[] offsets = new long[n];
        for (int k = 0; k < n; k++) {
            offsets[k] = t.random().nextLong(-40, 41); // ±200 ns, in SpinPair.delay units (~5 ns)
        }
        SpinPair pair = new SpinPair(150_000_000L);
        Crew owner = t.crew("owner", 1, i -> {
            WorkStealingDeque<Integer> d = new WorkStealingDeque<>();
            for (int k = 0; k < n; k++) {
                d.push(k);
            }
            deque.set(d);
            filled.owner = true;
            while (!finished.owner) {
                LockSupport.parkNanos(100_000L);
            }
            for (Integer e; (e = d.pop()) != null; ) {
                ledger.take(e, 1, n);
            }
        });
        AtomicInteger done = new AtomicInteger();
        Crew thief = t.crew("thief", 2, i -> {
            try {
                while (!filled.owner) {
                    Thread.onSpinWait();
                }
                WorkStealingDeque<Integer> d = deque.get();
                for (int k = 0; k < n && pair.await(k + 1); k++) {
                    long off = i == 0 ? offsets[k] : -offsets[k];
                    if (off > 0) {
                        SpinPair.delay(off);
                    }
                    Integer e = d.steal();
                    if (e != null) {
                        ledger.take(e, 2 + i, n);
                    }
                }
            } finally {
                pair.stop();
                if (done.incrementAndGet() == 2) {
                    finished.owner = true;
                }
            }
        });
        owner.start();
        thief.start();
        thief.join(HANG, "the thieves' steal() calls return");
        owner.join(HANG, "the owner's pushes and pops return");
        if (ledger.firstProblem.get() != null) {
            throw t.fail(ledger.firstProblem.get() + " (two thieves released together, round after round, racing for the top element)",
                    "every pushed element taken exactly once, by the owner or by one thief")
                    .detail("Two thieves that read the same top must not both take its element: only the one whose "
                            + "compare-and-set on top succeeds may return it.");
        }
        int missing = ledger.countMissing(n);
        if (missing > 0) {
            throw t.fail(String.format(Locale.ROOT, "%d of %d elements were never taken (element %d is the first) after two thieves raced "
                            + "for the top element and the owner popped until empty", missing, n, ledger.firstMissing(n)),
                    "every pushed element taken exactly once");
        }
    }

    private static Scenario growthRace() {
        return Scenario.named("deque-growth-race").subject(SUBJECT)
                .proves("Every element is taken exactly once while the deque grows: pushes far past the initial capacity while "
                        + "thieves steal from the array being replaced")
                .trials(1).budget(Duration.ofMillis(1))
                .body(t -> {
                    Effort effort = Effort.of(450, 500, 3_000);
                    Ticker ticker = Ticker.start();
                    int round = 0;
                    try {
                        do {
                            int thieves = 1 + round % 3; // a lone thief's late CAS still succeeds: what it read is what it returns
                            int[] fresh = {256, 1_500, 10_000};
                            run(t, 30_000, thieves, fresh[round % fresh.length], 128, false,
                                    "new deques filled far past their initial capacity, " + thieves + " thie" + (thieves == 1 ? "f" : "ves")
                                            + " stealing as they grow");
                            round++;
                        } while (effort.more());
                    } finally {
                        ticker.stop();
                    }
                    t.metric("rounds", effort.summary());
                });
    }

    // ---- the race for the last element ------------------------------------------------------

    private static Scenario lastElementRace() {
        return Scenario.named("deque-last-element-race").subject(SUBJECT)
                .proves("The race for the last element: the owner's pop() and a thief's steal() on a one-element deque, many "
                        + "rounds: exactly one of them gets it")
                .trials(20).budget(Duration.ofMillis(400))
                .body(t -> {
                    int rounds = 2_000;
                    Outcomes<String> table = Outcomes.<String>of("owner pop() against thief steal() on a deque holding one element")
                            .acceptable("owner", "the owner's pop() got it, the thief's steal() returned null")
                            .acceptable("thief", "the thief's steal() got it, the owner's pop() returned null")
                            .forbidden("both", "both got it: the element was taken twice")
                            .forbidden("neither, still there", "pop() returned null although the element was still in the deque")
                            .forbidden("neither, lost", "nobody got it, and it is gone from the deque")
                            .otherwise("a value that was never pushed");
                    AtomicReference<WorkStealingDeque<Integer>> deque = new AtomicReference<>();
                    Integer[] stolen = new Integer[rounds];
                    long[] offsets = new long[rounds]; // who starts first, and by how much: sweeps the race window
                    for (int k = 0; k < rounds; k++) {
                        offsets[k] = t.random().nextLong(-40, 41); // ±200 ns, in SpinPair.delay units (~5 ns)
                    }
                    SpinPair pair = new SpinPair(250_000_000L);
                    Crew owner = t.crew("owner", 1, i -> {
                        try {
                            WorkStealingDeque<Integer> d = new WorkStealingDeque<>();
                            deque.set(d);
                            for (int k = 0; k < rounds; k++) {
                                d.push(k);
                                if (!pair.await(2 * k + 1)) {
                                    return;
                                }
                                if (offsets[k] > 0) {
                                    SpinPair.delay(offsets[k]);
                                }
                                Integer mine = d.pop();
                                if (!pair.await(2 * k + 2)) { // the thief's steal() has returned
                                    return;
                                }
                                Integer theirs = stolen[k];
                                String o;
                                if (mine != null && theirs != null) {
                                    o = "both";
                                } else if (mine != null) {
                                    o = mine == k ? "owner" : "wrong";
                                } else if (theirs != null) {
                                    o = theirs == k ? "thief" : "wrong";
                                } else {
                                    o = d.pop() != null ? "neither, still there" : "neither, lost";
                                }
                                table.record(o);
                            }
                        } finally {
                            pair.stop();
                        }
                    });
                    Crew thief = t.crew("thief", 1, i -> {
                        try {
                            while (deque.get() == null) {
                                Thread.onSpinWait();
                            }
                            WorkStealingDeque<Integer> d = deque.get();
                            for (int k = 0; k < rounds; k++) {
                                if (!pair.await(2 * k + 1)) {
                                    return;
                                }
                                if (offsets[k] < 0) {
                                    SpinPair.delay(-offsets[k]);
                                }
                                stolen[k] = d.steal();
                                if (!pair.await(2 * k + 2)) {
                                    return;
                                }
                            }
                        } finally {
                            pair.stop();
                        }
                    });
                    thief.start();
                    owner.start();
                    owner.join(HANG, "the owner's push and pop calls return");
                    thief.join(HANG, "the thief's steal() calls return");
                    t.metric("outcomes (last trial)", table.counts());
                });
    }

    // ---- size() -----------------------------------------------------------------------------

    private static Scenario sizeEstimate() {
        return Scenario.named("deque-size").subject(SUBJECT)
                .proves("size() is never negative, even while the owner pops an empty deque and thieves steal, and exact when "
                        + "no operation is running")
                .trials(20).budget(Duration.ofMillis(250))
                .body(t -> {
                    Done done = new Done();
                    AtomicReference<WorkStealingDeque<Integer>> deque = new AtomicReference<>();
                    AtomicInteger worst = new AtomicInteger();
                    Crew owner = t.crew("owner", 1, i -> {
                        try {
                            WorkStealingDeque<Integer> d = new WorkStealingDeque<>();
                            deque.set(d);
                            long end = System.nanoTime() + 15_000_000L;
                            int v = 0;
                            while (System.nanoTime() - end < 0) {
                                int k = 1 + (v & 3);
                                for (int j = 0; j < k; j++) {
                                    d.push(v++);
                                }
                                for (int j = 0; j < k + 2; j++) {
                                    d.pop(); // the last ones find it empty (or emptied by a thief)
                                }
                            }
                        } finally {
                            done.owner = true;
                        }
                    });
                    Crew others = t.crew("reader", 2, i -> {
                        while (!done.owner) {
                            WorkStealingDeque<Integer> d = deque.get();
                            if (d == null) {
                                Thread.onSpinWait();
                                continue;
                            }
                            if (i == 0) {
                                d.steal();
                            }
                            int s = d.size();
                            if (s < 0) {
                                worst.accumulateAndGet(s, Math::min);
                                throw t.fail("size() returned " + s + " while the owner pushed and popped and a thief stole",
                                        "never negative: clamp bottom - top at 0 (pop lowers bottom for a moment before it finds the deque empty)");
                            }
                        }
                    });
                    others.start();
                    owner.start();
                    owner.join(HANG, "the owner's calls return");
                    others.join(HANG, "size() and steal() return");
                    WorkStealingDeque<Integer> d = deque.get();
                    int s = t.call("size()", d::size);
                    t.check(s == 0, "size() = " + s + " after the owner popped until empty and every thread stopped", "0");
                });
    }

    @SuppressWarnings("unused")
    private static String list(int[] a) {
        return Arrays.toString(a);
    }
}
