package level4;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Grader;
import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.Scenario;
import ladder.grading.StackReports;
import ladder.grading.Trial;
import ladder.grading.Violation;
import ladder.level4.ReadWriteLock;

/**
 * The hidden grader of Level 4: a read/write lock whose policy starves neither readers nor
 * writers.
 *
 * <p>Every scenario proves one property of the curriculum, with threads the grader directs
 * ({@link Actor}: "thread-A holds the read lock") or crews under contention, occupancy probes
 * inside the critical sections, and hang detection with generous timeouts. The two starvation
 * scenarios build a stream that never lets the lock fall free (each holder waits for company
 * before it leaves) and measure how long the other kind of thread waits, against a stated bound
 * many times what correct designs need; they show the longest wait even on success.
 */
public final class ReadWriteLockGrader implements Grader {

    static final String SUBJECT = "ReadWriteLock";
    /** Crews that should finish are given this long before they count as hung. */
    static final Duration HANG_TIMEOUT = Duration.ofSeconds(6);
    /** A handoff (an unlock that should let a blocked thread in) is given this long. */
    static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(4);
    /** The starvation bound: a waiting writer (or reader) must get in within this many ms. */
    static final long BOUND_MS = 500;
    /** In a stream, a holder keeps the lock at most this long while waiting for company. */
    static final long RELAY_CAP_MS = 60;
    /** Busy-wait threshold: a waiting thread may use at most this share of a core. */
    static final double CPU_LIMIT_PERCENT = 5.0;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Override
    public List<Scenario> scenarios() {
        return List.of(
                tryLocks(),
                misuse(),
                writerAlone(),
                readersOverlap(),
                readerCountExact(),
                noLostWakeups(),
                tryReadFailsWhileWriterWaits(),
                notInterruptible(),
                waitersBlock(),
                writerNotStarved(),
                readersNotStarved());
    }

    // ==================================================================== try-locks

    private static Scenario tryLocks() {
        return Scenario.named("try-locks").subject(SUBJECT)
                .proves("tryLockWrite() fails while any reader or writer holds the lock, tryLockRead() fails"
                        + " while a writer holds it, both succeed on a free lock, and neither ever waits")
                .trials(3).budget(Duration.ofMillis(200))
                .body(t -> {
                    ReadWriteLock rw = new ReadWriteLock();
                    try (Actor a = new Actor("thread-A"); Actor b = new Actor("thread-B"); Actor c = new Actor("thread-C")) {
                        t.check(a.bool("tryLockWrite() on a free lock", rw::tryLockWrite),
                                "thread-A's tryLockWrite() on a free lock returned false",
                                "true: nobody held the lock");
                        t.check(!b.bool("tryLockWrite() while thread-A holds the write lock", rw::tryLockWrite),
                                "thread-B's tryLockWrite() returned true while thread-A held the write lock: two writers at once",
                                "false: a writer is always alone");
                        t.check(!b.bool("tryLockRead() while thread-A holds the write lock", rw::tryLockRead),
                                "thread-B's tryLockRead() returned true while thread-A held the write lock: a reader beside a writer",
                                "false: a writer is always alone");
                        a.run("unlockWrite()", rw::unlockWrite);
                        t.check(b.bool("tryLockRead() on a free lock", rw::tryLockRead),
                                "thread-B's tryLockRead() returned false on a free lock (thread-A had just called unlockWrite())",
                                "true: nobody held the lock");
                        t.check(c.bool("tryLockRead() while thread-B reads", rw::tryLockRead),
                                "thread-C's tryLockRead() returned false while only thread-B held the read lock",
                                "true: readers share the lock while no writer holds it or waits for it");
                        t.check(!a.bool("tryLockWrite() while two readers hold the lock", rw::tryLockWrite),
                                "thread-A's tryLockWrite() returned true while thread-B and thread-C held the read lock",
                                "false: a writer gets in only when no reader holds the lock");
                        b.run("unlockRead()", rw::unlockRead);
                        t.check(!a.bool("tryLockWrite() while thread-C still reads", rw::tryLockWrite),
                                "thread-A's tryLockWrite() returned true while thread-C still held the read lock"
                                        + " (thread-B had just released its read hold)",
                                "false: one reader still holds the lock, so the reader count is 1, not 0");
                        c.run("unlockRead()", rw::unlockRead);
                        t.check(a.bool("tryLockWrite() after both readers left", rw::tryLockWrite),
                                "thread-A's tryLockWrite() returned false after both readers had released the read lock",
                                "true: the lock is free again (the reader count is back to 0)");
                        a.run("unlockWrite()", rw::unlockWrite);
                    }
                });
    }

    // ==================================================================== misuse

    private static Scenario misuse() {
        return Scenario.named("misuse").subject(SUBJECT)
                .proves("Releasing what the calling thread does not hold throws IllegalMonitorStateException"
                        + " and leaves the lock as it was")
                .trials(2).budget(Duration.ofMillis(200))
                .body(t -> {
                    ReadWriteLock rw = new ReadWriteLock();
                    try (Actor a = new Actor("thread-A"); Actor b = new Actor("thread-B"); Actor c = new Actor("thread-C")) {
                        expectImse(t, a, "unlockRead()", rw::unlockRead, "on a lock that nobody holds");
                        expectImse(t, a, "unlockWrite()", rw::unlockWrite, "on a lock that nobody holds");

                        b.run("lockRead()", rw::lockRead);
                        expectImse(t, a, "unlockRead()", rw::unlockRead,
                                "while thread-B (not thread-A) held the read lock");
                        if (a.bool("tryLockWrite() while thread-B reads", rw::tryLockWrite)) {
                            throw t.fail("after thread-A's refused unlockRead(), thread-A's tryLockWrite() succeeded although"
                                            + " thread-B still held the read lock",
                                    "the refused unlockRead() changes nothing: thread-B's read hold still counts")
                                    .detail("A thread that holds no read lock must not be able to release another thread's"
                                            + " hold: count read holds per thread (a ThreadLocal counter, for example).");
                        }
                        expectImse(t, a, "unlockWrite()", rw::unlockWrite, "while thread-B held the read lock");
                        expectImse(t, b, "unlockWrite()", rw::unlockWrite,
                                "while thread-B held the read lock (not the write lock)");
                        b.run("unlockRead()", rw::unlockRead);

                        c.run("lockWrite()", rw::lockWrite);
                        expectImse(t, a, "unlockWrite()", rw::unlockWrite,
                                "while thread-C (not thread-A) held the write lock");
                        if (b.bool("tryLockRead() while thread-C writes", rw::tryLockRead)) {
                            throw t.fail("after thread-A's refused unlockWrite(), thread-B's tryLockRead() succeeded although"
                                            + " thread-C still held the write lock",
                                    "the refused unlockWrite() changes nothing: thread-C still holds the write lock")
                                    .detail("Remember which thread holds the write lock, and compare it with the caller.");
                        }
                        expectImse(t, c, "unlockRead()", rw::unlockRead,
                                "while thread-C held the write lock (not a read lock)");
                        expectImse(t, a, "unlockRead()", rw::unlockRead, "while thread-C held the write lock");
                        c.run("unlockWrite()", rw::unlockWrite);

                        t.check(a.bool("tryLockWrite() after every refused release", rw::tryLockWrite),
                                "thread-A's tryLockWrite() returned false on a lock that every holder had released"
                                        + " (after the refused releases)",
                                "true: a refused release leaves the lock as it was, so it is free now");
                        a.run("unlockWrite()", rw::unlockWrite);
                    }
                });
    }

