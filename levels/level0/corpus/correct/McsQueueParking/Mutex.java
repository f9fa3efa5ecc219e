package ladder.level0;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Correct, a different design: an MCS queue lock whose waiters spin briefly, then park with
 * LockSupport. Each lock() appends a node to the tail with one getAndSet; the holder hands the
 * lock to its successor by clearing the successor's {@code waiting} flag and unparking it.
 * tryLock() succeeds only on an empty queue (CAS tail null -> node).
 */
public final class Mutex {
    private static final class Node {
        final Thread thread;
        volatile boolean waiting = true;
        volatile Node next;

        Node(Thread thread) {
            this.thread = thread;
        }
    }

    private final AtomicReference<Node> tail = new AtomicReference<>();
    private Node head; // the holder's node: written and read only by the holder
    private volatile Thread owner;

    public Mutex() {}

    public void lock() {
        Thread me = Thread.currentThread();
        Node node = new Node(me);
        Node pred = tail.getAndSet(node);
        if (pred != null) {
            pred.next = node;
            boolean interrupted = false;
            int spins = 200;
            while (node.waiting) {
                if (spins > 0) {
                    spins--;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                me.interrupt();
            }
        }
        head = node;
        owner = me;
    }

    public boolean tryLock() {
        Node node = new Node(Thread.currentThread());
        if (tail.compareAndSet(null, node)) {
            head = node;
            owner = node.thread;
            return true;
        }
        return false;
    }

    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("not the holder");
        }
        owner = null;
        Node node = head;
        head = null;
        Node succ = node.next;
        if (succ == null) {
            if (tail.compareAndSet(node, null)) {
                return; // nobody waits
            }
            while ((succ = node.next) == null) {
                Thread.onSpinWait(); // a successor swapped the tail but has not linked itself yet
            }
        }
        succ.waiting = false;
        LockSupport.unpark(succ.thread);
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
