package ladder.level4;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Correct alternative: a queue lock with direct handoff, parked with LockSupport.
 *
 * <p>The lock's state (readers inside, writer inside, the queue of waiters) is plain fields guarded
 * by a tiny test-and-test-and-set spin lock that is held for a handful of instructions. Threads that
 * cannot enter append a node and park until a releasing thread grants them the lock and unparks
 * them: a granted thread already holds the lock when it wakes, so there is no race to re-acquire.
 * Policy: new readers queue while a writer holds or waits; a writer's release grants every queued
 * reader as one batch (or, with none queued, the first queued writer); the last reader out grants
 * the first queued writer.
 */
public final class ReadWriteLock {

    private static final class Node {
        final Thread thread = Thread.currentThread();
        final boolean reader;
        Node next; // guarded by the guard lock
        volatile boolean granted;

        Node(boolean reader) {
            this.reader = reader;
        }
    }

    private final AtomicBoolean guard = new AtomicBoolean();
    // guarded by `guard`:
    private int readersIn;
    private boolean writerIn;
    private int writersQueued;
    private Node head;
    private Node tail;

    private volatile Thread owner;
    private final ThreadLocal<int[]> readHolds = ThreadLocal.withInitial(() -> new int[1]);

    public ReadWriteLock() {}

    private void lockGuard() {
        int spins = 0;
        while (guard.get() || !guard.compareAndSet(false, true)) {
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder may have been preempted
            }
        }
    }

    private void unlockGuard() {
        guard.set(false);
    }

    private void enqueue(Node n) {
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        if (!n.reader) {
            writersQueued++;
        }
    }

    public void lockRead() {
        lockGuard();
        if (!writerIn && writersQueued == 0) {
            readersIn++;
            unlockGuard();
        } else {
            Node n = new Node(true);
            enqueue(n);
            unlockGuard();
            awaitGrant(n);
        }
        readHolds.get()[0]++;
    }

    public boolean tryLockRead() {
        lockGuard();
        boolean ok = !writerIn && writersQueued == 0;
        if (ok) {
            readersIn++;
        }
        unlockGuard();
        if (ok) {
            readHolds.get()[0]++;
        }
        return ok;
    }

    public void unlockRead() {
        int[] holds = readHolds.get();
        if (holds[0] == 0) {
            throw new IllegalMonitorStateException("no read hold");
        }
        holds[0]--;
        Node wake = null;
        lockGuard();
        readersIn--;
        if (readersIn == 0 && head != null) {
            wake = grantFirstWriter(); // queued readers only ever wait behind a writer
        }
        unlockGuard();
        if (wake != null) {
            LockSupport.unpark(wake.thread);
        }
    }

    public void lockWrite() {
        lockGuard();
        if (!writerIn && readersIn == 0 && head == null) {
            writerIn = true;
            unlockGuard();
        } else {
            Node n = new Node(false);
            enqueue(n);
            unlockGuard();
            awaitGrant(n);
        }
        owner = Thread.currentThread();
    }

    public boolean tryLockWrite() {
        lockGuard();
        boolean ok = !writerIn && readersIn == 0 && head == null;
        if (ok) {
            writerIn = true;
        }
        unlockGuard();
        if (ok) {
            owner = Thread.currentThread();
        }
        return ok;
    }

    public void unlockWrite() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("not the writer");
        }
        owner = null;
        Node granted = null;
        lockGuard();
        writerIn = false;
        // grant every queued reader, as one batch
        Node prev = null;
        for (Node n = head; n != null; ) {
            Node next = n.next;
            if (n.reader) {
                unlink(prev, n);
                readersIn++;
                n.next = granted;
                granted = n;
            } else {
                prev = n;
            }
            n = next;
        }
        if (granted == null && head != null) {
            granted = grantFirstWriter();
        }
        unlockGuard();
        for (Node n = granted; n != null; ) {
            Node next = n.next;
            n.granted = true;
            LockSupport.unpark(n.thread);
            n = next;
        }
    }

    /** Call only holding the guard, with no reader or writer inside: hands the lock to the first queued writer. */
    private Node grantFirstWriter() {
        Node prev = null;
        for (Node n = head; n != null; prev = n, n = n.next) {
            if (!n.reader) {
                unlink(prev, n);
                writersQueued--;
                writerIn = true;
                n.next = null;
                n.granted = true;
                return n;
            }
        }
        return null;
    }

    private void unlink(Node prev, Node n) {
        if (prev == null) {
            head = n.next;
        } else {
            prev.next = n.next;
        }
        if (tail == n) {
            tail = prev;
        }
    }

    private static void awaitGrant(Node n) {
        boolean interrupted = false;
        while (!n.granted) {
            LockSupport.park(n);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
