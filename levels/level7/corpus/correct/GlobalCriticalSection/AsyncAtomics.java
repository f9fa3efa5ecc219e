package ladder.level7;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import ladder.toolkit.EventLoop;

/**
 * As the specification words it: waitAsync and notify enter one critical section, in which the
 * value check, the enqueue, the wake and the removal of a timed-out waiter are all atomic. A
 * waiter still in its list is waiting; whoever removes it (notify or its timer) resolves it.
 */
public final class AsyncAtomics {

    private record Key(AtomicIntegerArray array, int index) {}

    private static final class Waiter {
        final Key key;
        final CompletableFuture<String> promise = new CompletableFuture<>();
        EventLoop.Timer timer; // guarded by the lock

        Waiter(Key key) {
            this.key = key;
        }
    }

    private final EventLoop loop;
    private final AtomicBoolean lock = new AtomicBoolean();
    private final Map<Key, ArrayDeque<Waiter>> lists = new HashMap<>(); // guarded by the lock

    public AsyncAtomics(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop);
    }

    private void enter() {
        int spins = 0;
        while (lock.get() || !lock.compareAndSet(false, true)) {
            if (++spins > 100) {
                Thread.yield(); // the holder may be preempted: critical sections are a few steps
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void leave() {
        lock.set(false);
    }

    public WaitAsyncResult waitAsync(AtomicIntegerArray array, int index, int expected, long timeoutMillis) {
        Objects.requireNonNull(array);
        Objects.checkIndex(index, array.length());
        Key key = new Key(array, index);
        Waiter w;
        enter();
        try {
            if (array.get(index) != expected) {
                return new WaitAsyncResult(false, "not-equal", null);
            }
            if (timeoutMillis <= 0) {
                return new WaitAsyncResult(false, "timed-out", null);
            }
            w = new Waiter(key);
            lists.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(w);
        } finally {
            leave();
        }
        if (timeoutMillis != Long.MAX_VALUE) {
            EventLoop.Timer timer = loop.schedule(() -> expire(w), timeoutMillis);
            boolean stillWaiting;
            enter();
            try {
                ArrayDeque<Waiter> l = lists.get(key);
                stillWaiting = l != null && l.contains(w);
                if (stillWaiting) {
                    w.timer = timer;
                }
            } finally {
                leave();
            }
            if (!stillWaiting) {
                timer.cancel();
            }
        }
        return new WaitAsyncResult(true, null, w.promise);
    }

    private void expire(Waiter w) {
        boolean mine;
        enter();
        try {
            ArrayDeque<Waiter> l = lists.get(w.key);
            mine = l != null && l.remove(w);
            if (mine && l.isEmpty()) {
                lists.remove(w.key);
            }
        } finally {
            leave();
        }
        if (mine) {
            w.promise.complete("timed-out");
        }
    }

    public int notify(AtomicIntegerArray array, int index, int count) {
        Objects.requireNonNull(array);
        Objects.checkIndex(index, array.length());
        if (count <= 0) {
            return 0;
        }
        Key key = new Key(array, index);
        List<Waiter> woken = new ArrayList<>();
        enter();
        try {
            ArrayDeque<Waiter> l = lists.get(key);
            while (l != null && !l.isEmpty() && woken.size() < count) {
                woken.add(l.pollFirst());
            }
            if (l != null && l.isEmpty()) {
                lists.remove(key);
            }
            if (!woken.isEmpty()) {
                // inside the critical section: resolutions are queued in wake order across notifies
                loop.execute(() -> woken.forEach(w -> w.promise.complete("ok")));
            }
        } finally {
            leave();
        }
        for (Waiter w : woken) {
            if (w.timer != null) {
                w.timer.cancel();
            }
        }
        return woken.size();
    }
}