    private static void expectImse(Trial t, Actor who, String what, Runnable call, String situation)
            throws InterruptedException {
        Throwable thrown = who.attempt(what, call);
        String expected = "IllegalMonitorStateException: releasing what the calling thread does not hold is refused,"
                + " as java.util.concurrent's locks do";
        if (thrown == null) {
            throw t.fail(who.name() + "'s " + what + " returned normally " + situation, expected);
        }
        if (!(thrown instanceof IllegalMonitorStateException)) {
            throw t.fail(who.name() + "'s " + what + " threw " + thrown.getClass().getName()
                    + (thrown.getMessage() == null ? "" : " (" + thrown.getMessage() + ")") + " " + situation, expected);
        }
    }

    // ==================================================================== writer-alone

    /** Plain fields guarded by the lock: writers keep x == y, readers must never see them differ. */
    static final class Guarded {
        long x;
        long y;
        long writes;
    }

    private static Scenario writerAlone() {
        return Scenario.named("writer-alone").subject(SUBJECT)
                .proves("A writer is always alone: while a writer holds the lock no reader and no other writer"
                        + " holds it, and readers see each write whole")
                .trials(40).budget(Duration.ofMillis(900))
                .body(t -> {
                    if (t.index() % 3 != 2) {
                        tightRace(t); // two trials in three: where check-then-set bugs show on a busy machine
                        return;
                    }
                    ReadWriteLock rw = new ReadWriteLock();
                    AtomicInteger readersIn = new AtomicInteger();
                    AtomicInteger writersIn = new AtomicInteger();
                    Guarded g = new Guarded();
                    LongAdder writeHolds = new LongAdder();
                    int ops = 120 + t.random().nextInt(120);
                    long seed = t.random().nextLong();
                    Crew readers = t.crew("reader", 3, underRace(t, "reader", i -> {
                        SplittableRandom r = new SplittableRandom(seed + i);
                        for (int k = 0; k < ops; k++) {
                            if (r.nextInt(5) == 0) {
                                if (!rw.tryLockRead()) {
                                    continue;
                                }
                            } else {
                                rw.lockRead();
                            }
                            readersIn.incrementAndGet();
                            int w = writersIn.get();
                            if (w != 0) {
                                throw t.fail("reader-" + i + " held the read lock while a writer held the write lock"
                                        + " (its operation " + (k + 1) + " of " + ops + ")", "a writer is always alone");
                            }
                            long x = g.x;
                            if (r.nextInt(3) == 0) {
                                Trial.spin(r.nextInt(1500));
                            }
                            long y = g.y;
                            if (x != y) {
                                throw t.fail("reader-" + i + " read the guarded fields as x=" + x + ", y=" + y
                                                + ": it saw a write half done",
                                        "x == y under the read lock: writers keep them equal, and a writer is alone")
                                        .detail("Either a writer was inside together with this reader, or the reader's"
                                                + " lockRead() does not see the writer's unlockWrite() (no happens-before).");
                            }
                            readersIn.decrementAndGet();
                            rw.unlockRead();
                        }
                    }));
                    Crew writers = t.crew("writer", 2, underRace(t, "writer", i -> {
                        SplittableRandom r = new SplittableRandom(~seed + i);
                        for (int k = 0; k < ops; k++) {
                            if (r.nextInt(5) == 0) {
                                if (!rw.tryLockWrite()) {
                                    continue;
                                }
                            } else {
                                rw.lockWrite();
                            }
                            int w = writersIn.incrementAndGet();
                            int n = readersIn.get();
                            if (w != 1 || n != 0) {
                                throw t.fail("writer-" + i + " held the write lock together with " + (w - 1)
                                                + " other writer(s) and " + n + " reader(s) (its operation " + (k + 1)
                                                + " of " + ops + ")",
                                        "a writer is always alone: no reader and no other writer while it holds the lock");
                            }
                            g.x++;
                            if (r.nextInt(3) == 0) {
                                Trial.spin(r.nextInt(1000));
                            }
                            g.y++;
                            g.writes++;
                            writeHolds.increment();
                            n = readersIn.get();
                            if (n != 0) {
                                throw t.fail("a reader entered while writer-" + i + " held the write lock (" + n
                                        + " reader(s) inside)", "a writer is always alone");
                            }
                            writersIn.decrementAndGet();
                            rw.unlockWrite();
                        }
                    }));
                    readers.withRandomUnparks().start();
                    writers.withRandomUnparks().start();
                    Crews.joinAll(HANG_TIMEOUT, null,
                            "every reader and writer finishes its " + ops + " operations", readers, writers);
                    long holds = writeHolds.sum();
                    if (g.writes != holds || g.x != holds) {
                        throw t.fail(holds + " write holds each incremented a plain field once, but it holds " + g.writes
                                        + " (lost updates)",
                                "every write made under the write lock is kept: writers exclude each other and"
                                        + " unlockWrite() publishes their writes to the next holder");
                    }
                });
    }

    /**
     * Writers and readers in tight lock/unlock loops with nothing but an occupancy probe inside,
     * in rounds of about 35 ms with different mixes (one writer among readers, writers among
     * readers, writers alone). After each round, with everyone out, the lock must be free in both
     * modes: a lost update of the state word shows there even when no probe caught two holders.
     */
    private static void tightRace(Trial t) throws InterruptedException {
        ReadWriteLock rw = new ReadWriteLock();
        AtomicInteger readersIn = new AtomicInteger();
        AtomicInteger writersIn = new AtomicInteger();
        AtomicInteger go = new AtomicInteger(-1);
        AtomicInteger stopped = new AtomicInteger(-1);
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean abort = new AtomicBoolean();
        int[] writersPerRound = {2, 1, 3, 2, 3, 3};
        int[] readersPerRound = {0, 3, 0, 0, 3, 0};
        int rounds = writersPerRound.length;
        int each = 3;
        long roundNanos = 35_000_000L;
        Crew writers = t.crew("racing-writer", each, underRace(t, "racing-writer", i -> {
            for (int round = 0; round < rounds; round++) {
                if (!awaitRound(go, round, abort)) {
                    return;
                }
                if (i < writersPerRound[round]) {
                    while (stopped.get() < round) {
                        rw.lockWrite();
                        int w = writersIn.incrementAndGet();
                        int n = readersIn.get();
                        if (w != 1 || n != 0) {
                            throw t.fail("racing-writer-" + i + " held the write lock together with " + (w - 1)
                                            + " other writer(s) and " + n + " reader(s) (in a tight lock/unlock loop)",
                                    "a writer is always alone")
                                    .detail("Taking the lock must be one atomic step: a compare-and-set from \"free\""
                                            + " to \"held\", never a check followed by a set().");
                        }
                        writersIn.decrementAndGet();
                        rw.unlockWrite();
                    }
                }
                finished.incrementAndGet();
            }
        }));
        Crew readers = t.crew("racing-reader", each, underRace(t, "racing-reader", i -> {
            for (int round = 0; round < rounds; round++) {
                if (!awaitRound(go, round, abort)) {
                    return;
                }
                if (i < readersPerRound[round]) {
                    while (stopped.get() < round) {
                        rw.lockRead();
                        readersIn.incrementAndGet();
                        int w = writersIn.get();
                        if (w != 0) {
                            throw t.fail("racing-reader-" + i + " held the read lock while a writer held the write lock"
                                            + " (in a tight lock/unlock loop)",
                                    "a writer is always alone");
                        }
                        readersIn.decrementAndGet();
                        rw.unlockRead();
                    }
                }
                finished.incrementAndGet();
            }
        }));
        try (Preempter p = new Preempter(2, t.random().nextLong())) {
            writers.start();
            readers.start();
            for (int round = 0; round < rounds; round++) {
                String mix = writersPerRound[round] + " writer(s) and " + readersPerRound[round] + " reader(s)";
                go.set(round);
                long end = System.nanoTime() + roundNanos;
                while (System.nanoTime() - end < 0) {
                    Crews.rethrow(writers, readers);
                    LockSupport.parkNanos(1_000_000L);
                }
                stopped.set(round);
                int target = (round + 1) * 2 * each;
                long deadline = System.nanoTime() + HANG_TIMEOUT.toNanos();
                while (finished.get() < target) {
                    Crews.rethrow(writers, readers);
                    if (System.nanoTime() - deadline > 0) {
                        throw Crews.hang(HANG_TIMEOUT, "round " + (round + 1) + " of " + rounds + ": " + mix
                                        + " in tight lock/unlock loops, told to stop",
                                "every racing thread gets the lock again and stops", writers, readers);
                    }
                    LockSupport.parkNanos(50_000L);
                }
                // everyone is out: the lock must be free, in both modes
                String after = "after round " + (round + 1) + " of " + rounds + " (" + mix
                        + " racing in tight loops), with every thread out, ";
                if (!t.call("tryLockWrite() with every thread out", rw::tryLockWrite)) {
                    throw t.fail(after + "tryLockWrite() returned false", "true: nobody holds the lock")
                            .detail("The state word lost an update while threads raced: every change must be one CAS"
                                    + " (or getAndAdd) of the whole word, never a get() followed by a set().");
                }
                t.call("unlockWrite()", rw::unlockWrite);
                if (!t.call("tryLockRead() with every thread out", rw::tryLockRead)) {
                    throw t.fail(after + "tryLockRead() returned false", "true: nobody holds the lock")
                            .detail("The state word lost an update while threads raced: every change must be one CAS"
                                    + " (or getAndAdd) of the whole word, never a get() followed by a set().");
                }
                t.call("unlockRead()", rw::unlockRead);
            }
        } finally {
            abort.set(true);
            stopped.set(rounds);
        }
        Crews.joinAll(HANG_TIMEOUT, null, "every racing thread finishes", writers, readers);
    }

