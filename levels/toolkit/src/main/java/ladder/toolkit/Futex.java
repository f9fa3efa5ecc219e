package ladder.toolkit;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Wait on an {@link AtomicInteger} until another thread wakes you: Java's counterpart of the
 * Linux {@code futex(2)} and of JavaScript's {@code Atomics.wait} / {@code Atomics.notify}.
 *
 * <p>The contract that makes a futex useful is the <em>atomic check-and-sleep</em>:
 * {@link #await(AtomicInteger, int)} compares the word with the value you expect and goes to
 * sleep as one step with respect to {@link #wake}. If another thread changes the word and then
 * calls {@code wake}, a waiter either saw the new value (and returned at once) or was already
 * queued (and is woken). That is what closes the "lost wake-up" window between "I checked, the
 * lock is taken" and "I went to sleep".
 *
 * <p>A return from {@code await} means only "look again": it may be a wake, an interrupt, a
 * timeout or a spurious wake-up. Callers always re-check their condition in a loop:
 * <pre>{@code
 * while (state.get() == LOCKED) {
 *     Futex.await(state, LOCKED);      // sleeps only if the word still reads LOCKED
 * }
 * }</pre>
 *
 * <p><b>Interrupts.</b> An interrupted thread's {@code await} returns at once and does not clear
 * the interrupt status. Code that must keep waiting through an interrupt (a non-interruptible
 * {@code lock()}) clears the status with {@link Thread#interrupted()} while it waits and sets it
 * again before returning.
 *
 * <p><b>Under grading</b> the ladder's grader starts the JVM with
 * {@code -Dladder.futex.spuriousPercent=N}: each {@code await} then returns spuriously with
 * probability N%, without having been woken, so code that forgets to re-check fails.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it writes the word and calls
 * {@link #wake} <i>happen-before</i> the return of an {@code await} that it woke. (In practice
 * callers rely on the word itself: it is an {@code AtomicInteger}, so a write to it
 * happens-before every read that sees that write.)
 */
public final class Futex {

    /*
     * Implementation overview.
     *
     * Like the Linux futex, waiters are kept in a fixed table of hash buckets chosen by the
     * identity of the word; each bucket is a FIFO list of Waiter nodes guarded by the bucket's
     * monitor. (The toolkit is infrastructure, not an exercise: it may use a monitor.)
     *
     *   await: lock bucket; if word != expected -> unlock, return;
     *          append node; unlock; park until node.woken (or interrupt, timeout, spurious);
     *          if not woken: lock bucket and unlink node -- unless a waker unlinked it first,
     *          in which case the wake counts (a wake is never lost).
     *   wake:  lock bucket; unlink up to count nodes of this word, oldest first, setting
     *          woken; unlock; unpark each.
     *
     * Because the compare in await and the scan in wake hold the same bucket lock, a waker that
     * changed the word before calling wake either finds the waiter queued or the waiter saw the
     * new value: there is no window in which a wake-up can fall between check and sleep.
     *
     * A node's "woken" flag is written under the bucket lock and read by its owner with a
     * volatile load: once set, the node is out of the list and belongs to its owner again.
     */

    private static final int BUCKETS = 256; // power of two
    private static final Bucket[] TABLE = new Bucket[BUCKETS];
    private static final int SPURIOUS_PERCENT =
            Math.max(0, Math.min(100, Integer.getInteger("ladder.futex.spuriousPercent", 0)));

    static {
        for (int i = 0; i < BUCKETS; i++) {
            TABLE[i] = new Bucket();
        }
    }

    private Futex() {}

    /**
     * Blocks while {@code word.get() == expected}, until woken by {@link #wake}, interrupted, or
     * spuriously. Returns at once if the word already differs or the thread is interrupted.
     *
     * @param word     the word to wait on
     * @param expected the value that means "keep sleeping"
     * @throws NullPointerException if {@code word} is null
     */
    public static void await(AtomicInteger word, int expected) {
        awaitNanos(word, expected, 0L, false);
    }

    /**
     * As {@link #await(AtomicInteger, int)}, giving up after the timeout.
     *
     * @return {@code false} only when the timeout elapsed; {@code true} for every other return
     *     (woken, value differed, interrupted, spurious)
     * @throws NullPointerException if {@code word} or {@code unit} is null
     */
    public static boolean await(AtomicInteger word, int expected, long timeout, TimeUnit unit) {
        long nanos = unit.toNanos(timeout);
        if (nanos <= 0L) {
            return word.get() != expected || Thread.currentThread().isInterrupted();
        }
        return awaitNanos(word, expected, nanos, true);
    }

    /**
     * Wakes up to {@code count} threads waiting on {@code word}, oldest first.
     *
     * @return how many threads were woken
     * @throws NullPointerException if {@code word} is null
     */
    public static int wake(AtomicInteger word, int count) {
        if (word == null) {
            throw new NullPointerException("word");
        }
        if (count <= 0) {
            return 0;
        }
        Bucket bucket = bucketOf(word);
        Waiter woken = null; // chain of nodes to unpark, built under the lock
        int n = 0;
        synchronized (bucket) {
            Waiter prev = null;
            for (Waiter w = bucket.head; w != null && n < count; ) {
                Waiter next = w.next;
                if (w.word == word) {
                    bucket.unlink(prev, w);
                    w.woken = true;
                    w.nextWoken = woken;
                    woken = w;
                    n++;
                } else {
                    prev = w;
                }
                w = next;
            }
        }
        for (Waiter w = woken; w != null; w = w.nextWoken) {
            LockSupport.unpark(w.thread);
        }
        return n;
    }

    /** Wakes every thread waiting on {@code word}; returns how many. */
    public static int wakeAll(AtomicInteger word) {
        return wake(word, Integer.MAX_VALUE);
    }

    /** How many threads currently wait on {@code word} (a snapshot, for tests and graders). */
    public static int waiters(AtomicInteger word) {
        Bucket bucket = bucketOf(word);
        int n = 0;
        synchronized (bucket) {
            for (Waiter w = bucket.head; w != null; w = w.next) {
                if (w.word == word) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean awaitNanos(AtomicInteger word, int expected, long nanos, boolean timed) {
        if (word == null) {
            throw new NullPointerException("word");
        }
        Thread me = Thread.currentThread();
        if (me.isInterrupted()) {
            return true;
        }
        Bucket bucket = bucketOf(word);
        Waiter node = new Waiter(word, me);
        synchronized (bucket) {
            if (word.get() != expected) {
                return true;
            }
            bucket.append(node);
        }
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        boolean spurious = SPURIOUS_PERCENT > 0
                && ThreadLocalRandom.current().nextInt(100) < SPURIOUS_PERCENT;
        boolean timedOut = false;
        while (!node.woken) {
            if (me.isInterrupted()) {
                break;
            }
            if (spurious) {
                // Sleep a little, as a real spurious wake-up would come at a random moment.
                LockSupport.parkNanos(Futex.class, ThreadLocalRandom.current().nextLong(20_000L, 200_000L));
                break;
            }
            if (timed) {
                long left = deadline - System.nanoTime();
                if (left <= 0L) {
                    timedOut = true;
                    break;
                }
                LockSupport.parkNanos(Futex.class, left);
            } else {
                LockSupport.park(Futex.class);
            }
        }
        if (node.woken) {
            return true;
        }
        synchronized (bucket) {
            if (node.woken) {
                return true; // a waker picked us at the same moment: the wake counts
            }
            bucket.remove(node);
        }
        return !timedOut;
    }

    private static Bucket bucketOf(AtomicInteger word) {
        int h = System.identityHashCode(word);
        h ^= (h >>> 16);
        return TABLE[h & (BUCKETS - 1)];
    }

    /** One waiting thread. Fields other than {@code woken} are guarded by the bucket monitor. */
    private static final class Waiter {
        final AtomicInteger word;
        final Thread thread;
        Waiter next;
        Waiter nextWoken;
        volatile boolean woken;

        Waiter(AtomicInteger word, Thread thread) {
            this.word = word;
            this.thread = thread;
        }
    }

    /** A FIFO list of waiters. Call only when holding the bucket's monitor. */
    private static final class Bucket {
        Waiter head;
        Waiter tail;

        void append(Waiter w) {
            if (tail == null) {
                head = w;
            } else {
                tail.next = w;
            }
            tail = w;
        }

        void unlink(Waiter prev, Waiter w) {
            Waiter next = w.next;
            if (prev == null) {
                head = next;
            } else {
                prev.next = next;
            }
            if (tail == w) {
                tail = prev;
            }
            w.next = null;
        }

        void remove(Waiter w) {
            Waiter prev = null;
            for (Waiter p = head; p != null; prev = p, p = p.next) {
                if (p == w) {
                    unlink(prev, p);
                    return;
                }
            }
        }
    }
}
