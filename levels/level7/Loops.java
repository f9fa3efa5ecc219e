package level7;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ladder.grading.Trial;
import ladder.toolkit.EventLoop;

/** What the grader does with the event loop: find its thread, wait until it is idle, hold it. */
final class Loops {

    private Loops() {}

    /** The loop's thread (runs a task on it and waits). */
    static Thread threadOf(EventLoop loop) throws InterruptedException {
        AtomicReference<Thread> t = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            t.set(Thread.currentThread());
            done.countDown();
        });
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the grader's event loop did not run a task in 10 s");
        }
        return t.get();
    }

    /**
     * Waits until every task submitted to the loop so far has run (tasks run in order), so that
     * resolutions a {@code notify} handed to the loop are visible. Returns false on timeout.
     */
    static boolean flush(EventLoop loop, Duration timeout) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(done::countDown);
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Blocks the loop's thread until {@link Gate#open()}: nothing can resolve on it meanwhile. */
    static Gate hold(EventLoop loop) throws InterruptedException {
        Gate g = new Gate();
        loop.execute(() -> {
            g.holding.countDown();
            try {
                g.open.await(10, TimeUnit.SECONDS); // never holds the loop for ever, whatever happens
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (!g.holding.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the grader's event loop did not run a task in 10 s");
        }
        return g;
    }

    /** A hold on the loop. */
    static final class Gate implements AutoCloseable {
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        void open() {
            open.countDown();
        }

        @Override
        public void close() {
            open();
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes. */
    static boolean await(Duration timeout, java.util.function.BooleanSupplier condition) {
        return Trial.eventually(timeout, condition);
    }
}