    /** Waits until the grader opens {@code round}; false if the trial was abandoned. */
    private static boolean awaitRound(AtomicInteger go, int round, AtomicBoolean abort) {
        while (go.get() < round) {
            if (abort.get()) {
                return false;
            }
            LockSupport.parkNanos(20_000L);
        }
        return true;
    }

    // ==================================================================== readers-overlap

    private static Scenario readersOverlap() {
        int n = 4;
        return Scenario.named("readers-overlap").subject(SUBJECT)
                .proves("Readers really overlap: " + n + " readers hold the read lock at the same time")
                .trials(10).budget(Duration.ofMillis(150))
                .body(t -> {
                    ReadWriteLock rw = new ReadWriteLock();
                    AtomicInteger inside = new AtomicInteger();
                    AtomicInteger most = new AtomicInteger();
                    AtomicBoolean allIn = new AtomicBoolean();
                    Crew readers = t.crew("reader", n, i -> {
                        if (i % 2 == 1) {
                            if (!rw.tryLockRead()) {
                                throw t.fail("reader-" + i + "'s tryLockRead() returned false while " + inside.get()
                                                + " reader(s) and no writer held the lock",
                                        "true: readers share the lock while no writer holds it or waits for it");
                            }
                        } else {
                            rw.lockRead();
                        }
                        int now = inside.incrementAndGet();
                        most.accumulateAndGet(now, Math::max);
                        long deadline = System.nanoTime() + 3_000_000_000L;
                        while (!allIn.get()) {
                            if (inside.get() == n) {
                                allIn.set(true);
                            } else if (System.nanoTime() - deadline > 0) {
                                throw t.fail("at most " + most.get() + " of " + n + " readers held the read lock at the"
                                                + " same time: reader-" + i + " waited 3000 ms inside for the others to join",
                                        "all " + n + " readers inside together: readers do not exclude each other")
                                        .detail("A read lock that lets one reader in at a time is a mutex: readers"
                                                + " should only count themselves in, never wait for each other.");
                            } else {
                                LockSupport.parkNanos(100_000L);
                            }
                        }
                        inside.decrementAndGet();
                        rw.unlockRead();
                    });
                    readers.start();
                    Crews.joinAll(HANG_TIMEOUT, null, "all " + n + " readers get the read lock together", readers);
                    t.metric("readers inside at once", most.get() + " of " + n);
                });
    }

    // ==================================================================== reader-count-exact

