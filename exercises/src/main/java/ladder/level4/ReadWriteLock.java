package ladder.level4;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Level 4: a read/write lock, built from one atomic state word and {@link Futex}.
 *
 * <p>The story: a price table, a routing table, a configuration snapshot. Hundreds of threads
 * read it all the time; once in a while one thread replaces an entry. A mutex would make every
 * reader wait for every other reader, for nothing: readers do not disturb each other. A
 * read/write lock lets any number of readers in together and keeps a writer alone. The hard part
 * is fairness. If readers may always join other readers, a steady stream of them keeps a writer
 * out forever; if waiting writers always go first, a steady stream of writers keeps readers out
 * forever. Your lock must starve neither.
 *
 * <p>The invariant to keep: <b>while a writer holds the lock, nobody else does</b> (no reader,
 * no other writer); any number of readers may hold it together; and everything a writer wrote
 * before {@code unlockWrite()} is visible to whoever acquires the lock next.
 *
 * <p>The rules of the exercise:
 * <ul>
 *   <li>Policy. A waiting writer stops new readers from entering: they wait behind it, and it
 *       gets in once the readers already inside have left. When a writer releases, the readers
 *       that were waiting at that moment get in before the next writer.</li>
 *   <li>{@code lockRead()} and {@code lockWrite()} wait (blocked in {@link Futex#await}, not
 *       spinning for the whole wait). They are not interruptible: keep waiting through an
 *       interrupt and return with the interrupt status still set.</li>
 *   <li>{@code tryLockRead()} never waits, and fails while a writer holds or waits.
 *       {@code tryLockWrite()} never waits, and fails while any reader or writer holds.</li>
 *   <li>{@code unlockRead()} by a thread that does not hold the read lock, and
 *       {@code unlockWrite()} by a thread that does not hold the write lock, throw
 *       {@link IllegalMonitorStateException}.</li>
 *   <li>Not reentrant: a second {@code lockRead()} by a reader may block (the grader does not
 *       try it).</li>
 *   <li>Allowed: {@code java.util.concurrent.atomic}, {@code LockSupport}, {@code Thread.onSpinWait},
 *       {@code ThreadLocal} and {@link Futex}. Not allowed: {@code synchronized},
 *       {@code wait/notify}, {@code ReentrantReadWriteLock}, {@code StampedLock} and the rest of
 *       {@code java.util.concurrent.locks} (but {@code LockSupport}).</li>
 * </ul>
 *
 * <p>Run {@code ladder lesson level4} to read the lesson, {@code ladder hint level4} when stuck,
 * and {@code ladder check level4} to grade.
 */
public final class ReadWriteLock {

    // TODO: the state word. One AtomicInteger can hold a count of readers inside, a bit that
    //       says "a writer is here", and whatever else your policy needs (readers waiting for
    //       the writer to finish, a phase bit...). Write down which bits mean what, with
    //       *_SHIFT / *_MASK constants and small decoders, before writing any method.
    private final AtomicInteger state = new AtomicInteger();

    // TODO: remember which thread holds the write lock, and how many read holds each thread
    //       has (a ThreadLocal counter is fine), so the unlock methods can refuse the others.

    /** Creates an unlocked read/write lock. */
    public ReadWriteLock() {}

    /** Acquires the read lock, waiting while a writer holds it or waits for it. */
    public void lockRead() {
        // TODO: in a CAS loop, add one reader while no writer is present. If a writer is present,
        //       wait (Futex.await on a word the writer will change and wake) and try again -- or
        //       let the writer admit you when it releases. Re-check after every wake-up; keep
        //       waiting through interrupts and restore the interrupt status before returning.
        throw new UnsupportedOperationException("TODO ReadWriteLock.lockRead()");
    }

    /** Acquires the read lock only if no writer holds it or waits for it; never waits. */
    public boolean tryLockRead() {
        // TODO: the same CAS as lockRead(), but give up (return false) instead of waiting.
        throw new UnsupportedOperationException("TODO ReadWriteLock.tryLockRead()");
    }

    /**
     * Releases the calling thread's read hold.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the read lock
     */
    public void unlockRead() {
        // TODO: refuse a thread that holds no read lock; remove one reader (atomically!);
        //       if you were the last reader and a writer waits, wake it.
        throw new UnsupportedOperationException("TODO ReadWriteLock.unlockRead()");
    }

    /** Acquires the write lock, waiting while any reader or writer holds it. */
    public void lockWrite() {
        // TODO: announce yourself (so that new readers stop entering), then wait until the
        //       readers inside have left and no other writer holds the lock. Sleep, don't spin.
        throw new UnsupportedOperationException("TODO ReadWriteLock.lockWrite()");
    }

    /** Acquires the write lock only if nobody holds it; never waits. */
    public boolean tryLockWrite() {
        // TODO: one CAS from "nobody here" to "a writer holds it".
        throw new UnsupportedOperationException("TODO ReadWriteLock.tryLockWrite()");
    }

    /**
     * Releases the write lock.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the write lock
     */
    public void unlockWrite() {
        // TODO: refuse a thread that does not hold the write lock; let the readers that were
        //       waiting in first, then the next writer; wake whoever sleeps.
        throw new UnsupportedOperationException("TODO ReadWriteLock.unlockWrite()");
    }
}
