package level1;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Hang;
import ladder.grading.Trial;
import ladder.grading.Violation;
import ladder.grading.result.ThreadReport;
import ladder.level1.BoundedQueue;

/**
 * Producers and consumers sharing one queue, with a ledger of everything that went in and came
 * out, checked as a whole at the end.
 *
 * <p>Every element is an {@link Item} tagged with its producer, its sequence number and the
 * attempt (a put that threw InterruptedException is retried with a fresh element). Each consumer
 * keeps what it took, in order. Consumers share a pool of exactly as many "reservations" as
 * elements put, so together they take exactly that many and then stop: no poison pills, and a
 * lost element shows up as a consumer that cannot finish.
 *
 * <p>Progress is watched instead of a fixed deadline: the trial is declared stuck only when no
 * put or take has returned for {@link #stall} (seconds, so a loaded machine never trips it). A
 * stuck trial is then diagnosed: the queue is probed with {@code size()} and {@code poll()} so
 * the verdict can say "consumers sleep while the queue holds an element" (a lost wake-up) apart
 * from "the element is gone" (lost).
 */
final class Traffic {

    // ---- configuration (set before run)
    int capacity = 4;
    int producers = 3;
    int consumers = 3;
    int perProducer = 300;
    /** Percent of puts made as offer() retried a few times (then put()). */
    int offerPercent;
    /** Percent of takes made as poll() first (then take() if it returned null). */
    int pollPercent;
    /** Random unparks of producers and consumers (catches park without re-check). */
    boolean chaos;
    /** Up to this many nanoseconds of busy-wait between two operations of a thread. */
    long jitterNanos;
    /** offer() retries spin until accepted, never falling back to put() (producers crowd a full queue). */
    boolean offerSpins;
    /**
     * Consumers only poll(), retrying at once on null instead of falling back to take(): a tight
     * loop that keeps the queue busy (its lock, if it has one, is taken most of the time).
     */
    boolean pollSpins;

    /** An interrupter thread interrupts producers and consumers at random. */
    boolean interrupts;
    /** Producers, consumers and the probe check that puts returned minus takes begun never exceeds capacity. */
    boolean boundCheck;
    /** A probe thread checks 0 <= size() <= capacity all the time. */
    boolean sizeProbe;
    /** No put or take returning for this long counts as stuck. */
    Duration stall = Duration.ofSeconds(3);

    // ---- state of a run
    private final Trial trial;
    private BoundedQueue<Item> queue;
    private int total;
    private final AtomicInteger reservations = new AtomicInteger();
    private final AtomicInteger putsReturned = new AtomicInteger();
    private final AtomicInteger takesBegun = new AtomicInteger();
    private final AtomicInteger takesReturned = new AtomicInteger();
    private final AtomicInteger interruptedPuts = new AtomicInteger();
    private final AtomicInteger interruptedTakes = new AtomicInteger();
    private final AtomicInteger interruptsSent = new AtomicInteger();
    private final AtomicInteger quitsLeft = new AtomicInteger();
    private final AtomicLong progress = new AtomicLong();
    private final AtomicInteger maxSeenBound = new AtomicInteger();
    private AtomicIntegerArray[] succeeded; // [producer].get(seq): attempt whose put returned, or -1
    private AtomicIntegerArray started;     // producers then consumers: 1 once their body runs
    private AtomicIntegerArray finished;
    private Sink[] got;                     // what each consumer took, in order
    private long[] seeds;
    private volatile boolean stop;

    private List<Object> leftovers = List.of();

    Traffic(Trial trial) {
        this.trial = trial;
    }

    /** What one consumer took, in order. One writer (the consumer); readers see a prefix. */
    static final class Sink {
        private final Object[] items;
        private volatile int size;

        Sink(int max) {
            items = new Object[max];
        }

        void add(Object o) {
            int n = size;
            items[n] = o;
            size = n + 1;
        }

        int size() {
            return size;
        }

        Object get(int i) {
            return items[i];
        }
    }

    int putsReturned() {
        return putsReturned.get();
    }

    int interruptedPuts() {
        return interruptedPuts.get();
    }