    private static Scenario readerCountExact() {
        int readersCount = 12;
        int rounds = 8;
        long roundNanos = 30_000_000L;
        return Scenario.named("reader-count-exact").subject(SUBJECT)
                .proves("The reader count never goes wrong under CAS races: a writer never gets in beside a reader,"
                        + " and once every reader has left, a writer gets in")
                .trials(20).budget(Duration.ofMillis(500))
                .body(t -> {
                    ReadWriteLock rw = new ReadWriteLock();
                    AtomicInteger readersIn = new AtomicInteger();
                    AtomicBoolean writerIn = new AtomicBoolean();
                    AtomicInteger go = new AtomicInteger(-1);
                    AtomicInteger finished = new AtomicInteger();
                    AtomicBoolean abort = new AtomicBoolean();
                    AtomicInteger stopped = new AtomicInteger(-1);
                    AtomicLong pairs = new AtomicLong();
                    // readers race on the count in tight loops; they never wait (no writer waits), so all of them
                    // are runnable and hammering the word the whole time
                    Crew readers = t.crew("reader", readersCount, underRace(t, "reader", i -> {
                        for (int round = 0; round < rounds; round++) {
                            while (go.get() < round) {
                                if (abort.get()) {
                                    return;
                                }
                                LockSupport.parkNanos(20_000L);
                            }
                            long k = 0;
                            for (; stopped.get() < round; k++) {
                                if ((k & 7) == 3) {
                                    if (!rw.tryLockRead()) {
                                        continue;
                                    }
                                } else {
                                    rw.lockRead();
                                }
                                readersIn.incrementAndGet();
                                if (writerIn.get()) {
                                    throw t.fail("reader-" + i + " got the read lock while a writer held the write lock",
                                            "a writer is always alone");
                                }
                                readersIn.decrementAndGet();
                                rw.unlockRead();
                            }
                            pairs.addAndGet(k);
                            finished.incrementAndGet();
                        }
                    }));
                    // a writer that only ever tries, during each round: it must never get in beside a reader
                    AtomicInteger writerDone = new AtomicInteger();
                    Crew writer = t.crew("writer", 1, underRace(t, "writer", i -> {
                        for (int round = 0; round < rounds; round++) {
                            while (go.get() < round) {
                                if (abort.get()) {
                                    return;
                                }
                                LockSupport.parkNanos(20_000L);
                            }
                            while (finished.get() < (round + 1) * readersCount && !abort.get()) {
                                if (!rw.tryLockWrite()) {
                                    LockSupport.parkNanos(50_000L);
                                    continue;
                                }
                                writerIn.set(true);
                                int n = readersIn.get();
                                Trial.spin(300);
                                n = Math.max(n, readersIn.get());
                                if (n != 0) {
                                    throw t.fail("the writer's tryLockWrite() succeeded while " + n + " reader(s) were inside",
                                            "a writer gets in only when the reader count is 0, and it is 0 only when no"
                                                    + " reader is inside")
                                            .detail("The lock's reader count missed an increment: two readers that raced"
                                                    + " to add themselves must both be counted (a CAS loop, not get-then-set).");
                                }
                                writerIn.set(false);
                                rw.unlockWrite();
                                LockSupport.parkNanos(50_000L);
                            }
                            writerDone.incrementAndGet();
                        }
                    }));
                    readers.start();
                    writer.start();
                    try (Preempter p = new Preempter(2, t.random().nextLong())) {
                        for (int round = 0; round < rounds; round++) {
                            go.set(round);
                            long end = System.nanoTime() + roundNanos;
                            while (System.nanoTime() - end < 0) {
                                Crews.rethrow(readers, writer);
                                LockSupport.parkNanos(1_000_000L);
                            }
                            stopped.set(round);
                            int target = (round + 1) * readersCount;
                            long deadline = System.nanoTime() + HANG_TIMEOUT.toNanos();
                            while (finished.get() < target || writerDone.get() <= round) {
                                Crews.rethrow(readers, writer);
                                if (System.nanoTime() - deadline > 0) {
                                    throw Crews.hang(HANG_TIMEOUT, "round " + (round + 1) + " of " + rounds + ": "
                                                    + readersCount + " readers racing in lockRead()/unlockRead() loops,"
                                                    + " told to stop",
                                            "every reader finishes its round: with no writer waiting, readers never wait",
                                            readers, writer);
                                }
                                LockSupport.parkNanos(50_000L);
                            }
                            // every reader (and the trying writer) is out: the count must be exactly 0 again
                            if (!t.call("tryLockWrite() with every reader out", rw::tryLockWrite)) {
                                throw t.fail("after round " + (round + 1) + " of " + rounds + " (" + readersCount
                                                + " readers racing, " + pairs.get() + " lockRead()/unlockRead() pairs so far), with"
                                                + " every reader out, tryLockWrite() returned false",
                                        "true: with no reader inside, the reader count is back to 0")
                                        .detail("An update of the reader count was lost: use one CAS (or getAndAdd) per"
                                                + " change, never a get() followed by a set().");
                            }
                            t.call("unlockWrite()", rw::unlockWrite);
                        }
                    } finally {
                        abort.set(true);
                        stopped.set(rounds);
                    }

                    Crews.joinAll(HANG_TIMEOUT, null, "every reader and the writer finish", readers, writer);
                    t.check(t.call("tryLockRead() on a free lock", rw::tryLockRead),
                            "tryLockRead() returned false on a free lock after the readers' last round",
                            "true: nobody held the lock");
                    t.call("unlockRead()", rw::unlockRead);
                });
    }

    // ==================================================================== no-lost-wakeups

    private static Scenario noLostWakeups() {
        return Scenario.named("no-lost-wakeups").subject(SUBJECT)
                .proves("No lost wake-ups: every thread blocked in lockRead() or lockWrite() gets in once the lock is"
                        + " free, and every thread finishes under heavy contention")
                .trials(8).budget(Duration.ofMillis(500))
                .body(t -> {
                    ReadWriteLock rw = new ReadWriteLock();
                    try (Actor w = new Actor("writer-W"); Actor ra = new Actor("reader-A"); Actor rb = new Actor("reader-B")) {
                        // (a) readers blocked behind a writer all get in when it releases
                        w.run("lockWrite()", rw::lockWrite);
                        AtomicInteger got = new AtomicInteger();
                        Crew readers = t.crew("reader", 3, i -> {
                            entered();
                            rw.lockRead();
                            got.incrementAndGet();
                            rw.unlockRead();
                        });
                        readers.withRandomUnparks().start();
                        awaitAllBlocked(readers);
                        checkNotIn(t, got, "reader(s) got the read lock while writer-W held the write lock");
                        w.run("unlockWrite()", rw::unlockWrite);
                        awaitHandoff(readers, "writer-W called unlockWrite() with 3 readers blocked in lockRead()",
                                "every reader waiting when the writer releases is woken and gets in");

                        // (b) a writer blocked behind readers gets in when the last one leaves
                        ra.run("lockRead()", rw::lockRead);
                        rb.run("lockRead()", rw::lockRead);
                        AtomicInteger wgot = new AtomicInteger();
                        Crew writer = t.crew("writer", 1, i -> {
                            entered();
                            rw.lockWrite();
                            wgot.incrementAndGet();
                            rw.unlockWrite();
                        });
                        writer.withRandomUnparks().start();
                        awaitAllBlocked(writer);
                        checkNotIn(t, wgot, "writer got the write lock while reader-A and reader-B held the read lock");
                        ra.run("unlockRead()", rw::unlockRead);
                        rb.run("unlockRead()", rw::unlockRead);
                        awaitHandoff(writer, "the last reader called unlockRead() with a writer blocked in lockWrite()",
                                "the last reader out wakes the waiting writer");

                        // (c) a writer blocked behind a writer gets in when it releases
                        w.run("lockWrite()", rw::lockWrite);
                        Crew writer2 = t.crew("writer", 1, i -> {
                            entered();
                            rw.lockWrite();
                            wgot.incrementAndGet();
                            rw.unlockWrite();
                        });
                        wgot.set(0);
                        writer2.withRandomUnparks().start();
                        awaitAllBlocked(writer2);
                        checkNotIn(t, wgot, "a second writer got the write lock while writer-W held it");
                        w.run("unlockWrite()", rw::unlockWrite);
                        awaitHandoff(writer2, "writer-W called unlockWrite() with another writer blocked in lockWrite()",
                                "the next writer is woken and gets in");

                        // (d) readers and a writer blocked together behind a writer all get in
                        w.run("lockWrite()", rw::lockWrite);
                        got.set(0);
                        Crew mixedReaders = t.crew("reader", 2, i -> {
                            entered();
                            rw.lockRead();
                            got.incrementAndGet();
                            Trial.spin(20_000);
                            rw.unlockRead();
                        });
                        Crew mixedWriter = t.crew("writer", 1, i -> {
                            entered();
                            rw.lockWrite();
                            got.incrementAndGet();
                            Trial.spin(20_000);
                            rw.unlockWrite();
                        });
                        mixedWriter.start();
                        mixedReaders.start();
                        awaitAllBlocked(mixedWriter);
                        awaitAllBlocked(mixedReaders);
                        checkNotIn(t, got, "thread(s) got the lock while writer-W held the write lock");
                        w.run("unlockWrite()", rw::unlockWrite);
                        long start = System.nanoTime();
                        while (!Crews.allDone(mixedReaders, mixedWriter)) {
                            Crews.rethrow(mixedReaders, mixedWriter);
                            if (System.nanoTime() - start > HANDOFF_TIMEOUT.toNanos()) {
                                throw Crews.hang(HANDOFF_TIMEOUT, "writer-W called unlockWrite() with 2 readers and a"
                                                + " writer blocked",
                                        "the waiting readers and the waiting writer all get in, in some order",
                                        mixedReaders, mixedWriter);
                            }
                            LockSupport.parkNanos(200_000L);
                        }
                        Crews.joinAll(HANDOFF_TIMEOUT, null, "all finish", mixedReaders, mixedWriter);
                    }

                    // (e) heavy contention: 2 readers, 2 writers, short holds, random unparks
                    AtomicInteger readersIn = new AtomicInteger();
                    AtomicInteger writersIn = new AtomicInteger();
                    int ops = 150;
                    Crew r2 = t.crew("reader", 2, i -> {
                        for (int k = 0; k < ops; k++) {
                            rw.lockRead();
                            readersIn.incrementAndGet();
                            if (writersIn.get() != 0) {
                                throw t.fail("reader-" + i + " got the read lock while a writer held the write lock",
                                        "a writer is always alone");
                            }
                            Trial.spin(2_000);
                            readersIn.decrementAndGet();
                            rw.unlockRead();
                        }
                    });
                    Crew w2 = t.crew("writer", 2, i -> {
                        for (int k = 0; k < ops; k++) {
                            rw.lockWrite();
                            if (writersIn.incrementAndGet() != 1 || readersIn.get() != 0) {
                                throw t.fail("writer-" + i + " got the write lock while another thread held the lock",
                                        "a writer is always alone");
                            }
                            Trial.spin(2_000);
                            writersIn.decrementAndGet();
                            rw.unlockWrite();
                        }
                    });
                    r2.withRandomUnparks().start();
                    w2.withRandomUnparks().start();
                    Crews.joinAll(HANG_TIMEOUT, "2 readers and 2 writers, " + ops + " lock/unlock pairs each",
                            "every thread finishes: each unlock wakes whoever can go next", r2, w2);
                });
    }

