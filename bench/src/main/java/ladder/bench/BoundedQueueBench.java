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
import org.openjdk.jmh.infra.Control;

import ladder.level1.BoundedQueue;

/**
 * Level 1: one producer and one consumer through a queue of capacity 64, with the blocking
 * {@code put} and {@code take}.
 *
 * <p>JMH ends an iteration by letting each thread of a group finish its current call; a consumer
 * blocked in {@code take()} after its producer stopped would never finish (the run hangs). So a
 * thread that sees {@link Control#stopMeasurement} releases its partner once, non-blocking: the
 * producer offers one element, the consumer polls one. Either the partner is blocked and that
 * frees it (its next call sees the flag), or it is not blocked and the extra call is harmless.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BoundedQueueBench {
    private static final Integer ITEM = 42;
    private final BoundedQueue<Integer> ladder = new BoundedQueue<>(64);
    private final ArrayBlockingQueue<Integer> jdk = new ArrayBlockingQueue<>(64);

    @Benchmark @Group("ladderQueue") @GroupThreads(1)
    public void ladderPut(Control c) throws InterruptedException {
        if (c.stopMeasurement) {
            ladder.offer(ITEM);
            return;
        }
        ladder.put(ITEM);
    }

    @Benchmark @Group("ladderQueue") @GroupThreads(1)
    public Integer ladderTake(Control c) throws InterruptedException {
        return c.stopMeasurement ? ladder.poll() : ladder.take();
    }

    @Benchmark @Group("arrayBlockingQueue") @GroupThreads(1)
    public void jdkPut(Control c) throws InterruptedException {
        if (c.stopMeasurement) {
            jdk.offer(ITEM);
            return;
        }
        jdk.put(ITEM);
    }

    @Benchmark @Group("arrayBlockingQueue") @GroupThreads(1)
    public Integer jdkTake(Control c) throws InterruptedException {
        return c.stopMeasurement ? jdk.poll() : jdk.take();
    }
}
