package level2;

import static level2.Checks.fmt;
import static level2.Checks.ms;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Scenario;
import ladder.grading.Trial;
import ladder.level0.Mutex;

/**
 * Level 2 builds on the learner's own Level 0 Mutex. These prerequisite scenarios check what the
 * condition variable and the pool rely on, so that a broken Mutex is named as such ("your Level 0
 * Mutex ... fix it before Level 2") instead of showing up as a condition-variable bug.
 * They are this level's own short checks, not the Level 0 grader.
 */
final class MutexPrerequisites {

    private static final String MUTEX = "Mutex";

    private MutexPrerequisites() {}

    static List<Scenario> scenarios() {
        return List.of(mutualExclusion(), progress(), unlockByNonOwner(), isHeldByCurrentThread());
    }

    private static Mutex newMutex(Trial t) {
        return t.call("new Mutex()", Mutex::new);
    }

    /** Never two holders; no update to a plain field guarded by the lock is lost. */
    static Scenario mutualExclusion() {
        return Scenario.named("level0-mutual-exclusion").subject(MUTEX).prerequisite()
                .proves("Your Level 0 Mutex: never two threads between lock() and unlock(), and no update to a field it guards is lost")
                .trials(10).budget(ms(200))
                .body(t -> {
                    Mutex m = newMutex(t);
                    int threads = t.index() % 2 == 0 ? 2 : 4; // a tight pair catches races that need both cores at once
                    int iterations = 160;
                    AtomicInteger inside = new AtomicInteger();
                    AtomicInteger ops = new AtomicInteger();
                    AtomicReference<String> holder = new AtomicReference<>("?");
                    int[] counter = {0}; // plain: only the Mutex protects it
                    AtomicInteger arrived = new AtomicInteger();
                    Crew crew = t.crew("locker", threads, i -> {
                        String me = "locker-" + i;
                        Checks.rendezvous(arrived, threads);
                        for (int k = 0; k < iterations; k++) {
                            if (k % 8 == 7) {
                                while (!m.tryLock()) {
                                    Thread.onSpinWait();
                                }
                            } else {
                                m.lock();
                            }
                            int n = inside.incrementAndGet();
                            if (n != 1) {
                                throw t.fail(me + " got the Mutex (" + (k % 8 == 7 ? "tryLock()" : "lock()") + ") while "
                                        + holder.get() + " held it: " + n + " holders at once", "at most one holder at a time");
                            }
                            holder.set(me);
                            counter[0]++;
                            ops.incrementAndGet();
                            if ((k & 15) == 0) {
                                LockSupport.parkNanos(20_000L); // holding the lock off-CPU: the others pile up in lock() and sleep
                            } else {
                                Trial.spin(200 + (k & 7) * 100);
                            }
                            inside.decrementAndGet();
                            try {
                                m.unlock();
                            } catch (IllegalMonitorStateException e) {
                                throw t.fail(me + "'s unlock(), right after its own lock(), threw IllegalMonitorStateException: "
                                                + "another thread had taken the Mutex while " + me + " held it",
                                        "at most one holder at a time (the holder's unlock() then succeeds)");
                            }
                        }
                    });
                    Checks.join(crew.start(), Checks.HANG, ops::get,
                            () -> fmt("after %d of %d lock()/unlock() pairs, threads stopped making progress", ops.get(), threads * iterations),
                            "each of " + threads + " threads finishes its " + iterations + " lock()/unlock() pairs");
                    int total = threads * iterations;
                    t.check(counter[0] == total,
                            "a counter incremented " + total + " times under the Mutex reads " + counter[0]
                                    + ": " + (total - counter[0]) + " updates were lost",
                            "exactly " + total + ": unlock() publishes the holder's writes to the next lock()");
                });
    }

    /** Every thread finishes under heavy contention: a lost wake-up shows as a hang. */
    static Scenario progress() {
        return Scenario.named("level0-progress-under-contention").subject(MUTEX).prerequisite()
                .proves("Your Level 0 Mutex: under heavy contention every thread in lock() gets in (no lost wake-up)")
                .trials(8).budget(ms(150))
                .body(t -> {
                    Mutex m = newMutex(t);
                    int threads = 4;
                    int iterations = 120;
                    AtomicInteger done = new AtomicInteger();
                    AtomicInteger arrived = new AtomicInteger();
                    AtomicInteger inside = new AtomicInteger();
                    Crew crew = t.crew("locker", threads, i -> {
                        Checks.rendezvous(arrived, threads);
                        for (int k = 0; k < iterations; k++) {
                            m.lock();
                            if (inside.incrementAndGet() != 1) {
                                throw t.fail("locker-" + i + " returned from lock() while another thread held the Mutex",
                                        "at most one holder at a time, also for a thread woken in lock()");
                            }
                            if ((k & 7) == 0) {
                                LockSupport.parkNanos(20_000L); // off-CPU while holding: the others go to sleep in lock()
                            } else {
                                Trial.spin(2_000);
                            }
                            inside.decrementAndGet();
                            m.unlock();
                            done.incrementAndGet();
                        }
                    });
                    Checks.join(crew.start(), Checks.HANG, done::get,
                            () -> fmt("after %d of %d lock()/unlock() pairs, threads stayed asleep in lock() while the Mutex was free",
                                    done.get(), threads * iterations),
                            "every thread waiting in lock() is woken when the Mutex is released");
                });
    }