    /**
     * Runs a worker of a race scenario: an exception that the learner's lock throws while threads
     * race (typically its own sanity check on a corrupted state word) becomes a verdict that says so.
     */
    private static Crew.WorkerBody underRace(Trial t, String role, Crew.WorkerBody body) {
        return i -> {
            try {
                body.run(i);
            } catch (Violation | Hang | LearnerCrash e) {
                throw e;
            } catch (IllegalMonitorStateException e) {
                throw t.fail(role + "-" + i + "'s unlock threw IllegalMonitorStateException (" + e.getMessage()
                                + ") right after its own lock call had returned, while threads raced for the lock",
                        "every thread that got the lock may release it: it was the holder")
                        .detail("Another thread must have taken the lock at the same time and overwritten the"
                                + " holder: taking the lock must be one CAS, never a check followed by a set().");
            } catch (RuntimeException | Error e) {
                if (Actor.NotStartedCheck.is(e)) {
                    throw e;
                }
                Violation v = t.fail(role + "-" + i + " got " + e.getClass().getName()
                                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                                + " from the lock while threads raced for it",
                        "no exception: the lock's state stays consistent however threads interleave");
                v.detail("An exception from your own sanity check under contention usually means the state word was"
                        + " corrupted by a lost update: a get() followed by a set() where a CAS was needed.");
                for (String f : StackReports.learnerFrames(e)) {
                    v.detail("  at " + f);
                }
                throw v;
            }
        };
    }

    /** Waits (best effort) until every thread of the crews is blocked or finished. */
    private static void awaitAllBlocked(Crew crew) {
        for (Thread th : crew.threads()) {
            awaitBlockedInCall(th, Duration.ofSeconds(1));
        }
        LockSupport.parkNanos(1_000_000L); // let a thread that was only passing through a park settle
    }

    /** Threads that have entered the learner call they may block in (marked just before the call). */
    private static final Set<Thread> ENTERED = ConcurrentHashMap.newKeySet();

    /** Marks the calling thread as inside the learner call that follows. */
    private static void entered() {
        ENTERED.add(Thread.currentThread());
    }

    /**
     * Waits until {@code th} has entered its learner call and blocks in it (or finishes); false
     * when {@code timeout} passes first. A fresh crew thread also shows as blocked while it waits
     * at the crew's start gate, hence the mark.
     */
    static boolean awaitBlockedInCall(Thread th, Duration timeout) {
        // first let it start and reach the call (a busy machine may take a while to run a new thread)
        Trial.eventually(Duration.ofSeconds(3), () -> th.getState() == Thread.State.TERMINATED || ENTERED.contains(th));
        return Trial.eventually(timeout, () -> th.getState() == Thread.State.TERMINATED
                || ENTERED.contains(th) && Trial.isBlocked(th));
    }

    private static void checkNotIn(Trial t, AtomicInteger got, String observed) {
        int n = got.get();
        if (n != 0) {
            throw t.fail(n + " " + observed, "they wait until the lock is released: a writer is always alone");
        }
    }

    private static void awaitHandoff(Crew crew, String what, String expected) throws InterruptedException {
        Crews.joinAll(HANDOFF_TIMEOUT, what, expected, crew);
    }

    // ==================================================================== try-read-fails-while-writer-waits

    private static Scenario tryReadFailsWhileWriterWaits() {
        return Scenario.named("try-read-fails-while-writer-waits").subject(SUBJECT)
                .proves("tryLockRead() fails while a writer waits, and lockRead() waits behind it: a waiting writer"
                        + " stops new readers from entering")
                .trials(3).budget(Duration.ofMillis(300))
                .body(t -> {
                    ReadWriteLock rw = new ReadWriteLock();
                    try (Actor a = new Actor("reader-A"); Actor b = new Actor("reader-B")) {
                        a.run("lockRead()", rw::lockRead);
                        AtomicBoolean writerIn = new AtomicBoolean();
                        AtomicBoolean writerDone = new AtomicBoolean();
                        AtomicBoolean aLeft = new AtomicBoolean();
                        Crew writer = t.crew("writer", 1, i -> {
                            entered();
                            rw.lockWrite();
                            if (!aLeft.get()) {
                                throw t.fail("writer-0's lockWrite() returned while reader-A held the read lock",
                                        "a writer waits until every reader has left");
                            }
                            writerIn.set(true);
                            LockSupport.parkNanos(2_000_000L);
                            writerIn.set(false);
                            writerDone.set(true);
                            rw.unlockWrite();
                        });
                        writer.start();
                        boolean blocked = awaitBlockedInCall(writer.thread(0), Duration.ofSeconds(2));
                        Crews.rethrow(writer);
                        if (!blocked) {
                            LockSupport.parkNanos(50_000_000L); // a spinning writer: give it time to announce itself
                        }
                        if (b.bool("tryLockRead() while a writer waits", rw::tryLockRead)) {
                            throw t.fail("reader-B's tryLockRead() returned true while writer-0 was waiting in lockWrite()"
                                            + " for reader-A to leave",
                                    "false: tryLockRead() fails while a writer waits, so that new readers cannot keep"
                                            + " a waiting writer out forever");
                        }
                        AtomicBoolean lateIn = new AtomicBoolean();
                        Crew late = t.crew("late-reader", 1, i -> {
                            entered();
                            rw.lockRead();
                            if (!writerDone.get()) {
                                lateIn.set(true);
                                throw t.fail("late-reader-0's lockRead() got in while writer-0 was still waiting"
                                                + " (reader-A still held the read lock)",
                                        "lockRead() waits behind a waiting writer: a waiting writer stops new readers"
                                                + " from entering, or a stream of readers would starve it");
                            }
                            rw.unlockRead();
                        });
                        late.start();
                        if (awaitBlockedInCall(late.thread(0), Duration.ofSeconds(1))) {
                            LockSupport.parkNanos(5_000_000L);
                        }
                        Crews.rethrow(late, writer);
                        aLeft.set(true);
                        a.run("unlockRead()", rw::unlockRead);
                        awaitHandoff(writer, "reader-A, the only reader inside, called unlockRead() with writer-0 waiting",
                                "the waiting writer gets in once the reader has left");
                        awaitHandoff(late, "writer-0 called unlockWrite() with late-reader-0 waiting",
                                "the reader waiting behind the writer gets in once the writer has left");
                    }
                });
    }

