package ladder.level4;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * A non-reentrant, phase-fair read/write lock built from one atomic state word and the
 * toolkit's {@link Futex}.
 *
 * <p>Any number of readers may hold the lock together; a writer holds it alone. The lock is
 * <em>phase-fair</em>: when both kinds of thread are waiting, read phases and write phases
 * alternate, so neither kind starves the other.
 * <ul>
 *   <li>A writer that is waiting stops new readers from entering: they queue behind it, and it
 *       gets in as soon as the readers already inside have left (writers do not starve under a
 *       stream of readers).</li>
 *   <li>When a writer releases, every reader that was waiting at that moment is admitted, as
 *       one batch, before the next writer (readers do not starve under a stream of writers).</li>
 *   <li>{@link #tryLockRead()} fails while a writer holds or waits; {@link #tryLockWrite()}
 *       fails while any reader or writer holds the lock, or another writer has announced itself.
 *       Neither ever waits.</li>
 * </ul>
 *
 * <p>{@link #lockRead()} and {@link #lockWrite()} are not interruptible: an interrupt does not
 * end the wait, and they return with the interrupt status set. Waiting threads sleep in
 * {@link Futex#await}, after a short spin. Not reentrant: a second {@code lockRead()} by a reader
 * may block behind a waiting writer, and {@code lockWrite()} by a thread that holds the lock in
 * either mode deadlocks. Releasing what the calling thread does not hold throws
 * {@link IllegalMonitorStateException}. At most 32,767 readers may hold the lock at once, and at
 * most 16,383 wait for one write phase to end; beyond that the lock throws an {@link Error}, as
 * {@code ReentrantReadWriteLock} does past 65,535.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before {@link #unlockWrite()}
 * <i>happen-before</i> actions in any thread after a subsequent successful acquisition in either
 * mode; actions in a reader before {@link #unlockRead()} <i>happen-before</i> actions after a
 * subsequent successful {@link #lockWrite()} or {@link #tryLockWrite()}. Readers get no ordering
 * among themselves: they may only read what the lock guards.
 */
// BROKEN (unlockWrite wakes one reader of the batch)
public final class ReadWriteLock {

    /*
     * Implementation overview (the phase-fair reader/writer lock of Brandenburg and Anderson,
     * "Spin-Based Reader-Writer Synchronization for Multiprocessor Real-Time Systems", 2010,
     * folded into one word and made to sleep on futexes).
     *
     * The state word, bit by bit:
     *
     *   bit  31      PHASE    flipped by every unlockWrite(): the end of a write phase
     *   bit  30      HANDOFF  the releasing writer passed WRITER on to a waiting writer that has
     *                         not claimed it yet (WRITER is set too)
     *   bit  29      WRITER   a writer is present: it holds the lock, or it waits for the readers
     *                         inside to drain, or it is being handed the lock (HANDOFF)
     *   bits 15..28  WAITING  readers that arrived while WRITER was set; the writer admits them
     *                         all, as a batch, when it releases (14 bits)
     *   bits  0..14  ACTIVE   readers that hold the lock, counting an admitted batch from the
     *                         moment of its admission (15 bits)
     *
     * Invariants:
     *   (1) WRITER clear => WAITING == 0 and HANDOFF clear. Readers only join WAITING with a CAS
     *       that sees WRITER set, and unlockWrite() moves WAITING into ACTIVE in the same CAS
     *       that clears (or hands off) WRITER.
     *   (2) A writer holds the lock exactly when it set WRITER (or claimed HANDOFF) and then saw
     *       ACTIVE == 0. While WRITER is set no reader joins ACTIVE (they join WAITING instead),
     *       so once ACTIVE reads 0 it stays 0 until that writer releases: a writer is alone.
     *
     * lockRead(): CAS ACTIVE+1 while WRITER is clear. Otherwise CAS WAITING+1, remember PHASE,
     *   and sleep on the state word until PHASE flips: the writer's release counted us into
     *   ACTIVE already, so we return holding the lock without another CAS. One phase bit
     *   suffices: after the flip we are counted in ACTIVE, and the next writer cannot release
     *   (and flip again) before we have left.
     * unlockRead(): getAndAdd(-1). The thread that takes ACTIVE from 1 to 0 while WRITER is set
     *   rings drainBell: the present writer sleeps there until the readers are gone.
     * lockWrite(): set WRITER by CAS (or claim a HANDOFF meant for a waiting writer), then sleep
     *   on drainBell until ACTIVE == 0. Writers that find WRITER set and nothing to claim count
     *   themselves in writersWaiting and sleep on writerBell.
     * unlockWrite(): one CAS: ACTIVE := WAITING, WAITING := 0, PHASE flipped, and WRITER cleared
     *   -- or, if a writer is counted in writersWaiting, WRITER|HANDOFF kept set, so that no new
     *   reader slips in between this writer and the next. Then wake every waiting reader (they
     *   sleep on the state word) and one waiting writer.
     *
     * Why no wake-up is lost: every sleep is Futex.await(word, v) where v was read after the
     * sleeper's own announcement (its WAITING CAS, its writersWaiting increment) and before its
     * last check of the state. A waker changes the state first and then bumps the bell it
     * wakes; so a sleeper either sees the change in its check, sees the bell move (await returns
     * at once), or is already queued when the wake comes. writersWaiting is read by
     * unlockWrite() AFTER its CAS: a writer that counted itself too late to be seen there reads
     * the state afterwards and finds WRITER clear.
     *
     * Memory ordering: every transition is a volatile read-modify-write of the state word, so
     * the releasing CAS of a writer synchronizes-with the acquiring CAS (or the PHASE-flip load
     * of an admitted reader), and a reader's releasing getAndAdd synchronizes-with the writer's
     * load that sees ACTIVE == 0. owner is written only by the write holder; readHolds is
     * thread-confined.
     *
     * Benign races: owner is read by unlockWrite() without any lock held; the only thread that
     * can find itself there is the one that wrote itself there, so IMSE decisions are exact
     * whatever stale value other threads see. writersWaiting may count a
     * writer that is about to find WRITER clear and take it directly; the handoff then passes
     * WRITER to whichever counted writer claims it first, and the others sleep again.
     */

    static final int ACTIVE_SHIFT = 0;
    static final int ACTIVE_BITS = 15;
    static final int ACTIVE_MASK = ((1 << ACTIVE_BITS) - 1) << ACTIVE_SHIFT;
    static final int ACTIVE_ONE = 1 << ACTIVE_SHIFT;
    static final int MAX_ACTIVE = (1 << ACTIVE_BITS) - 1;

    static final int WAITING_SHIFT = 15;
    static final int WAITING_BITS = 14;
    static final int WAITING_MASK = ((1 << WAITING_BITS) - 1) << WAITING_SHIFT;
    static final int WAITING_ONE = 1 << WAITING_SHIFT;
    static final int MAX_WAITING = (1 << WAITING_BITS) - 1;

    static final int WRITER_SHIFT = 29;
    static final int WRITER_MASK = 1 << WRITER_SHIFT;
    static final int HANDOFF_SHIFT = 30;
    static final int HANDOFF_MASK = 1 << HANDOFF_SHIFT;
    static final int PHASE_SHIFT = 31;
    static final int PHASE_MASK = 1 << PHASE_SHIFT;

    /** Spins on the word before sleeping: most holds are shorter than a park and unpark. */
    private static final int SPINS = 64;

    static int active(int s) {
        return (s & ACTIVE_MASK) >>> ACTIVE_SHIFT;
    }

    static int waiting(int s) {
        return (s & WAITING_MASK) >>> WAITING_SHIFT;
    }

    static boolean writer(int s) {
        return (s & WRITER_MASK) != 0;
    }

    static boolean handoff(int s) {
        return (s & HANDOFF_MASK) != 0;
    }

    static int phase(int s) {
        return s & PHASE_MASK;
    }

    /** The state word (see the bit table). Waiting readers sleep on it. */
    private final AtomicInteger state = new AtomicInteger();
    /** Writers that found WRITER set and nothing to claim; read by unlockWrite() after its CAS. */
    private final AtomicInteger writersWaiting = new AtomicInteger();
    /** Futex bell of writers waiting for WRITER: bumped when WRITER is released or handed off. */
    private final AtomicInteger writerBell = new AtomicInteger();
    /** Futex bell of the present writer waiting for ACTIVE to reach 0: bumped by the last reader out. */
    private final AtomicInteger drainBell = new AtomicInteger();
    /** The thread that holds the write lock; written only by it. */
    private volatile Thread owner;
    /** How many read holds the current thread has on this lock (thread-confined counters). */
    private final ThreadLocal<int[]> readHolds = ThreadLocal.withInitial(() -> new int[1]);

    /** Creates an unlocked read/write lock. */
    public ReadWriteLock() {}

    private int lvState() {
        return state.get();
    }

    private boolean casState(int expect, int update) {
        return state.compareAndSet(expect, update);
    }

    // ------------------------------------------------------------------------------ readers

    /**
     * Acquires the read lock, waiting while a writer holds it or waits for it. Not
     * interruptible: an interrupt does not end the wait, and the method returns with the
     * interrupt status set.
     */
    public void lockRead() {
        for (;;) {
            int s = lvState();
            if (!writer(s)) {
                if (active(s) == MAX_ACTIVE) {
                    throw new Error("Maximum read lock count exceeded");
                }
                if (casState(s, s + ACTIVE_ONE)) {
                    break;
                }
            } else {
                if (waiting(s) == MAX_WAITING) {
                    throw new Error("Maximum count of waiting readers exceeded");
                }
                if (casState(s, s + WAITING_ONE)) {
                    awaitAdmission(phase(s)); // the releasing writer counts us into ACTIVE
                    break;
                }
            }
        }
        readHolds.get()[0]++;
    }

    /** Call only after joining WAITING in phase {@code phase}: returns once a writer admitted us. */
    private void awaitAdmission(int phase) {
        for (int i = 0; i < SPINS; i++) {
            if (phase(lvState()) != phase) {
                return;
            }
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        for (;;) {
            int s = lvState();
            if (phase(s) != phase) {
                break;
            }
            Futex.await(state, s);
            if (Thread.interrupted()) {
                interrupted = true; // keep waiting: lockRead() is not interruptible
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Acquires the read lock only if no writer holds it or waits for it. Never waits (it retries
     * a CAS lost to another reader, which always makes progress).
     *
     * @return {@code true} if the read lock was acquired
     */
    public boolean tryLockRead() {
        for (;;) {
            int s = lvState();
            if (writer(s)) {
                return false;
            }
            if (active(s) == MAX_ACTIVE) {
                throw new Error("Maximum read lock count exceeded");
            }
            if (casState(s, s + ACTIVE_ONE)) {
                readHolds.get()[0]++;
                return true;
            }
        }
    }

    /**
     * Releases one read hold of the calling thread; the last reader out lets a waiting writer in.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the read lock
     */
    public void unlockRead() {
        int[] holds = readHolds.get();
        if (holds[0] == 0) {
            throw new IllegalMonitorStateException("unlockRead() by a thread that does not hold the read lock");
        }
        holds[0]--;
        int prev = state.getAndAdd(-ACTIVE_ONE); // ACTIVE >= 1: we are counted in it, so no borrow
        if (active(prev) == 1 && writer(prev)) {
            drainBell.incrementAndGet();
            Futex.wake(drainBell, 1); // only the present writer sleeps on drainBell
        }
    }

    // ------------------------------------------------------------------------------ writers

    /**
     * Acquires the write lock, waiting while any reader or writer holds it. New readers queue
     * behind a waiting writer. Not interruptible: an interrupt does not end the wait, and the
     * method returns with the interrupt status set.
     */
    public void lockWrite() {
        int s = lvState();
        if ((s & ~PHASE_MASK) == 0 && casState(s, s | WRITER_MASK)) {
            owner = Thread.currentThread(); // fast path: the lock was free
            return;
        }
        boolean interrupted = becomePresentWriter();
        interrupted |= awaitDrained();
        owner = Thread.currentThread();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sets WRITER, or claims a HANDOFF; returns whether an interrupt came while waiting. */
    private boolean becomePresentWriter() {
        boolean interrupted = false;
        boolean counted = false;
        int spins = SPINS;
        for (;;) {
            int bell = writerBell.get();
            int s = lvState();
            if (!writer(s)) {
                if (casState(s, s | WRITER_MASK)) {
                    break;
                }
                continue;
            }
            if (handoff(s) && counted) {
                if (casState(s, s & ~HANDOFF_MASK)) { // WRITER stays set: it is ours now
                    break;
                }
                continue;
            }
            if (!counted) {
                writersWaiting.incrementAndGet(); // seen by unlockWrite() after its CAS: re-check first
                counted = true;
                continue;
            }
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
                continue;
            }
            Futex.await(writerBell, bell);
            if (Thread.interrupted()) {
                interrupted = true; // keep waiting: lockWrite() is not interruptible
            }
        }
        if (counted) {
            writersWaiting.decrementAndGet();
        }
        return interrupted;
    }

    /** Call only as the present writer (WRITER set by us): waits until no reader is inside. */
    private boolean awaitDrained() {
        boolean interrupted = false;
        int spins = SPINS;
        for (;;) {
            int bell = drainBell.get();
            if (active(lvState()) == 0) {
                return interrupted;
            }
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
                continue;
            }
            Futex.await(drainBell, bell);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
    }

    /**
     * Acquires the write lock only if no reader or writer holds it and no other writer has
     * announced itself. Never waits.
     *
     * @return {@code true} if the write lock was acquired
     */
    public boolean tryLockWrite() {
        int s = lvState();
        if ((s & ~PHASE_MASK) == 0 && casState(s, s | WRITER_MASK)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    /**
     * Releases the write lock: admits every reader waiting now as one batch, and passes the
     * writer's turn to a waiting writer, which gets in once that batch has left.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the write lock
     */
    public void unlockWrite() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("unlockWrite() by a thread that does not hold the write lock");
        }
        owner = null;
        int s;
        int next;
        do {
            s = lvState(); // ACTIVE == 0 and HANDOFF clear: we are the writer that holds the lock
            next = (waiting(s) << ACTIVE_SHIFT) | ((s ^ PHASE_MASK) & PHASE_MASK);
            if (writersWaiting.get() > 0) {
                next |= WRITER_MASK | HANDOFF_MASK; // keep new readers out until a waiting writer claims it
            }
        } while (!casState(s, next));
        if (waiting(s) > 0) {
            Futex.wake(state, 1); // only one of the admitted readers is woken
        }
        if (handoff(next) || writersWaiting.get() > 0) {
            writerBell.incrementAndGet();
            Futex.wake(writerBell, 1);
        }
    }
}
