package ladder.level4;

import java.util.concurrent.atomic.AtomicInteger;

import ladder.toolkit.Futex;

/**
 * Correct alternative: a task-fair (FIFO) reader/writer ticket lock after Mellor-Crummey and Scott,
 * "Scalable Reader-Writer Synchronization for Shared-Memory Multiprocessors" (1991).
 *
 * <p>Two words, each packing a writer counter (bits 16..31) and a reader counter (bits 0..15),
 * both counting modulo 2^16: {@code requests} counts the tickets taken, {@code completions} the
 * holds finished. A reader takes a reader ticket and waits until every writer that requested
 * before it has completed; a writer takes a writer ticket and waits until everything requested
 * before it has completed. Requests are served in arrival order, so neither kind starves: a
 * reader waits for at most the writers already queued ahead of it. Waiters sleep on the
 * completions word; every release bumps it and wakes all sleepers (a herd, traded for simplicity).
 */
public final class ReadWriteLock {

    static final int READER_MASK = 0xFFFF;
    static final int WRITER_SHIFT = 16;
    static final int WRITER_ONE = 1 << WRITER_SHIFT;

    static int readers(int w) {
        return w & READER_MASK;
    }

    static int writers(int w) {
        return w >>> WRITER_SHIFT;
    }

    /** One more reader, wrapping inside the reader field (no carry into the writers). */
    static int plusReader(int w) {
        return (w & ~READER_MASK) | ((w + 1) & READER_MASK);
    }

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger completions = new AtomicInteger();
    /** Threads that may be asleep on completions; a release wakes only if this is non-zero. */
    private final AtomicInteger sleepers = new AtomicInteger();
    private volatile Thread owner;
    private final ThreadLocal<int[]> readHolds = ThreadLocal.withInitial(() -> new int[1]);

    public ReadWriteLock() {}

    public void lockRead() {
        int r;
        do {
            r = requests.get();
        } while (!requests.compareAndSet(r, plusReader(r)));
        int writersAhead = writers(r);
        awaitCompletions(true, writersAhead);
        readHolds.get()[0]++;
    }

    public boolean tryLockRead() {
        for (;;) {
            int r = requests.get();
            int c = completions.get();
            if (writers(r) != writers(c)) {
                return false; // a writer holds the lock or waits for it
            }
            if (requests.compareAndSet(r, plusReader(r))) {
                readHolds.get()[0]++;
                return true;
            }
        }
    }

    public void unlockRead() {
        int[] holds = readHolds.get();
        if (holds[0] == 0) {
            throw new IllegalMonitorStateException("no read hold");
        }
        holds[0]--;
        int c;
        do {
            c = completions.get();
        } while (!completions.compareAndSet(c, plusReader(c)));
        wakeSleepers();
    }

    public void lockWrite() {
        int ticket = requests.getAndAdd(WRITER_ONE);
        awaitCompletions(false, ticket);
        owner = Thread.currentThread();
    }

    public boolean tryLockWrite() {
        int r = requests.get();
        if (completions.get() != r) {
            return false;
        }
        if (requests.compareAndSet(r, r + WRITER_ONE)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    public void unlockWrite() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("not the writer");
        }
        owner = null;
        completions.getAndAdd(WRITER_ONE);
        wakeSleepers();
    }

    private boolean ready(boolean reader, int target, int c) {
        return reader ? writers(c) == target : c == target;
    }

    private void awaitCompletions(boolean reader, int target) {
        for (int i = 0; i < 50; i++) {
            if (ready(reader, target, completions.get())) {
                return;
            }
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        sleepers.incrementAndGet(); // announced before the check: a release after it sees us
        try {
            for (;;) {
                int c = completions.get();
                if (ready(reader, target, c)) {
                    break;
                }
                Futex.await(completions, c);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            sleepers.decrementAndGet();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void wakeSleepers() {
        if (sleepers.get() > 0) {
            Futex.wakeAll(completions);
        }
    }
}