    // ==================================================================== not-interruptible

    private static Scenario notInterruptible() {
        return Scenario.named("not-interruptible").subject(SUBJECT)
                .proves("lockRead() and lockWrite() are not interruptible: an interrupted waiter keeps waiting and"
                        + " returns holding the lock, with its interrupt status set")
                .trials(2).budget(Duration.ofMillis(300))
                .body(t -> {
                    ReadWriteLock rw = new ReadWriteLock();
                    try (Actor holder = new Actor("holder")) {
                        interruptedWaiter(t, rw, holder, false, true);  // lockRead() behind a writer
                        interruptedWaiter(t, rw, holder, true, false);  // lockWrite() behind a reader
                        interruptedWaiter(t, rw, holder, false, false); // lockWrite() behind a writer
                    }
                    // a thread whose interrupt status is already set still takes a free lock, and keeps the status
                    AtomicReference<String> problem = new AtomicReference<>();
                    Crew pre = t.crew("interrupted", 1, i -> {
                        Thread.currentThread().interrupt();
                        rw.lockRead();
                        if (!Thread.currentThread().isInterrupted()) {
                            problem.set("lockRead()");
                        }
                        rw.unlockRead();
                        Thread.currentThread().interrupt();
                        rw.lockWrite();
                        if (!Thread.currentThread().isInterrupted()) {
                            problem.compareAndSet(null, "lockWrite()");
                        }
                        rw.unlockWrite();
                        Thread.interrupted();
                    });
                    pre.start();
                    Crews.joinAll(HANDOFF_TIMEOUT, "a thread with its interrupt status set called lockRead() and"
                            + " lockWrite() on a free lock", "both return at once, holding the lock", pre);
                    if (problem.get() != null) {
                        throw t.fail(problem.get() + ", called on a free lock by a thread whose interrupt status was set,"
                                        + " returned with the status cleared",
                                "the interrupt status still set: the lock methods do not consume interrupts");
                    }
                });
    }

    /**
     * {@code holder} takes the lock (read or write), a waiter calls lockRead()/lockWrite(), is
     * interrupted three times while it waits, and must keep waiting; once the holder releases, the
     * waiter must return holding the lock with its interrupt status set.
     */
    private static void interruptedWaiter(Trial t, ReadWriteLock rw, Actor holder, boolean holderReads,
                                          boolean waiterReads) throws InterruptedException {
        String held = holderReads ? "the read lock" : "the write lock";
        String call = waiterReads ? "lockRead()" : "lockWrite()";
        String role = waiterReads ? "reader" : "writer";
        holder.run(holderReads ? "lockRead()" : "lockWrite()", holderReads ? rw::lockRead : rw::lockWrite);
        AtomicBoolean released = new AtomicBoolean();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean early = new AtomicBoolean();
        AtomicBoolean statusKept = new AtomicBoolean();
        AtomicBoolean returned = new AtomicBoolean();
        Crew waiter = t.crew(role, 1, i -> {
            try {
                if (waiterReads) {
                    entered();
                    rw.lockRead();
                } else {
                    entered();
                    rw.lockWrite();
                }
            } catch (RuntimeException | Error e) {
                if (Actor.NotStartedCheck.is(e)) {
                    throw e;
                }
                thrown.set(e);
                return;
            }
            early.set(!released.get());
            statusKept.set(Thread.currentThread().isInterrupted());
            returned.set(true);
            Thread.interrupted();
            if (waiterReads) {
                rw.unlockRead();
            } else {
                rw.unlockWrite();
            }
        });
        waiter.withRandomUnparks().start();
        Thread th = waiter.thread(0);
        awaitBlockedInCall(th, Duration.ofSeconds(1));
        if (!ENTERED.contains(th) && th.isAlive()) {
            throw new Hang(role + "-0 had not even reached " + call + " 3000 ms after it was started",
                    "a new thread starts within seconds", List.of(StackReports.of(th)));
        }
        for (int k = 0; k < 3 && th.isAlive(); k++) {
            th.interrupt();
            LockSupport.parkNanos(15_000_000L);
        }
        Crews.rethrow(waiter);
        Throwable e = thrown.get();
        if (e != null) {
            throw t.fail(role + "-0's " + call + " threw " + e.getClass().getName()
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + " when interrupted while "
                            + holder.name() + " held " + held,
                    "no exception: " + call + " is not interruptible; it keeps waiting and returns with the interrupt"
                            + " status set");
        }
        if (returned.get() || early.get()) {
            throw t.fail(role + "-0's " + call + " returned after an interrupt while " + holder.name() + " still held "
                            + held,
                    call + " keeps waiting through interrupts until the lock is free")
                    .detail("Futex.await returns at once for an interrupted thread: clear the status"
                            + " (Thread.interrupted()) while you wait, re-check the lock, and set it again before returning.");
        }
        released.set(true);
        holder.run(holderReads ? "unlockRead()" : "unlockWrite()", holderReads ? rw::unlockRead : rw::unlockWrite);
        awaitHandoff(waiter, holder.name() + " released " + held + " with an interrupted " + role + " waiting in "
                + call, "the interrupted waiter still gets in once the lock is free");
        if (!statusKept.get()) {
            throw t.fail(role + "-0's " + call + ", interrupted while it waited, returned with the interrupt status cleared",
                    "the interrupt status still set when " + call + " returns, so that the caller learns of the interrupt");
        }
    }

    // ==================================================================== waiters-block

