package ladder.bench;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import ladder.level7.WorkStealingDeque;

/**
 * Level 7: the owner pushes a task and pops one (its LIFO end) while a thief steals from the FIFO
 * end, as a work-stealing scheduler's worker and an idle peer do.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DequeBench {
    private static final Integer TASK = 7;

    /** The deque is created on the owner's thread: the owner is whoever constructs it. */
    @State(Scope.Group)
    public static class Deques {
        volatile WorkStealingDeque<Integer> ladder;
        final ConcurrentLinkedDeque<Integer> jdk = new ConcurrentLinkedDeque<>();
    }

    /** Per-thread: the owner thread constructs the deque on its first call. */
    @State(Scope.Thread)
    public static class Owner {
        WorkStealingDeque<Integer> deque;
    }

    @Benchmark @Group("ladderDeque") @GroupThreads(1)
    public Integer ladderOwner(Deques d, Owner o) {
        if (o.deque == null) {
            o.deque = new WorkStealingDeque<>();
            d.ladder = o.deque;
        }
        o.deque.push(TASK);
        return o.deque.pop();
    }

    @Benchmark @Group("ladderDeque") @GroupThreads(1)
    public Integer ladderThief(Deques d) {
        WorkStealingDeque<Integer> dq = d.ladder;
        return dq == null ? null : dq.steal();
    }

    @Benchmark @Group("concurrentLinkedDeque") @GroupThreads(1)
    public Integer jdkOwner(Deques d) {
        d.jdk.addLast(TASK);
        return d.jdk.pollLast();
    }

    @Benchmark @Group("concurrentLinkedDeque") @GroupThreads(1)
    public Integer jdkThief(Deques d) {
        return d.jdk.pollFirst();
    }
}
