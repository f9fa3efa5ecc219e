package ladder.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import ladder.level1.BoundedQueue;

/** Level 1: one producer and one consumer through a queue of capacity 64. */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BoundedQueueBench {
    private static final Integer ITEM = 42;
    private final BoundedQueue<Integer> ladder = new BoundedQueue<>(64);
    private final ArrayBlockingQueue<Integer> jdk = new ArrayBlockingQueue<>(64);

    @Benchmark @Group("ladderQueue") @GroupThreads(1)
    public void ladderPut() throws InterruptedException {
        ladder.put(ITEM);
    }

    @Benchmark @Group("ladderQueue") @GroupThreads(1)
    public Integer ladderTake() throws InterruptedException {
        return ladder.take();
    }

    @Benchmark @Group("arrayBlockingQueue") @GroupThreads(1)
    public void jdkPut() throws InterruptedException {
        jdk.put(ITEM);
    }

    @Benchmark @Group("arrayBlockingQueue") @GroupThreads(1)
    public Integer jdkTake() throws InterruptedException {
        return jdk.take();
    }
}