    private static Scenario waitersBlock() {
        return Scenario.named("waiters-block").subject(SUBJECT)
                .quiet() // measures CPU: noise yields would starve a spinner and hide it
                .proves("Waiting threads block instead of spinning: threads waiting in lockRead() and lockWrite()"
                        + " use almost no CPU")
                .trials(1).budget(Duration.ofMillis(400))
                .body(t -> {
                    ReadWriteLock rw = new ReadWriteLock();
                    try (Actor a = new Actor("reader-A")) {
                        a.run("lockRead()", rw::lockRead);
                        AtomicBoolean aLeft = new AtomicBoolean();
                        Crew first = t.crew("writer", 1, i -> {
                            entered();
                            rw.lockWrite();
                            if (!aLeft.get()) {
                                throw t.fail("writer-0's lockWrite() returned while reader-A held the read lock",
                                        "a writer waits until every reader has left");
                            }
                            rw.unlockWrite();
                        });
                        first.start();
                        awaitBlockedInCall(first.thread(0), Duration.ofMillis(300));
                        Crew late = t.crew("late-reader", 1, i -> {
                            entered();
                            rw.lockRead();
                            rw.unlockRead();
                        });
                        Crew second = t.crew("second-writer", 1, i -> {
                            entered();
                            rw.lockWrite();
                            rw.unlockWrite();
                        });
                        late.start();
                        second.start();
                        LockSupport.parkNanos(50_000_000L); // a short spin before sleeping is fine
                        Crew[] waiters = {first, late, second};
                        String[] what = {"writer-0 in lockWrite() (waiting for reader-A to leave)",
                                "late-reader-0 in lockRead() (waiting behind writer-0)",
                                "second-writer-0 in lockWrite() (waiting behind writer-0)"};
                        long[] cpu0 = new long[3];
                        for (int k = 0; k < 3; k++) {
                            cpu0[k] = waiters[k].cpuNanos(0);
                        }
                        // a thread that spins on purpose over the same window: what a spinner gets on this machine now
                        AtomicBoolean spinning = new AtomicBoolean(true);
                        Thread spinner = new Thread(() -> {
                            while (spinning.get()) {
                                Thread.onSpinWait();
                            }
                        }, "calibration-spinner");
                        spinner.setDaemon(true);
                        spinner.start();
                        long s0 = CPU.getThreadCpuTime(spinner.threadId());
                        long w0 = System.nanoTime();
                        LockSupport.parkNanos(250_000_000L);
                        long wall = System.nanoTime() - w0;
                        long spun = CPU.getThreadCpuTime(spinner.threadId()) - s0;
                        spinning.set(false);
                        Crews.rethrow(waiters);
                        double spinnerPct = 100.0 * spun / wall;
                        double worst = 0;
                        int worstAt = -1;
                        for (int k = 0; k < 3; k++) {
                            if (waiters[k].finishedCount() > 0 || cpu0[k] < 0) {
                                continue; // it got in (another scenario judges whether it should have) or no CPU clock
                            }
                            double pct = 100.0 * (waiters[k].cpuNanos(0) - cpu0[k]) / wall;
                            if (pct > worst) {
                                worst = pct;
                                worstAt = k;
                            }
                        }
                        // On a busy machine a spinner gets less than a core: judge against what a spinner got.
                        double limit = Math.max(1.0, Math.min(CPU_LIMIT_PERCENT, 0.3 * spinnerPct));
                        t.metric("CPU used by waiting threads", String.format(Locale.ROOT,
                                "%.1f%% of a core at most (limit %.1f%%; a spinning thread got %.0f%%)", worst, limit,
                                spinnerPct));
                        if (worst > limit) {
                            throw t.fail(what[worstAt] + " used " + String.format(Locale.ROOT, "%.0f", worst)
                                            + "% of a core over " + wall / 1_000_000L + " ms of waiting (a thread that"
                                            + " spins on purpose got " + String.format(Locale.ROOT, "%.0f", spinnerPct)
                                            + "% over the same time)",
                                    "waiting threads sleep (Futex.await) after at most a short spin: under "
                                            + String.format(Locale.ROOT, "%.1f", limit) + "% of a core")
                                    .detail("Spin a few dozen times with Thread.onSpinWait() if you like, then sleep on a"
                                            + " futex word that the releasing thread will change and wake.");
                        }
                        aLeft.set(true);
                        a.run("unlockRead()", rw::unlockRead);
                        Crews.joinAll(HANDOFF_TIMEOUT, "reader-A released the read lock with 2 writers and a reader waiting",
                                "every waiting thread gets in once the lock is free", first, late, second);
                    }
                });
    }

    // ==================================================================== writer-not-starved

    /** What one stream run measured. */
    record StreamRun(boolean overBound, long longestNanos, int count, String observed) {}

    private static Scenario writerNotStarved() {
        return Scenario.named("writer-not-starved").subject(SUBJECT)
                .proves("Under a continuous stream of readers, a writer gets in within " + BOUND_MS + " ms")
                .trials(1).budget(Duration.ofMillis(100))
                .body(t -> {
                    StreamRun first = readerStream(t);
                    StreamRun run = first.overBound() ? readerStream(t) : first; // best of two: the machine may be busy
                    t.metric("longest writer wait under a stream of readers", millis(run.longestNanos())
                            + " (bound " + BOUND_MS + " ms, " + run.count() + " writes)");
                    if (run.overBound()) {
                        throw t.fail(run.observed(), "the waiting writer gets in within " + BOUND_MS + " ms: a waiting"
                                        + " writer stops new readers from entering, so it only waits for the readers"
                                        + " already inside")
                                .detail("In both of two tries. The readers hold the read lock in relay: each keeps its"
                                        + " hold until another reader has joined it (or " + RELAY_CAP_MS + " ms have"
                                        + " passed), so the read lock never falls free while new readers may enter.");
                    }
                });
    }

    /**
     * Four readers hold the read lock in relay (each leaves only once another reader is inside, or
     * after {@link #RELAY_CAP_MS}), so that the read lock is never free while new readers are let
     * in; a writer then takes the write lock three times. A lock that stops new readers behind a
     * waiting writer lets it in after about one relay cap; a reader-preferring lock never does.
     */
    private static StreamRun readerStream(Trial t) throws InterruptedException {
        ReadWriteLock rw = new ReadWriteLock();
        int readersCount = 4;
        int writes = 3;
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean writerIn = new AtomicBoolean();
        AtomicLong waitingSince = new AtomicLong();
        AtomicLong longest = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        AtomicLong entries = new AtomicLong();
        long seed = t.random().nextLong();
        long cap = RELAY_CAP_MS * 1_000_000L;
        Crew readers = t.crew("reader", readersCount, i -> {
            SplittableRandom r = new SplittableRandom(seed + i);
            while (!stop.get()) {
                rw.lockRead();
                entries.incrementAndGet();
                inside.incrementAndGet();
                if (writerIn.get()) {
                    throw t.fail("reader-" + i + " got the read lock while the writer held the write lock",
                            "a writer is always alone");
                }
                LockSupport.parkNanos(r.nextLong(100_000L, 600_000L));
                long relay = System.nanoTime();
                for (;;) {
                    int v = inside.get();
                    if (v >= 2) {
                        if (inside.compareAndSet(v, v - 1)) {
                            break;
                        }
                    } else if (stop.get() || System.nanoTime() - relay > cap) {
                        inside.decrementAndGet();
                        break;
                    } else {
                        LockSupport.parkNanos(50_000L);
                    }
                }
                rw.unlockRead();
            }
        });
        Crew writer = t.crew("writer", 1, i -> {
            SplittableRandom r = new SplittableRandom(~seed);
            for (int k = 0; k < writes && !stop.get(); k++) {
                Trial.eventually(Duration.ofSeconds(1), () -> inside.get() >= 2 || stop.get());
                LockSupport.parkNanos(r.nextLong(1_000_000L, 4_000_000L));
                long t0 = System.nanoTime();
                waitingSince.set(t0);
                rw.lockWrite();
                long waited = System.nanoTime() - t0;
                waitingSince.set(0);
                writerIn.set(true);
                int n = inside.get();
                if (n != 0) {
                    throw t.fail("the writer got the write lock while " + n + " reader(s) held the read lock",
                            "a writer is always alone");
                }
                longest.accumulateAndGet(waited, Math::max);
                done.incrementAndGet();
                LockSupport.parkNanos(200_000L);
                writerIn.set(false);
                rw.unlockWrite();
            }
        });
        readers.start();
        writer.start();
        long bound = BOUND_MS * 1_000_000L;
        boolean over = false;
        long overAt = 0;
        long entriesAtStart = 0;
        long lastSince = 0;
        long start = System.nanoTime();
        while (!Crews.allDone(writer)) {
            Crews.rethrow(readers, writer);
            long since = waitingSince.get();
            long now = System.nanoTime();
            if (since != lastSince) {
                lastSince = since;
                entriesAtStart = entries.get(); // (sampled within a millisecond of the writer's arrival)
            }
            if (since != 0 && now - since > bound) {
                over = true;
                overAt = since;
                break;
            }
            if (now - start > 2 * HANG_TIMEOUT.toNanos()) {
                break; // cannot happen with a writer that is either waiting or progressing
            }
            LockSupport.parkNanos(1_000_000L);
        }
        long meanwhile = entries.get() - entriesAtStart;
        stop.set(true);
        long stoppedAt = System.nanoTime();
        Crews.joinAll(HANG_TIMEOUT, over ? "the writer waited more than " + BOUND_MS + " ms; then the readers stopped"
                        : "the readers stopped",
                "the writer gets in once the readers have stopped, and every reader finishes", writer, readers);
        if (!over) {
            return new StreamRun(false, longest.get(), done.get(), null);
        }
        long total = longest.get();
        String observed = "the writer was still waiting in lockWrite() after " + millis(stoppedAt - overAt) + ", while "
                + readersCount + " readers took turns holding the read lock (new readers got in " + meanwhile
                + " times meanwhile); it got in only once the grader stopped the readers, after "
                + millis(total) + " in all";
        return new StreamRun(true, total, done.get(), observed);
    }

