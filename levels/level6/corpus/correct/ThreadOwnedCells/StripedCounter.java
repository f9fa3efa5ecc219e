package ladder.level6;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Each thread owns a padded cell and is its only writer, so an update is a plain read and a
 * release store (no CAS). Cells are pushed onto a lock-free list the first time a thread
 * updates; sum() walks the list. Cells of threads that have ended stay in the list, so their
 * counts are never lost.
 */
public final class StripedCounter {

    abstract static class Pad0 { long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, pa, pb, pc, pd, pe, pf; }
    abstract static class Value extends Pad0 { volatile long value; }
    static final class Cell extends Value {
        long q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, qa, qb, qc, qd, qe, qf;
        Cell next;
    }

    private static final VarHandle VALUE;
    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Value.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AtomicReference<Cell> head = new AtomicReference<>();
    private final ThreadLocal<Cell> mine = ThreadLocal.withInitial(this::register);

    public StripedCounter() {}

    private Cell register() {
        Cell c = new Cell();
        Cell h;
        do {
            h = head.get();
            c.next = h;
        } while (!head.compareAndSet(h, c));
        return c;
    }

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        Cell c = mine.get();
        long v = (long) VALUE.get(c); // only this thread writes c: a plain read of our own writes
        VALUE.setRelease(c, v + x);
    }

    public long sum() {
        long s = 0;
        for (Cell c = head.get(); c != null; c = c.next) {
            s += c.value;
        }
        return s;
    }
}