    int interruptedTakes() {
        return interruptedTakes.get();
    }

    int interruptsSent() {
        return interruptsSent.get();
    }

    /** The largest "puts returned minus takes begun" the bound check saw (a lower bound of the contents). */
    int maxSeenBound() {
        return maxSeenBound.get();
    }

    /** Runs the traffic to the end; throws a verdict when it gets stuck or a worker saw a violation. */
    void run() throws InterruptedException {
        total = producers * perProducer;
        reservations.set(total);
        quitsLeft.set(consumers - 1);
        queue = trial.call("new BoundedQueue<>(" + capacity + ")", () -> new BoundedQueue<Item>(capacity));
        succeeded = new AtomicIntegerArray[producers];
        for (int p = 0; p < producers; p++) {
            succeeded[p] = new AtomicIntegerArray(perProducer);
            for (int s = 0; s < perProducer; s++) {
                succeeded[p].set(s, -1);
            }
        }
        got = new Sink[consumers];
        for (int c = 0; c < consumers; c++) {
            got[c] = new Sink(total);
        }
        started = new AtomicIntegerArray(producers + consumers);
        finished = new AtomicIntegerArray(producers + consumers);
        seeds = new long[producers + consumers + 2];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = trial.random().nextLong();
        }

        Crew prod = trial.crew("producer", producers, this::produce);
        Crew cons = trial.crew("consumer", consumers, this::consume);
        if (chaos) {
            prod.withRandomUnparks();
            cons.withRandomUnparks();
        }
        Crew probe = sizeProbe ? trial.crew("size-probe", 1, i -> probe()) : null;
        List<Thread> targets = new ArrayList<>(prod.threads());
        targets.addAll(cons.threads());
        Crew interrupter = interrupts ? trial.crew("interrupter", 1, i -> interrupt(targets)) : null;
        List<Crew> all = new ArrayList<>(List.of(prod, cons));
        if (probe != null) {
            all.add(probe);
        }
        if (interrupter != null) {
            all.add(interrupter);
        }
        try {
            for (Crew c : all) {
                c.start();
            }
            long last = -1;
            long lastChange = System.nanoTime();
            while (prod.finishedCount() < producers || cons.finishedCount() < consumers) {
                prod.rethrow();
                cons.rethrow();
                if (probe != null) {
                    probe.rethrow();
                }
                LockSupport.parkNanos(2_000_000L);
                long now = System.nanoTime();
                long p = progress.get();
                if (p != last) {
                    last = p;
                    lastChange = now;
                } else if (now - lastChange > stall.toNanos()) {
                    throw stuck(prod, cons);
                }
            }
            stop = true;
            for (Crew c : all) {
                c.join(Duration.ofSeconds(5), "the grader's threads finish");
            }
        } finally {
            stop = true;
            for (Crew c : all) {
                Calls.stop(c);
            }
        }
    }

    // ------------------------------------------------------------------ workers

    private void produce(int p) throws InterruptedException {
        started.set(p, 1);
        SplittableRandom rnd = new SplittableRandom(seeds[p]);
        try {
            for (int seq = 0; seq < perProducer && !stop; seq++) {
                for (int attempt = 0; ; attempt++) {
                    Item it = new Item(p, seq, attempt);
                    try {
                        if (offerPercent > 0 && rnd.nextInt(100) < offerPercent) {
                            offerThenPut(it);
                        } else {
                            queue.put(it);
                        }
                    } catch (InterruptedException ie) {
                        interruptedPuts.incrementAndGet();
                        if (stop) {
                            return;
                        }
                        continue; // it threw, so it did not insert: retry with a fresh element
                    }
                    succeeded[p].set(seq, attempt);
                    int returned = putsReturned.incrementAndGet();
                    progress.incrementAndGet();
                    if (boundCheck) {
                        checkBound(returned, takesBegun.get(), it + "'s put() returned");
                    }
                    break;
                }
                jitter(rnd);
            }
        } finally {
            finished.set(p, 1);
        }
    }

    private void offerThenPut(Item it) throws InterruptedException {
        for (int tries = 1; !queue.offer(it); tries++) {
            if (tries > 40 && !offerSpins) {
                queue.put(it);
                return;
            }
            if ((tries & 7) == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void consume(int c) {
        int slot = producers + c;
        started.set(slot, 1);
        SplittableRandom rnd = new SplittableRandom(seeds[slot]);
        Sink sink = got[c];
        try {
            int ops = 0;
            while (!stop) {
                int r = reservations.get();
                if (r <= 0) {
                    if (takesReturned.get() >= total) {
                        return;
                    }
                    Thread.interrupted(); // an interrupt meant for a take, landed in the grader's wait: drop it
                    LockSupport.parkNanos(20_000L);
                    continue;
                }
                if (!reservations.compareAndSet(r, r - 1)) {
                    continue;
                }
                if (boundCheck) {
                    // Between two takes of this consumer: with a single consumer no take is in
                    // flight now, so the bound is the exact contents (with more, still sound).
                    int returned = putsReturned.get();
                    checkBound(returned, takesBegun.get(), "consumer-" + c + " looked between two takes");
                }
                while (true) {
                    try {
                        Object x = null;
                        if (pollSpins) {
                            // A tight loop on purpose: it keeps the queue's lock (if it has one)
                            // busy, so producers meet it between their capacity check and insert.
                            while (x == null) {
                                x = pollOnce();
                                if (x == null && stop) {
                                    return;
                                }
                            }
                        } else if (pollPercent > 0 && rnd.nextInt(100) < pollPercent) {
                            x = pollOnce();
                        }
                        if (x == null) {
                            takesBegun.incrementAndGet();
                            x = queue.take();
                        }
                        sink.add(x);
                        takesReturned.incrementAndGet();
                        progress.incrementAndGet();
                        break;
                    } catch (InterruptedException ie) {
                        interruptedTakes.incrementAndGet();
                        if (stop) {
                            return;
                        }
                        // An interrupted consumer sometimes leaves for good, as a cancelled worker
                        // does: the others must still get every element (never the last one).
                        if (rnd.nextInt(4) == 0 && quitsLeft.getAndDecrement() > 0) {
                            reservations.incrementAndGet();
                            return;
                        }
                    }
                }
                if (sizeProbe && (++ops & 7) == 0) {
                    checkSize(queue.size());
                }
                jitter(rnd);
            }
        } finally {
            finished.set(slot, 1);
        }
    }

    /**
     * One poll(), counted as a take that began. A poll that returns null removed nothing, so it
     * is taken back out of the count once it returned (this keeps the occupancy bound tight).
     */
    private Object pollOnce() {
        takesBegun.incrementAndGet();
        Object x = queue.poll();
        if (x == null) {
            takesBegun.decrementAndGet();
        }
        return x;
    }

    private void probe() {
        int n = 0;
        while (!stop) {
            int returned = putsReturned.get(); // read first: see checkBound
            int begun = takesBegun.get();
            checkSize(queue.size());
            if (boundCheck) {
                checkBound(returned, begun, "the probe looked");
            }
            if ((++n & 15) == 0) {
                LockSupport.parkNanos(5_000L);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void interrupt(List<Thread> targets) {
        SplittableRandom rnd = new SplittableRandom(seeds[seeds.length - 1]);
        while (!stop) {
            LockSupport.parkNanos(rnd.nextLong(20_000L, 300_000L));
            int i = rnd.nextInt(targets.size());
            if (started.get(i) == 1 && finished.get(i) == 0) {
                targets.get(i).interrupt();
                interruptsSent.incrementAndGet();
            }
        }
    }

    private void jitter(SplittableRandom rnd) {
        if (jitterNanos > 0 && rnd.nextInt(4) == 0) {
            Trial.spin(rnd.nextLong(1, jitterNanos + 1));
        }
    }

    /**
     * The occupancy bound. {@code returned} (puts that had returned, read first) is at most the
     * number of puts that took effect by then; {@code begun} (takes and polls that had started,
     * minus polls that returned null, read later) is at least the number of removals that took
     * effect by the first read. So returned - begun is a lower bound of what the queue held at
     * that moment, for any queue whose poll() removes nothing when it returns null: above
     * capacity, the queue really held more than capacity elements.
     */
    private void checkBound(int returned, int begun, String when) {
        int atLeast = returned - begun;
        maxSeenBound.accumulateAndGet(atLeast, Math::max);
        if (atLeast > capacity) {
            throw trial.fail("when " + when + ", " + returned + " puts had returned and only " + begun
                            + " takes had even begun: the queue held at least " + atLeast
                            + " elements at capacity " + capacity,
                    "never more than capacity elements in the queue: put() waits and offer() fails while it is full")
                    .detail("Look for a capacity check and the insert that follows it done as two separate steps:"
                            + " two producers can both pass the check before either inserts.");
        }
    }

    private void checkSize(int s) {
        if (s < 0 || s > capacity) {
            throw trial.fail("size() returned " + s + " at capacity " + capacity + " while producers and consumers ran",
                    "0 <= size() <= capacity at every moment")
                    .detail("size() must never show a half-done operation: a count raised before the"
                            + " capacity check (or lowered before the emptiness check) is visible to size().");
        }
    }

    // ------------------------------------------------------------------ verdicts

    /** Every element put was taken exactly once, nothing else came out, and nothing is left. */
    void checkExactlyOnce() throws InterruptedException {
        checkReturnedElements();
        drainLeftovers();
        int[][] count = new int[producers][perProducer];
        int[][] firstTaker = new int[producers][perProducer];
        int[][] firstIndex = new int[producers][perProducer];
        List<String> duplicates = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            Sink s = got[c];
            for (int i = 0; i < s.size(); i++) {
                Item it = (Item) s.get(i);
                int ok = succeeded[it.producer].get(it.seq);
                if (it.attempt != ok) {
                    throw trial.fail("the put of " + it + " threw InterruptedException, yet consumer-" + c
                                    + " took that very element (its take number " + (i + 1) + ")",
                            "a put() that throws InterruptedException has not inserted its element")
                            .detail(interruptLine())
                            .detail("Decide before throwing: if the element went in, return normally"
                                    + " (keeping the interrupt status set); if you throw, it must not be in the queue.");
                }
                int n = ++count[it.producer][it.seq];
                if (n == 1) {
                    firstTaker[it.producer][it.seq] = c;
                    firstIndex[it.producer][it.seq] = i;
                } else if (n == 2 && duplicates.size() < 3) {
                    duplicates.add(it.name() + " was taken twice: by consumer-" + firstTaker[it.producer][it.seq]
                            + " (its take number " + (firstIndex[it.producer][it.seq] + 1) + ") and by consumer-" + c
                            + " (its take number " + (i + 1) + ")");
                }
            }
        }
        int dupTotal = 0;
        int lostTotal = 0;
        List<String> lost = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            for (int s = 0; s < perProducer; s++) {
                if (count[p][s] > 1) {
                    dupTotal++;
                }
                if (count[p][s] == 0 && succeeded[p].get(s) >= 0) {
                    lostTotal++;
                    if (lost.size() < 3) {
                        lost.add("producer-" + p + "#" + s);
                    }
                }
            }
        }
        if (!duplicates.isEmpty()) {
            Violation v = trial.fail(duplicates.get(0) + (dupTotal > 1 ? " (" + dupTotal + " elements were taken more than once)" : ""),
                    "every element put is taken exactly once");
            for (int i = 1; i < duplicates.size(); i++) {
                v.detail(duplicates.get(i));
            }
            throw v.detail(shape()).detail("Two takes removed the same element: look for a slot or index that two"
                    + " threads can read before either moves it on (a read and an update done as two steps).");
        }
        if (lostTotal > 0) {
            throw trial.fail(String.join(", ", lost) + (lostTotal > lost.size() ? " and " + (lostTotal - lost.size()) + " more" : "")
                            + (lostTotal == 1 ? " was" : " were") + " put (put() returned) but never taken, and "
                            + (lostTotal == 1 ? "is" : "are") + " not in the queue any more: lost",
                    "every element put is taken exactly once")
                    .detail(shape())
                    .detail(interrupts ? interruptLine() + ": a take() that throws must not have removed an element."
                            : "An element was overwritten or skipped: look for two puts that can write the same slot.");
        }
        if (!leftovers.isEmpty()) {
            throw trial.fail("after all " + total + " elements had been taken, poll() still returned "
                            + Item.describe(leftovers.get(0)) + (leftovers.size() > 1 ? " and " + (leftovers.size() - 1) + " more" : ""),
                    "every element put is taken exactly once: nothing is left once all are taken")
                    .detail(shape());
        }
    }

    /** Each consumer saw each producer's elements in the order that producer put them. */
    void checkPerProducerOrder() {
        checkReturnedElements();
        for (int c = 0; c < consumers; c++) {
            Sink s = got[c];
            int[] last = new int[producers];
            int[] lastIndex = new int[producers];
            java.util.Arrays.fill(last, -1);
            for (int i = 0; i < s.size(); i++) {
                Item it = (Item) s.get(i);
                int p = it.producer;
                if (it.seq < last[p]) {
                    throw trial.fail("consumer-" + c + " took producer-" + p + "#" + last[p] + " (its take number "
                                    + (lastIndex[p] + 1) + ") and then producer-" + p + "#" + it.seq + " (take number "
                                    + (i + 1) + "), but producer-" + p + " put #" + it.seq + " first",
                            "each producer's elements come out in the order it put them (first in, first out)")
                            .detail("consumer-" + c + "'s takes around there: " + excerpt(s, i))
                            .detail(shape());
                }
                if (it.seq > last[p]) {
                    last[p] = it.seq;
                    lastIndex[p] = i;
                }
            }
        }
    }

    /** No take returned null or something the grader never put. */
    private void checkReturnedElements() {
        for (int c = 0; c < consumers; c++) {
            Sink s = got[c];
            for (int i = 0; i < s.size(); i++) {
                Object x = s.get(i);
                if (!(x instanceof Item)) {
                    throw trial.fail("consumer-" + c + "'s take number " + (i + 1) + " returned " + Item.describe(x),
                                    "take() and poll() return an element that was put; take() never returns null")
                            .detail(shape())
                            .detail("A take that goes ahead without an element (an 'if' instead of a 'while' around"
                                    + " the wait, or two takers removing the same slot) returns an empty slot.");
                }
            }
        }
    }

    private void drainLeftovers() throws InterruptedException {
        leftovers = Calls.quick(trial, "poll() on the queue after the traffic", () -> {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i <= capacity + 1; i++) {
                Object x = queue.poll();
                if (x == null) {
                    break;
                }
                l.add(x);
            }
            return l;
        });
    }

    private String excerpt(Sink s, int at) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, at - 4); i <= Math.min(s.size() - 1, at + 2); i++) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(i == at ? "[" + s.get(i) + "]" : String.valueOf(s.get(i)));
        }
        return sb.toString();
    }

    String shape() {
        return "trial shape: capacity " + capacity + ", " + producers + " producers x " + perProducer + " elements, "
                + consumers + " consumers" + (offerPercent > 0 ? ", " + offerPercent + "% of puts via offer()" : "")
                + (pollPercent > 0 ? ", " + pollPercent + "% of takes via poll()" : "")
                + (interrupts ? ", random interrupts" : "") + (chaos ? ", random unparks" : "");
    }

    private String interruptLine() {
        return interruptedPuts.get() + " put() and " + interruptedTakes.get()
                + " take() calls threw InterruptedException in this trial";
    }

    /** Builds the verdict for traffic that stopped moving. */
    private RuntimeException stuck(Crew prod, Crew cons) throws InterruptedException {
        stop = true; // the interrupter and probe stop; consumers waiting for a reservation leave
        List<ThreadReport> threads = new ArrayList<>();
        for (ThreadReport r : prod.report()) {
            if (!r.state().equals("TERMINATED")) {
                threads.add(r);
            }
        }
        for (ThreadReport r : cons.report()) {
            if (!r.state().equals("TERMINATED")) {
                threads.add(r);
            }
        }
        List<String> inPut = new ArrayList<>();
        List<String> inTake = new ArrayList<>();
        for (ThreadReport r : threads) {
            String frames = String.join(" ", r.learnerFrames());
            if (frames.contains(".put(")) {
                inPut.add(r.name());
            } else if (frames.contains(".take(")) {
                inTake.add(r.name());
            }
        }
        checkReturnedElements(); // a take that returned null may be what went wrong first

        Calls.Result<Integer> size = Calls.attempt(Duration.ofSeconds(1), () -> queue.size());
        Calls.Result<List<Object>> left = Calls.attempt(Duration.ofSeconds(1), () -> {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i <= capacity + 1; i++) {
                Object x = queue.poll();
                if (x == null) {
                    break;
                }
                l.add(x);
            }
            return l;
        });
        List<Object> inQueue = left.finished() && left.value() != null ? left.value() : List.of();

        String base = "no put or take returned for " + stall.toMillis() + " ms (" + putsReturned.get() + " of " + total
                + " puts and " + takesReturned.get() + " takes had returned)";
        if (!inTake.isEmpty() && !inQueue.isEmpty()) {
            return new Hang(base + ": " + String.join(", ", inTake) + " stayed asleep in take() while the queue still held "
                    + inQueue.size() + " element" + (inQueue.size() == 1 ? "" : "s") + " (poll() then returned "
                    + describe(inQueue) + ")",
                    "a put wakes a thread waiting in take(): nobody sleeps while the queue has an element for it (a lost wake-up)"
                            + (interrupts ? "; an interrupted waiter must not swallow the wake-up it was given" : ""),
                    threads);
        }
        Integer s = size.finished() && size.thrown() == null ? size.value() : null;
        if (!inPut.isEmpty() && s != null && s < capacity) {
            return new Hang(base + ": " + String.join(", ", inPut) + " stayed asleep in put() while the queue had room"
                    + " (size() = " + s + ", capacity " + capacity + ")",
                    "a take wakes a thread waiting in put(): nobody sleeps while the queue has room for it (a lost wake-up)",
                    threads);
        }
        // Which elements whose put returned were never taken and are not in the queue?
        boolean[][] seen = new boolean[producers][perProducer];
        for (Sink sink : got) {
            for (int i = 0; i < sink.size(); i++) {
                if (sink.get(i) instanceof Item it) {
                    seen[it.producer][it.seq] = true;
                }
            }
        }
        for (Object o : inQueue) {
            if (o instanceof Item it) {
                seen[it.producer][it.seq] = true;
            }
        }
        List<String> lost = new ArrayList<>();
        int lostTotal = 0;
        for (int p = 0; p < producers; p++) {
            for (int q = 0; q < perProducer; q++) {
                if (!seen[p][q] && succeeded[p].get(q) >= 0) {
                    lostTotal++;
                    if (lost.size() < 3) {
                        lost.add("producer-" + p + "#" + q);
                    }
                }
            }
        }
        if (lostTotal > 0 && !inTake.isEmpty()) {
            Violation v = trial.fail(String.join(", ", lost) + (lostTotal > lost.size() ? " and " + (lostTotal - lost.size()) + " more" : "")
                            + (lostTotal == 1 ? " was" : " were") + " put (put() returned) but never taken and "
                            + (lostTotal == 1 ? "is" : "are") + " not in the queue any more (poll() returned "
                            + (inQueue.isEmpty() ? "null" : describe(inQueue)) + "): lost, so " + String.join(", ", inTake)
                            + " waited in take() for ever",
                    "every element put is taken exactly once");
            v.detail(shape());
            if (interrupts) {
                v.detail(interruptLine() + ": a take() that throws must not have removed an element.");
            }
            return v;
        }
        String sizeText = s != null ? "size() = " + s : size.finished() ? "size() threw " + size.thrown() : "size() did not return either";
        return new Hang(base + "; " + sizeText + ", poll() returned " + (inQueue.isEmpty() ? "null" : describe(inQueue))
                + (interrupts ? "; " + interruptLine() : ""),
                "producers and consumers keep each other going: every put and take completes", threads);
    }

    private static String describe(List<Object> items) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(3, items.size()); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Item.describe(items.get(i)));
        }
        if (items.size() > 3) {
            sb.append(", ...");
        }
        return sb.toString();
    }
}
