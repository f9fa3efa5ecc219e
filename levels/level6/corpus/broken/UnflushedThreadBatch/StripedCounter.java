package ladder.level6;

import java.util.concurrent.atomic.AtomicLong;

/** Each thread batches its updates locally and adds them to the shared total every 64 updates. */
public final class StripedCounter {
    private static final class Batch {
        long pending;
        int count;
    }

    private final AtomicLong total = new AtomicLong();
    private final ThreadLocal<Batch> batch = ThreadLocal.withInitial(Batch::new);

    public StripedCounter() {}

    public void increment() {
        add(1L);
    }

    public void add(long x) {
        Batch b = batch.get();
        b.pending += x;
        if (++b.count == 64) { // BUG: the rest waits for a flush that may never come
            total.addAndGet(b.pending);
            b.pending = 0;
            b.count = 0;
        }
    }

    public long sum() {
        return total.get();
    }
}
