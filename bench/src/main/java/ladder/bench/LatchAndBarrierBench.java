package ladder.bench;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

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

    /** Barriers shared by the two threads of a group. */
    @State(Scope.Group)
    public static class Barriers {
        final ladder.level3.CyclicBarrier ladder = new ladder.level3.CyclicBarrier(2, null);
        final java.util.concurrent.CyclicBarrier jdk = new java.util.concurrent.CyclicBarrier(2);
    }

    @Benchmark @Group("ladderBarrier") @GroupThreads(2)
    public int ladderBarrier(Barriers b) throws InterruptedException, BrokenBarrierException {
        return b.ladder.await();
    }

    @Benchmark @Group("jdkBarrier") @GroupThreads(2)
    public int jdkBarrier(Barriers b) throws InterruptedException, BrokenBarrierException {
        return b.jdk.await();
    }
}
