package ladder.level7;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

import ladder.toolkit.EventLoop;

/**
 * Java's counterpart of ECMAScript's {@code Atomics.waitAsync} and {@code Atomics.notify}:
 * waiting on an element of an {@link AtomicIntegerArray} without blocking a thread, with the
 * result delivered as a promise resolved on an {@link EventLoop}.
 *
 * <p>{@link #waitAsync} returns at once. If the element does not hold {@code expected}, the result
 * is {@code (false, "not-equal", null)}; otherwise, if the timeout is 0 (or negative), it is
 * {@code (false, "timed-out", null)}; otherwise the caller is added at the end of the element's
 * FIFO list of waiters and gets {@code (true, null, promise)}. The promise resolves to
 * {@code "ok"} when a {@link #notify} wakes the waiter, or to {@code "timed-out"} when
 * {@code timeoutMillis} have passed first ({@code Long.MAX_VALUE} waits forever). Every promise
 * is resolved exactly once, on the loop's thread; promises woken by one {@code notify} call are
 * resolved in the order their waiters were woken, after those of any {@code notify} call that
 * returned before it began.
 *
 * <p>{@link #notify} wakes up to {@code count} waiters of one element, oldest first, and returns
 * how many it woke; {@code count <= 0} wakes none. A waiter is woken or times out, never both:
 * a waiter counted by {@code notify} resolves to {@code "ok"}.
 *
 * <p>A waiter that resolved leaves no trace: its timer is cancelled, and neither this object nor
 * the loop keeps it, its promise or its array reachable.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to a {@code notify} that wakes a
 * waiter <i>happen-before</i> the actions that its promise's dependent stages run on the loop.
 * As with {@code Atomics}, a {@code waitAsync} that returns {@code "not-equal"} or is woken by a
 * {@code notify} made after a store observes that store: a waiter is never left waiting because
 * the store and the {@code notify} came between its check of the value and its enqueueing.
 */
public final class AsyncAtomics {

    
    private final EventLoop loop;
    private final ConcurrentHashMap<Address, ConcurrentLinkedQueue<Waiter>> lists = new ConcurrentHashMap<>();

    /** Creates waiting support whose promises are resolved on {@code loop}. */
    public AsyncAtomics(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /**
     * Waits asynchronously until {@code array[index]} is notified, if it holds {@code expected}.
     *
     * @param timeoutMillis how long to wait; {@code Long.MAX_VALUE} waits forever, a negative
     *                      value counts as 0
     * @return {@code (false, "not-equal", null)}, {@code (false, "timed-out", null)}, or
     *         {@code (true, null, promise)}
     * @throws NullPointerException      if {@code array} is null
     * @throws IndexOutOfBoundsException if {@code index} is outside the array
     */
    public WaitAsyncResult waitAsync(AtomicIntegerArray array, int index, int expected, long timeoutMillis) {
        Objects.requireNonNull(array, "array");
        Objects.checkIndex(index, array.length());
        if (timeoutMillis <= 0) {
            return new WaitAsyncResult(false, "timed-out", null); // BUG: "not-equal" must win when both apply
        }
        if (array.get(index) != expected) {
            return new WaitAsyncResult(false, "not-equal", null);
        }
        Address address = new Address(array, index);
        Waiter w = new Waiter(address);
        lists.compute(address, (k, list) -> {
            ConcurrentLinkedQueue<Waiter> l = list == null ? new ConcurrentLinkedQueue<>() : list;
            l.add(w);
            return l;
        });
        if (array.get(index) != expected && w.casState(Waiter.WAITING, Waiter.CANCELLED)) {
            unlink(w); // the value changed before any notify found us: as if we had never waited
            return new WaitAsyncResult(false, "not-equal", null);
        }
        if (timeoutMillis != Long.MAX_VALUE) {
            EventLoop.Timer timer = loop.schedule(() -> timeOut(w), timeoutMillis);
            w.timer = timer;
            if (w.state() != Waiter.WAITING) {
                timer.cancel(); // a notify won before the timer was set: it could not cancel it
            }
        }
        return new WaitAsyncResult(true, null, w.promise);
    }

    /**
     * Wakes up to {@code count} waiters of {@code array[index]}, oldest first.
     *
     * @return how many waiters were woken (0 when {@code count <= 0})
     * @throws NullPointerException      if {@code array} is null
     * @throws IndexOutOfBoundsException if {@code index} is outside the array
     */
    public int notify(AtomicIntegerArray array, int index, int count) {
        Objects.requireNonNull(array, "array");
        Objects.checkIndex(index, array.length());
        if (count <= 0) {
            return 0;
        }
        Address address = new Address(array, index);
        ConcurrentLinkedQueue<Waiter> list = lists.get(address);
        if (list == null) {
            return 0;
        }
        List<Waiter> woken = new ArrayList<>(Math.min(count, 16));
        while (woken.size() < count) {
            Waiter w = list.poll();
            if (w == null) {
                break;
            }
            if (w.casState(Waiter.WAITING, Waiter.NOTIFIED)) {
                woken.add(w);
                EventLoop.Timer timer = w.timer;
                if (timer != null) {
                    timer.cancel();
                }
            } // else: it timed out or cancelled and unlinks itself
        }
        if (list.isEmpty()) {
            dropIfEmpty(address);
        }
        if (!woken.isEmpty()) {
            loop.execute(() -> {
                for (Waiter w : woken) {
                    w.promise.complete("ok");
                }
            });
        }
        return woken.size();
    }

    /** The timer of a finite wait; runs on the loop. */
    private void timeOut(Waiter w) {
        if (w.casState(Waiter.WAITING, Waiter.TIMED_OUT)) {
            unlink(w);
            w.promise.complete("timed-out"); // already on the loop's thread
        }
    }

    /** Removes a waiter that left WAITING by itself (timed out or cancelled) from its list. */
    private void unlink(Waiter w) {
        ConcurrentLinkedQueue<Waiter> list = lists.get(w.address);
        if (list != null && list.remove(w) && list.isEmpty()) {
            dropIfEmpty(w.address);
        }
    }

    /** Removes the list of {@code address} if it is empty, atomically with respect to compute(). */
    private void dropIfEmpty(Address address) {
        lists.computeIfPresent(address, (k, list) -> list.isEmpty() ? null : list);
    }

    /** An element of an array: the array by identity (AtomicIntegerArray keeps Object's equals). */
    private record Address(AtomicIntegerArray array, int index) {}

    /** One waitAsync that returned a promise. */
    private static final class Waiter {
        static final int WAITING = 0;
        static final int NOTIFIED = 1;
        static final int TIMED_OUT = 2;
        static final int CANCELLED = 3;

        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Address address;
        final CompletableFuture<String> promise = new CompletableFuture<>();
        volatile EventLoop.Timer timer;
        private volatile int state = WAITING;

        Waiter(Address address) {
            this.address = address;
        }

        int state() {
            return state;
        }

        boolean casState(int expected, int next) {
            return STATE.compareAndSet(this, expected, next);
        }
    }
}
