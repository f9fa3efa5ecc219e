package level7;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records how each watched promise resolves: its value, the thread that resolved it, when, and in
 * which order. A dependent stage registered before the promise completes runs on the thread that
 * completes it, which is how the grader sees who resolved a promise.
 */
final class Watch {

    final int size;
    private final String[] values;
    private final Thread[] threads;
    private final long[] at;
    private final int[] order;
    private final boolean[] doneBeforeWatch;
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger resolved = new AtomicInteger();

    Watch(int size) {
        this.size = size;
        values = new String[size];
        threads = new Thread[size];
        at = new long[size];
        order = new int[size];
        doneBeforeWatch = new boolean[size];
        java.util.Arrays.fill(order, -1);
    }

    /** Watches waiter {@code id}'s promise. */
    void watch(int id, CompletableFuture<String> promise) {
        doneBeforeWatch[id] = promise.isDone();
        promise.whenComplete((v, ex) -> {
            at[id] = System.nanoTime();
            threads[id] = Thread.currentThread();
            values[id] = ex != null ? "an exception (" + ex + ")" : v;
            order[id] = sequence.getAndIncrement();
            resolved.incrementAndGet(); // publishes the writes above to whoever reads resolved()
        });
    }

    /** How many watched promises have resolved (read this before the per-waiter getters). */
    int resolved() {
        return resolved.get();
    }

    boolean isResolved(int id) {
        resolved.get();
        return order[id] >= 0;
    }

    String value(int id) {
        resolved.get();
        return values[id];
    }

    Thread thread(int id) {
        resolved.get();
        return threads[id];
    }

    long at(int id) {
        resolved.get();
        return at[id];
    }

    /** 0 for the first promise to resolve, 1 for the next, …; -1 if not resolved. */
    int order(int id) {
        resolved.get();
        return order[id];
    }

    boolean doneBeforeWatch(int id) {
        return doneBeforeWatch[id];
    }

    static String quote(String v) {
        return v == null ? "null" : v.startsWith("an exception") ? v : "\"" + v + "\"";
    }
}
