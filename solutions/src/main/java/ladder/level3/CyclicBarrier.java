package ladder.level3;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ladder.toolkit.Futex;

/**
 * A reusable rendezvous for a fixed number of threads, built from one packed atomic state word
 * and the toolkit's {@link Futex}: each of {@code parties} threads calls {@link #await()}, and
 * none of them returns until all of them have called it. Then the barrier re-arms itself for
 * the next round (the next <i>generation</i>).
 *
 * <p><b>Arrival index.</b> {@code await()} returns the caller's arrival index in its generation:
 * {@code getParties() - 1} for the first thread to arrive, {@code 0} for the last.
 *
 * <p><b>Barrier action.</b> The optional action runs once per generation, on the thread that
 * arrives last, after every party has arrived and before any of them is released. If it throws,
 * the barrier breaks: the last arriver gets the action's exception and the others a
 * {@link BrokenBarrierException}.
 *
 * <p><b>Breaking.</b> If a waiting thread is interrupted (or calls {@code await()} with its
 * interrupt status set), it throws {@link InterruptedException} and breaks the barrier: every
 * other thread waiting in that generation, and every thread that arrives afterwards, gets a
 * {@link BrokenBarrierException}, and {@link #isBroken()} reports {@code true} until
 * {@link #reset()}. An interrupt that comes after the last party arrived is too late to break the
 * generation: that thread returns its index normally with its interrupt status set.
 *
 * <p><b>Reset.</b> {@link #reset()} breaks the current generation (its waiters get a
 * {@link BrokenBarrierException}) and starts a fresh one: when it returns, the barrier is not
 * broken and can be used again. Do not call it from the barrier action.
 *
 * <p>Waiting threads are parked, not spinning (after a few dozen spins).
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to calling {@code await()}
 * <i>happen-before</i> actions that are part of the barrier action, which in turn
 * <i>happen-before</i> actions following a successful return from the corresponding
 * {@code await()} in other threads. Plain fields written by the parties before the barrier, or by
 * the action, are visible to every party after it.
 */
public final class CyclicBarrier {

    /*
     * Implementation overview.
     *
     * One 64-bit word holds everything a thread must see in one atomic read or change:
     *
     *   bits 63..32  GENERATION  which round this is; wraps around (only equality is ever tested)
     *   bit  31      BROKEN      the current generation is broken
     *   bits 30..0   ARRIVED     parties of the current generation that arrived and have not left
     *
     * plus a second word, `signal`, that only exists to sleep on: Futex works on an AtomicInteger,
     * and the state is 64 bits. Every change that a sleeper waits for (trip, break, the last broken
     * waiter leaving, reset) is made to `state` first and then published: signal++, wakeAll. A
     * sleeper reads signal *before* it reads state and sleeps with Futex.await(signal, sig): if
     * the change it waits for came after its read of state, then the bump of signal came after its
     * read of signal too, and the sleep returns at once or is woken. No wake-up is lost.
     *
     * Arrival: one CAS ARRIVED n -> n + 1 in the current generation; the arrival index is
     * parties - 1 - n. The arrival that makes ARRIVED == parties is the last one: it runs the action
     * while the word reads "ARRIVED == parties, not broken" ("tripping": no CAS by anyone else
     * succeeds or is tried in that state; arrivals for the next round and reset() wait it out), and
     * then publishes (GENERATION + 1, not broken, ARRIVED 0) with a volatile write (no CAS needed).
     *
     * A waiter of generation g leaves when GENERATION != g (tripped: return the index) or when
     * BROKEN is set with GENERATION == g (depart: ARRIVED - 1, then BrokenBarrierException).
     *
     * Why "GENERATION != g" can only mean "g tripped": a broken generation stays current until
     * every one of its waiters has departed (ARRIVED back to 0); only then may reset() move on to
     * g + 1. So a waiter that is still counted in g never sees g left by a reset, however late it
     * wakes up and however many generations have passed meanwhile. (glibc's pthread barrier has
     * the same rule: a round is reused only after all its threads have left.) The price is that
     * reset() of a broken generation waits for its woken waiters to run their departure, which
     * needs nothing but CPU time.
     *
     * Breaking: an interrupted waiter CASes (g, not broken, n < parties) -> (g, BROKEN, n - 1),
     * leaving in the same step. If the word reads "tripping", all parties are in: the interrupt
     * is too late; the waiter remembers it, waits for the trip and returns normally with its
     * interrupt status set (as java.util.concurrent.CyclicBarrier does). An action that throws
     * breaks the generation the same way, the last arriver leaving with the action's exception.
     *
     * Memory ordering: every arrival is a CAS on `state`, so the arrivals of a generation form one
     * chain in the word's modification order, which the last arriver's CAS ends; its action runs
     * after that CAS and its volatile write of the next generation follows the action. A waiter
     * leaves only after a volatile read that sees that write (or a later one). Hence everything a
     * party wrote before await() happens-before the action, and the action happens-before every
     * return of that generation.
     *
     * Benign races: none. Every field shared between threads is final or an atomic; the arrival
     * index and the generation a waiter holds are its own local copies of the word.
     */

