package ladder.bench;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;

/**
 * Level 3: a latch counted down and awaited (one thread, the uncontended cost of one cycle),
 * and a two-party barrier crossed over and over by two threads (a generation per operation).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LatchAndBarrierBench {

    @Benchmark
    public long ladderLatch() throws InterruptedException {
        ladder.level3.CountDownLatch latch = new ladder.level3.CountDownLatch(2);
        latch.countDown();
        latch.countDown();
        latch.await();
        return latch.getCount();
    }

    @Benchmark
    public long jdkLatch() throws InterruptedException {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(2);
        latch.countDown();
        latch.countDown();
        latch.await();
        return latch.getCount();
    }

    /**
     * Barriers shared by the two threads of a group, and how many of those threads are inside a
     * measured call. JMH ends an iteration by letting each thread finish its current call: a thread
     * left waiting at the barrier after its partner stopped would never finish. So the first thread
     * that sees {@link Control#stopMeasurement} resets the barrier until no thread is inside a call
     * (a reset breaks the waiting party out with BrokenBarrierException). Both designs pay the same
     * two uncontended-ish increments per call.
     */
    @State(Scope.Group)
    public static class Barriers {
        final ladder.level3.CyclicBarrier ladder = new ladder.level3.CyclicBarrier(2, null);
        final java.util.concurrent.CyclicBarrier jdk = new java.util.concurrent.CyclicBarrier(2);
        final AtomicInteger inside = new AtomicInteger();
    }

    @Benchmark @Group("ladderBarrier") @GroupThreads(2)
    public int ladderBarrier(Barriers b, Control c) throws InterruptedException {
        return crossOrRelease(b, c, b.ladder::await, b.ladder::reset);
    }

    @Benchmark @Group("jdkBarrier") @GroupThreads(2)
    public int jdkBarrier(Barriers b, Control c) throws InterruptedException {
        return crossOrRelease(b, c, b.jdk::await, b.jdk::reset);
    }

    /** Either barrier's {@code await}. */
    @FunctionalInterface
    interface Await {
        int await() throws InterruptedException, BrokenBarrierException;
    }

    /** One crossing of the barrier; once the iteration ends, resets it until no partner is left inside. */
    private static int crossOrRelease(Barriers b, Control c, Await await, Runnable reset) throws InterruptedException {
        if (c.stopMeasurement) {
            while (b.inside.get() > 0) {
                reset.run();
                Thread.onSpinWait();
            }
            return -1;
        }
        b.inside.incrementAndGet();
        try {
            return await.await();
        } catch (BrokenBarrierException e) {
            return -1; // only when the iteration ends
        } finally {
            b.inside.decrementAndGet();
        }
    }
}
