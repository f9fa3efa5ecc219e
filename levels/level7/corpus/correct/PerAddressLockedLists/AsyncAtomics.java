package ladder.level7;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import ladder.toolkit.EventLoop;

/**
 * Per-element lists with their own small lock. A list that becomes empty is marked retired and
 * removed from the map; a waiter that finds its list retired looks it up again. Waiters are
 * unlinked in O(1) when they time out. Timers are cancelled on wake.
 */
public final class AsyncAtomics {

    private record Key(AtomicIntegerArray array, int index) {}

    private static final class Node {
        final CompletableFuture<String> promise = new CompletableFuture<>();
        Node prev, next;          // guarded by the list's lock
        boolean linked;           // guarded by the list's lock
        volatile EventLoop.Timer timer;
        volatile boolean woken;
    }

    private final class WaiterList {
        final Key key;
        final AtomicInteger lock = new AtomicInteger();
        Node head, tail;          // guarded by lock
        boolean retired;          // guarded by lock

        WaiterList(Key key) {
            this.key = key;
        }

        void lock() {
            int spins = 0;
            while (!lock.compareAndSet(0, 1)) {
                if (++spins > 64) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }

        void unlock() {
            lock.set(0);
        }

        /** Call only holding the lock. */
        void unlink(Node n) {
            if (n.prev == null) {
                head = n.next;
            } else {
                n.prev.next = n.next;
            }
            if (n.next == null) {
                tail = n.prev;
            } else {
                n.next.prev = n.prev;
            }
            n.prev = n.next = null;
            n.linked = false;
        }

        /** Call only holding the lock: retire and drop this list if it is empty. */
        void retireIfEmpty() {
            if (head == null && !retired) {
                retired = true;
                lists.remove(key, this);
            }
        }
    }

    private final EventLoop loop;
    private final ConcurrentHashMap<Key, WaiterList> lists = new ConcurrentHashMap<>();

    public AsyncAtomics(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop);
    }

    public WaitAsyncResult waitAsync(AtomicIntegerArray array, int index, int expected, long timeoutMillis) {
        Objects.requireNonNull(array);
        Objects.checkIndex(index, array.length());
        Key key = new Key(array, index);
        Node n = new Node();
        WaiterList l;
        for (;;) {
            l = lists.computeIfAbsent(key, WaiterList::new);
            l.lock();
            try {
                if (l.retired) {
                    continue; // removed from the map meanwhile: get the current list
                }
                if (array.get(index) != expected) {
                    l.retireIfEmpty();
                    return new WaitAsyncResult(false, "not-equal", null);
                }
                if (timeoutMillis <= 0) {
                    l.retireIfEmpty();
                    return new WaitAsyncResult(false, "timed-out", null);
                }
                n.prev = l.tail;
                if (l.tail == null) {
                    l.head = n;
                } else {
                    l.tail.next = n;
                }
                l.tail = n;
                n.linked = true;
                break;
            } finally {
                l.unlock();
            }
        }
        if (timeoutMillis != Long.MAX_VALUE) {
            WaiterList list = l;
            n.timer = loop.schedule(() -> expire(list, n), timeoutMillis);
            if (n.woken) {
                n.timer.cancel();
            }
        }
        return new WaitAsyncResult(true, null, n.promise);
    }

    private void expire(WaiterList l, Node n) {
        boolean mine;
        l.lock();
        try {
            mine = n.linked;
            if (mine) {
                l.unlink(n);
                l.retireIfEmpty();
            }
        } finally {
            l.unlock();
        }
        if (mine) {
            n.promise.complete("timed-out");
        }
    }

    public int notify(AtomicIntegerArray array, int index, int count) {
        Objects.requireNonNull(array);
        Objects.checkIndex(index, array.length());
        if (count <= 0) {
            return 0;
        }
        WaiterList l = lists.get(new Key(array, index));
        if (l == null) {
            return 0;
        }
        int woken = 0;
        l.lock();
        try {
            while (woken < count && l.head != null) {
                Node n = l.head;
                l.unlink(n);
                n.woken = true;
                EventLoop.Timer timer = n.timer;
                if (timer != null) {
                    timer.cancel();
                }
                loop.execute(() -> n.promise.complete("ok")); // in wake order: we hold the list
                woken++;
            }
            l.retireIfEmpty();
        } finally {
            l.unlock();
        }
        return woken;
    }
}
