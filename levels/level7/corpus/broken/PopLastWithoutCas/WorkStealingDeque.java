package ladder.level7;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A work-stealing deque (Chase and Lev, "Dynamic Circular Work-Stealing Deque", SPAA 2005): the
 * thread that creates it owns it and pushes and pops at the bottom, like a stack; any thread may
 * steal from the top, the oldest end. This is the structure behind {@code ForkJoinPool}'s work
 * queues, Go's per-P run queues, Tokio's and Rayon's schedulers.
 *
 * <p>{@link #push} and {@link #pop} may be called only by the owner ({@code IllegalStateException}
 * otherwise); they never block and, except when the owner takes the very last element, use no
 * compare-and-set. {@link #steal} may be called by any thread; it returns {@code null} when the
 * deque is empty or when it lost a race for the top element to another thief or to the owner.
 * Every pushed element is returned by exactly one {@code pop} or {@code steal}. The deque grows
 * without bound (the array doubles when full); it never shrinks. Null elements are refused
 * ({@code NullPointerException}, checked before ownership).
 *
 * <p><b>Memory consistency effects:</b> actions in the owner prior to {@code push(e)}
 * <i>happen-before</i> actions subsequent to the {@code pop} or {@code steal} that returns
 * {@code e}, in whichever thread.
 */
public final class WorkStealingDeque<E> {

    
    private static final int INITIAL_CAPACITY = 32; // a power of two

    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle ARRAY;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TOP = l.findVarHandle(WorkStealingDeque.class, "top", long.class);
            BOTTOM = l.findVarHandle(WorkStealingDeque.class, "bottom", long.class);
            ARRAY = l.findVarHandle(WorkStealingDeque.class, "array", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread owner;
    private volatile long top;
    private volatile long bottom;
    private volatile Object[] array = new Object[INITIAL_CAPACITY];

    /** Creates an empty deque owned by the calling thread. */
    public WorkStealingDeque() {
        this.owner = Thread.currentThread();
    }

    /**
     * Pushes {@code e} at the bottom. Owner only.
     *
     * @throws NullPointerException  if {@code e} is null (checked first)
     * @throws IllegalStateException if the caller is not the owner
     */
    public void push(E e) {
        Objects.requireNonNull(e, "element");
        checkOwner("push");
        long b = (long) BOTTOM.getOpaque(this); // only the owner writes bottom
        long t = (long) TOP.getAcquire(this);
        Object[] a = array;
        if (b - t >= a.length - 1) {
            a = grow(a, t, b);
        }
        SLOT.setRelease(a, (int) b & (a.length - 1), e);
        BOTTOM.setRelease(this, b + 1); // publishes the element to thieves
    }

    /**
     * Pops the newest element, or returns {@code null} if the deque is empty. Owner only.
     *
     * @throws IllegalStateException if the caller is not the owner
     */
    @SuppressWarnings("unchecked")
    public E pop() {
        checkOwner("pop");
        long b = (long) BOTTOM.getOpaque(this) - 1;
        Object[] a = array;
        BOTTOM.setVolatile(this, b);
        VarHandle.fullFence(); // StoreLoad: the new bottom is visible before top is read
        long t = (long) TOP.getVolatile(this);
        if (t > b) {
            BOTTOM.setRelease(this, b + 1); // it was empty: restore
            return null;
        }
        int i = (int) b & (a.length - 1);
        Object x = SLOT.getAcquire(a, i);
        if (t == b) {
            // The last element: the owner races the thieves for it.
            TOP.setVolatile(this, t + 1); // BUG: takes the last element without racing the thieves for it
            BOTTOM.setRelease(this, b + 1);
            return (E) x;
        }
        SLOT.setRelease(a, i, null); // top < b: index b is out of every thief's reach
        return (E) x;
    }

    /**
     * Steals the oldest element. Any thread.
     *
     * @return the element, or {@code null} if the deque was empty or this thief lost a race
     */
    @SuppressWarnings("unchecked")
    public E steal() {
        long t = (long) TOP.getAcquire(this);
        long b = (long) BOTTOM.getAcquire(this);
        if (t >= b) {
            return null;
        }
        Object[] a = array;
        int i = (int) t & (a.length - 1);
        Object x = SLOT.getAcquire(a, i); // read before the CAS: afterwards the slot may be reused
        if (!TOP.compareAndSet(this, t, t + 1)) {
            return null; // lost the race for index t
        }
        SLOT.compareAndSet(a, i, x, null); // let it be collected, unless already reused
        return (E) x;
    }

    /** An estimate of the number of elements: never negative, exact when no operation is running. */
    public int size() {
        long t = (long) TOP.getAcquire(this);
        long b = (long) BOTTOM.getAcquire(this);
        long n = b - t;
        return n <= 0 ? 0 : (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Doubles the array, copying indices [t, b); call only from the owner. */
    private Object[] grow(Object[] a, long t, long b) {
        int n = a.length;
        if (n >= 1 << 30) {
            throw new IllegalStateException("WorkStealingDeque capacity exceeded");
        }
        Object[] bigger = new Object[n << 1];
        for (long i = t; i < b; i++) {
            bigger[(int) i & (bigger.length - 1)] = SLOT.getAcquire(a, (int) i & (n - 1));
        }
        ARRAY.setRelease(this, bigger); // the old array stays intact for thieves still reading it
        return bigger;
    }

    private void checkOwner(String op) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(op + "() by " + Thread.currentThread().getName()
                    + ": only the owner " + owner.getName() + " may push and pop");
        }
    }
}