    /** unlock() by a thread that does not hold the Mutex throws IMSE and changes nothing. */
    static Scenario unlockByNonOwner() {
        return Scenario.named("level0-unlock-by-non-owner").subject(MUTEX).prerequisite()
                .proves("Your Level 0 Mutex: unlock() by a thread that does not hold it throws IllegalMonitorStateException and leaves the lock as it was")
                .trials(1)
                .body(t -> {
                    Mutex m = newMutex(t);
                    // 1. unlock() of a free Mutex
                    Solo<Void> free = Solo.start("caller", () -> {
                        m.unlock();
                        return null;
                    });
                    expectImse(t, free, "unlock() of a Mutex that nobody holds");
                    // 2. unlock() while another thread holds it
                    CountDownLatch locked = new CountDownLatch(1);
                    CountDownLatch release = new CountDownLatch(1);
                    Solo<Boolean> holder = Solo.start("holder", () -> {
                        m.lock();
                        locked.countDown();
                        release.await();
                        boolean stillHeld = m.isHeldByCurrentThread();
                        m.unlock();
                        return stillHeld;
                    });
                    if (!locked.await(3, TimeUnit.SECONDS)) {
                        holder.rethrowIfThrown("lock()");
                        throw holder.hang("lock() of a free Mutex had not returned after 3000 ms", "lock() of a free Mutex returns at once");
                    }
                    Solo<Void> stranger = Solo.start("stranger", () -> {
                        m.unlock();
                        return null;
                    });
                    expectImse(t, stranger, "unlock() by a thread while another thread holds the Mutex");
                    Solo<Boolean> probe = Solo.start("stranger", m::tryLock);
                    Boolean stolen = probe.join(ms(3000), "tryLock()", "tryLock() never waits");
                    t.check(!stolen, "after a refused unlock() by a stranger, the stranger's tryLock() succeeded while the holder still held the Mutex",
                            "a refused unlock() leaves the Mutex held by its holder");
                    release.countDown();
                    Boolean stillHeld = holder.join(ms(3000), "unlock() by the holder", "the holder's unlock() returns at once");
                    t.check(stillHeld, "after a stranger's refused unlock(), isHeldByCurrentThread() was false for the thread holding the Mutex",
                            "a refused unlock() leaves the Mutex held by its holder");
                    Solo<Boolean> after = Solo.start("caller", () -> {
                        boolean ok = m.tryLock();
                        if (ok) {
                            m.unlock();
                        }
                        return ok;
                    });
                    t.check(after.join(ms(3000), "tryLock()", "tryLock() never waits"),
                            "once the holder had unlocked, tryLock() on the free Mutex failed", "the Mutex free again");
                });
    }

    private static void expectImse(Trial t, Solo<?> call, String what) throws InterruptedException {
        if (!call.await(ms(3000))) {
            throw call.hang(what + " had not returned after 3000 ms", "IllegalMonitorStateException at once");
        }
        Throwable e = call.thrown();
        if (Checks.notStarted(e)) {
            throw call.crash(what);
        }
        if (!(e instanceof IllegalMonitorStateException)) {
            throw t.fail(what + (e == null ? " returned normally" : " threw " + Checks.name(e)),
                    "IllegalMonitorStateException: only the holder may unlock");
        }
    }

    /** isHeldByCurrentThread() is true for the holder only: the condition variable relies on it. */
    static Scenario isHeldByCurrentThread() {
        return Scenario.named("level0-is-held-by-current-thread").subject(MUTEX).prerequisite()
                .proves("Your Level 0 Mutex: isHeldByCurrentThread() is true exactly for the thread that holds it (await relies on it)")
                .trials(1)
                .body(t -> {
                    Mutex m = newMutex(t);
                    CountDownLatch locked = new CountDownLatch(1);
                    CountDownLatch release = new CountDownLatch(1);
                    Solo<String> holder = Solo.start("holder", () -> {
                        if (m.isHeldByCurrentThread()) {
                            return "isHeldByCurrentThread() was true before lock()";
                        }
                        m.lock();
                        if (!m.isHeldByCurrentThread()) {
                            return "isHeldByCurrentThread() was false right after lock()";
                        }
                        locked.countDown();
                        release.await();
                        m.unlock();
                        if (m.isHeldByCurrentThread()) {
                            return "isHeldByCurrentThread() was still true after unlock()";
                        }
                        if (!m.tryLock()) {
                            return "tryLock() failed on a free Mutex";
                        }
                        if (!m.isHeldByCurrentThread()) {
                            return "isHeldByCurrentThread() was false right after a successful tryLock()";
                        }
                        m.unlock();
                        return null;
                    });
                    if (locked.await(3, TimeUnit.SECONDS)) {
                        Solo<Boolean> other = Solo.start("other", m::isHeldByCurrentThread);
                        Boolean otherHeld = other.join(ms(3000), "isHeldByCurrentThread()", "it returns at once");
                        t.check(!otherHeld, "isHeldByCurrentThread() was true for a thread while ANOTHER thread held the Mutex",
                                "true only for the holder");
                    }
                    release.countDown();
                    String problem = holder.join(ms(3000), "lock()/unlock()", "lock() of a free Mutex returns at once");
                    t.check(problem == null, problem, "true after lock() or a successful tryLock(), false before and after unlock()");
                });
    }
}