    private static final int ARRIVED_SHIFT = 0;
    private static final long ARRIVED_MASK = 0x7FFF_FFFFL << ARRIVED_SHIFT;
    private static final int BROKEN_SHIFT = 31;
    private static final long BROKEN_MASK = 1L << BROKEN_SHIFT;
    private static final int GENERATION_SHIFT = 32;
    private static final long GENERATION_MASK = 0xFFFF_FFFFL << GENERATION_SHIFT;

    /** Spins before parking: a waiter whose generation trips within a few hundred ns never parks. */
    private static final int SPINS = 32;

    private final int parties;
    private final Runnable barrierAction;
    /** The packed state word: see the bit table above. */
    private final AtomicLong state = new AtomicLong(pack(0, false, 0));
    /** The futex word sleepers wait on; bumped after each change of {@code state} they wait for. */
    private final AtomicInteger signal = new AtomicInteger();

    /**
     * Creates a barrier for {@code parties} threads.
     *
     * @param parties       how many threads must call {@link #await()} before they are released
     * @param barrierAction run by the last arriving thread once per generation, before the others
     *                      are released; may be {@code null}
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public CyclicBarrier(int parties, Runnable barrierAction) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties < 1: " + parties);
        }
        this.parties = parties;
        this.barrierAction = barrierAction;
    }

    /**
     * Waits until all parties have called {@code await()} on this barrier.
     *
     * @return the arrival index of the calling thread: {@code getParties() - 1} for the first to
     *     arrive, {@code 0} for the last
     * @throws InterruptedException   if the calling thread was interrupted before or while waiting
     *     (the barrier is then broken for the others)
     * @throws BrokenBarrierException if the barrier was broken (by another thread's interrupt, a
     *     failed barrier action or {@link #reset()}) before or while this thread waited
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        for (;;) {
            int sig = lvSignal();
            long s = lvState();
            if (isBroken(s)) {
                throw new BrokenBarrierException();
            }
            int n = arrivedOf(s);
            if (n == parties) {
                awaitSignalUninterruptibly(sig); // the previous round is tripping: wait for its end
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                if (casState(s, s | BROKEN_MASK)) { // break it for the waiters; we never arrived
                    publish();
                    Thread.interrupted();
                    throw new InterruptedException();
                }
                continue;
            }
            if (casState(s, s + (1L << ARRIVED_SHIFT))) {
                int index = parties - 1 - n;
                return index == 0 ? trip(generationOf(s)) : awaitTrip(generationOf(s), index);
            }
        }
    }

    /** Runs the action and opens the next generation. Call only as the last arriver (word "tripping"). */
    private int trip(int generation) {
        Runnable action = barrierAction;
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                // Break this generation; the last arriver is no waiter, so it leaves at once.
                svState(pack(generation, true, parties - 1));
                publish();
                throw e;
            }
        }
        svState(pack(generation + 1, false, 0)); // releases the waiters: see awaitTrip
        publish();
        return 0;
    }

    /** Waits, as a counted waiter of {@code generation}, until it trips or breaks. */
    private int awaitTrip(int generation, int index) throws InterruptedException, BrokenBarrierException {
        boolean lateInterrupt = false; // interrupted after the last party arrived: too late to break
        int spins = SPINS;
        for (;;) {
            int sig = lvSignal();
            long s = lvState();
            if (generationOf(s) != generation) { // left only by a trip: see the overview
                if (lateInterrupt) {
                    Thread.currentThread().interrupt();
                }
                return index;
            }
            if (isBroken(s)) {
                depart();
                if (lateInterrupt) {
                    Thread.currentThread().interrupt();
                }
                throw new BrokenBarrierException();
            }
            if (Thread.interrupted()) {
                if (arrivedOf(s) == parties) {
                    lateInterrupt = true; // the trip is under way: let it finish, keep the interrupt
                } else if (casState(s, (s | BROKEN_MASK) - (1L << ARRIVED_SHIFT))) {
                    publish(); // broken, and this waiter has left in the same step
                    throw new InterruptedException();
                } else {
                    Thread.currentThread().interrupt(); // the word moved: look again, interrupt pending
                }
                continue;
            }
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
                continue;
            }
            Futex.await(signal, sig);
        }
    }

    /** Leaves a broken generation: ARRIVED - 1. The word stays (g, BROKEN, n >= 1) until then. */
    private void depart() {
        for (;;) {
            long s = lvState();
            long next = s - (1L << ARRIVED_SHIFT);
            if (casState(s, next)) {
                if (arrivedOf(next) == 0) {
                    publish(); // a reset() may be waiting for the last waiter of the broken round
                }
                return;
            }
        }
    }

    /** The number of parties required to trip this barrier. */
    public int getParties() {
        return parties;
    }

    /**
     * Whether the current generation is broken: by an interrupted waiter or a failed barrier
     * action, since construction or the last {@link #reset()}.
     */
    public boolean isBroken() {
        return isBroken(lvState());
    }

    /**
     * Breaks the current generation, if any party waits in it (they get a
     * {@link BrokenBarrierException}), and starts a fresh one. When this method returns, the
     * barrier is not broken. If the last party has just arrived, the trip completes first and the
     * reset applies to the generation after it.
     */
    public void reset() {
        boolean interrupted = false;
        try {
            for (;;) {
                int sig = lvSignal();
                long s = lvState();
                int n = arrivedOf(s);
                if (isBroken(s)) {
                    if (n == 0) {
                        if (casState(s, pack(generationOf(s) + 1, false, 0))) {
                            publish();
                            return;
                        }
                        continue;
                    }
                    // its waiters are awake and leaving: wait for the last one (below)
                } else if (n == 0) {
                    return; // nobody waits: the generation is as good as new
                } else if (n < parties) {
                    if (casState(s, s | BROKEN_MASK)) {
                        publish();
                    }
                    continue;
                }
                // else tripping: let the trip finish, then reset the generation after it
                if (Thread.interrupted()) {
                    interrupted = true; // reset() does not throw InterruptedException: keep waiting
                }
                Futex.await(signal, sig);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** signal++, then wake every sleeper: call after each change of {@code state} that sleepers wait for. */
    private void publish() {
        signal.incrementAndGet();
        Futex.wakeAll(signal);
    }

    // ---- accessors named for their memory ordering (lv: volatile load, sv: volatile store, cas) ----

    private long lvState() {
        return state.get();
    }

    /** Call only as the last arriver of a tripping generation: nobody else writes the word then. */
    private void svState(long s) {
        state.set(s);
    }

    private boolean casState(long expected, long next) {
        return state.compareAndSet(expected, next);
    }

    private int lvSignal() {
        return signal.get();
    }

    /** One sleep on {@code signal} that an interrupt does not cut short (the status is kept). */
    private void awaitSignalUninterruptibly(int sig) {
        boolean interrupted = Thread.interrupted();
        Futex.await(signal, sig);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- decoders of the state word ----

    private static long pack(int generation, boolean broken, int arrived) {
        return ((long) generation << GENERATION_SHIFT) & GENERATION_MASK
                | (broken ? BROKEN_MASK : 0L)
                | ((long) arrived << ARRIVED_SHIFT) & ARRIVED_MASK;
    }

    private static int generationOf(long s) {
        return (int) ((s & GENERATION_MASK) >>> GENERATION_SHIFT);
    }

    private static boolean isBroken(long s) {
        return (s & BROKEN_MASK) != 0L;
    }

    private static int arrivedOf(long s) {
        return (int) ((s & ARRIVED_MASK) >>> ARRIVED_SHIFT);
    }

    @Override
    public String toString() {
        long s = lvState();
        return super.toString() + "[parties=" + parties + ", generation=" + generationOf(s) + ", arrived="
                + arrivedOf(s) + (isBroken(s) ? ", broken" : "") + "]";
    }
}