    // ==================================================================== readers-not-starved

    private static Scenario readersNotStarved() {
        return Scenario.named("readers-not-starved").subject(SUBJECT)
                .proves("Under a continuous stream of writers, readers get in within " + BOUND_MS + " ms")
                .trials(1).budget(Duration.ofMillis(100))
                .body(t -> {
                    StreamRun first = writerStream(t);
                    StreamRun run = first.overBound() ? writerStream(t) : first; // best of two: the machine may be busy
                    t.metric("longest reader wait under a stream of writers", millis(run.longestNanos())
                            + " (bound " + BOUND_MS + " ms, " + run.count() + " reads)");
                    if (run.overBound()) {
                        throw t.fail(run.observed(), "a waiting reader gets in within " + BOUND_MS + " ms: the readers"
                                        + " waiting when a writer releases get in before the next writer")
                                .detail("In both of two tries. The writers hold the write lock in relay: each keeps it"
                                        + " until another writer is blocked in lockWrite() (or " + RELAY_CAP_MS
                                        + " ms have passed), so a writer is always waiting when one releases.");
                    }
                });
    }

    /**
     * Three writers hold the write lock in relay (each releases only once another writer is
     * blocked in lockWrite(), or after {@link #RELAY_CAP_MS}), so that a writer always waits when
     * one releases; two readers arrive at random moments and time their lockRead(). A lock that
     * lets the readers waiting at a release in before the next writer admits them within about one
     * write hold; a lock that always prefers waiting writers never does.
     */
    private static StreamRun writerStream(Trial t) throws InterruptedException {
        ReadWriteLock rw = new ReadWriteLock();
        int writersCount = 3;
        int readersCount = 2;
        int reads = 3;
        AtomicInteger writersIn = new AtomicInteger();
        AtomicInteger readersIn = new AtomicInteger();
        AtomicIntegerArray trying = new AtomicIntegerArray(writersCount);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLongArray waitingSince = new AtomicLongArray(readersCount);
        AtomicLong longest = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        AtomicLong entries = new AtomicLong();
        AtomicReference<Crew> writersRef = new AtomicReference<>();
        long seed = t.random().nextLong();
        long cap = RELAY_CAP_MS * 1_000_000L;
        Crew writers = t.crew("writer", writersCount, j -> {
            SplittableRandom r = new SplittableRandom(seed + j);
            Crew self = writersRef.get();
            while (!stop.get()) {
                trying.set(j, 1);
                rw.lockWrite();
                trying.set(j, 0);
                entries.incrementAndGet();
                int w = writersIn.incrementAndGet();
                int n = readersIn.get();
                if (w != 1 || n != 0) {
                    throw t.fail("writer-" + j + " got the write lock while " + (w - 1) + " other writer(s) and " + n
                            + " reader(s) held the lock", "a writer is always alone");
                }
                LockSupport.parkNanos(r.nextLong(100_000L, 400_000L));
                long relay = System.nanoTime();
                while (!stop.get() && System.nanoTime() - relay < cap && !otherWriterBlocked(self, trying, j)) {
                    LockSupport.parkNanos(50_000L);
                }
                writersIn.decrementAndGet();
                rw.unlockWrite();
            }
        });
        writersRef.set(writers);
        Crew readers = t.crew("reader", readersCount, i -> {
            SplittableRandom r = new SplittableRandom(~seed - i);
            Crew ws = writersRef.get();
            for (int k = 0; k < reads && !stop.get(); k++) {
                // arrive while the stream runs: one writer inside, another blocked behind it
                Trial.eventually(Duration.ofMillis(500),
                        () -> stop.get() || writersIn.get() == 1 && anyWriterBlocked(ws, trying));
                LockSupport.parkNanos(r.nextLong(200_000L, 2_000_000L));
                long t0 = System.nanoTime();
                waitingSince.set(i, t0);
                rw.lockRead();
                long waited = System.nanoTime() - t0;
                waitingSince.set(i, 0);
                readersIn.incrementAndGet();
                int w = writersIn.get();
                if (w != 0) {
                    throw t.fail("reader-" + i + " got the read lock while a writer held the write lock",
                            "a writer is always alone");
                }
                longest.accumulateAndGet(waited, Math::max);
                done.incrementAndGet();
                LockSupport.parkNanos(100_000L);
                readersIn.decrementAndGet();
                rw.unlockRead();
            }
        });
        writers.start();
        readers.start();
        long bound = BOUND_MS * 1_000_000L;
        boolean over = false;
        long overAt = 0;
        long[] lastSince = new long[readersCount];
        long[] entriesAtStart = new long[readersCount];
        int late = -1;
        long start = System.nanoTime();
        outer:
        while (!Crews.allDone(readers)) {
            Crews.rethrow(readers, writers);
            long now = System.nanoTime();
            for (int i = 0; i < readersCount; i++) {
                long since = waitingSince.get(i);
                if (since != lastSince[i]) {
                    lastSince[i] = since;
                    entriesAtStart[i] = entries.get();
                }
                if (since != 0 && now - since > bound) {
                    late = i;
                    over = true;
                    overAt = since;
                    break outer;
                }
            }
            if (now - start > 2 * HANG_TIMEOUT.toNanos()) {
                break;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        long meanwhile = late < 0 ? 0 : entries.get() - entriesAtStart[late];
        stop.set(true);
        long stoppedAt = System.nanoTime();
        Crews.joinAll(HANG_TIMEOUT, over ? "a reader waited more than " + BOUND_MS + " ms; then the writers stopped"
                        : "the writers stopped",
                "the readers get in once the writers have stopped, and every writer finishes", readers, writers);
        if (!over) {
            return new StreamRun(false, longest.get(), done.get(), null);
        }
        long total = longest.get();
        String observed = "reader-" + late + " was still waiting in lockRead() after " + millis(stoppedAt - overAt)
                + ", while " + writersCount + " writers took turns holding the write lock (writers got in " + meanwhile
                + " times meanwhile); it got in only once the grader stopped the writers, after " + millis(total)
                + " in all";
        return new StreamRun(true, total, done.get(), observed);
    }

    private static boolean otherWriterBlocked(Crew writers, AtomicIntegerArray trying, int self) {
        for (int k = 0; k < trying.length(); k++) {
            if (k != self && trying.get(k) == 1 && Trial.isBlocked(writers.thread(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyWriterBlocked(Crew writers, AtomicIntegerArray trying) {
        return otherWriterBlocked(writers, trying, -1);
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
