package ladder.level7;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Chase-Lev from java.util.concurrent.atomic classes only: every access is volatile. */
public final class WorkStealingDeque<E> {
    private final Thread owner = Thread.currentThread();
    private final AtomicLong top = new AtomicLong();
    private final AtomicLong bottom = new AtomicLong();
    private final AtomicReference<AtomicReferenceArray<E>> array = new AtomicReference<>(new AtomicReferenceArray<>(8));

    public WorkStealingDeque() {}

    private void own() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("not the owner");
        }
    }

    public void push(E e) {
        Objects.requireNonNull(e);
        own();
        long b = bottom.get();
        long t = top.get();
        AtomicReferenceArray<E> a = array.get();
        if (b - t >= a.length() - 1) {
            AtomicReferenceArray<E> bigger = new AtomicReferenceArray<>(a.length() * 2);
            for (long i = t; i < b; i++) {
                bigger.set((int) (i % bigger.length()), a.get((int) (i % a.length())));
            }
            array.set(bigger);
            a = bigger;
        }
        a.set((int) (b % a.length()), e);
        bottom.set(b + 1);
    }

    public E pop() {
        own();
        long b = bottom.get() - 1;
        AtomicReferenceArray<E> a = array.get();
        bottom.set(b); // volatile store then volatile load: no reordering
        long t = top.get();
        if (t > b) {
            bottom.set(b + 1);
            return null;
        }
        E x = a.get((int) (b % a.length()));
        if (t < b) {
            return x;
        }
        if (!top.compareAndSet(t, t + 1)) {
            x = null;
        }
        bottom.set(b + 1);
        return x;
    }

    public E steal() {
        long t = top.get();
        long b = bottom.get();
        if (t >= b) {
            return null;
        }
        AtomicReferenceArray<E> a = array.get();
        E x = a.get((int) (t % a.length()));
        return top.compareAndSet(t, t + 1) ? x : null;
    }

    public int size() {
        long t = top.get();
        long b = bottom.get();
        return (int) Math.max(0, b - t);
    }
}
