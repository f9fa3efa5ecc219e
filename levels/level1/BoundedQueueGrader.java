package level1;

import java.time.Duration;
import java.util.List;

import ladder.grading.Grader;
import ladder.grading.Scenario;
import ladder.grading.Trial;

/**
 * The hidden grader of Level 1: one scenario per property the curriculum names for
 * {@code BoundedQueue}. Cheap deterministic scenarios come first (a learner who breaks the
 * contract hears about it in milliseconds); the stress scenarios that can hang come last.
 *
 * <p>Shapes that catch bugs (see shared/notes/grading-engines.md): many short trials in a fresh
 * JVM, more threads than cores, a start gate, random unparks where threads block, results
 * checked as a whole (a permutation per trial, per-producer order, an occupancy bound), the 1/1
 * ping-pong at capacity 1 for lost wake-ups, CPU time of blocked threads for busy-waiting.
 * Every timeout is a progress timeout of seconds, never a tight deadline.
 */
public final class BoundedQueueGrader implements Grader {

    private static final String SUBJECT = "BoundedQueue";

    @Override
    public List<Scenario> scenarios() {
        return List.of(
                Scenario.named("contract").subject(SUBJECT)
                        .proves("The contract in one thread: capacity < 1 throws IllegalArgumentException, a null element"
                                + " NullPointerException; offer() returns false on a full queue and poll() null on an empty"
                                + " one, without waiting; capacity(), size() and first-in-first-out order are right")
                        .trials(3).budget(Duration.ofMillis(150))
                        .body(Contract::run),

                Scenario.named("take-blocks-when-empty").subject(SUBJECT)
                        .proves("take() blocks when the queue is empty: it waits, its thread parked, until a put() gives"
                                + " it an element; a woken taker that finds the element gone waits again")
                        .trials(2).budget(Duration.ofMillis(250))
                        .body(Waiting::takeBlocksWhenEmpty),

                Scenario.named("put-blocks-when-full").subject(SUBJECT)
                        .proves("put() really blocks when the queue is full: it waits, its thread parked, until a take"
                                + " makes room; a woken putter that finds the place taken waits again")
                        .trials(2).budget(Duration.ofMillis(250))
                        .body(Waiting::putBlocksWhenFull),

                Scenario.named("blocks-not-spins").subject(SUBJECT)
                .quiet() // measures CPU: noise yields would starve a spinner and hide it
                        .proves("Waiting blocks instead of spinning: threads waiting in take() on an empty queue and in"
                                + " put() on a full one use under " + Math.round(Waiting.SPIN_THRESHOLD * 100) + "% of a core")
                        .trials(1).budget(Duration.ofMillis(500))
                        .body(Waiting::blocksNotSpins),

                Scenario.named("exactly-once").subject(SUBJECT)
                        .proves("With many producers and consumers, every element is delivered exactly once: nothing"
                                + " lost, nothing duplicated, nothing invented")
                        .trials(60).budget(Duration.ofMillis(450))
                        .body(BoundedQueueGrader::exactlyOnce),

                Scenario.named("per-producer-fifo").subject(SUBJECT)
                        .proves("Each producer's elements come out in the order it put them, as each consumer sees them")
                        .trials(60).budget(Duration.ofMillis(300))
                        .body(BoundedQueueGrader::perProducerFifo),

                Scenario.named("never-over-capacity").subject(SUBJECT)
                        .proves("Neither size() nor the true contents ever exceed the capacity: puts that returned minus"
                                + " takes that began never exceed it, and size() stays within 0..capacity")
                        .trials(60).budget(Duration.ofMillis(400))
                        .body(BoundedQueueGrader::neverOverCapacity),

                Scenario.named("offer-poll-truthful").subject(SUBJECT)
                        .proves("offer() returns false only if the queue was full, and poll() null only if it was"
                                + " empty, at some moment during the call, also under contention")
                        .trials(30).budget(Duration.ofMillis(350))
                        .body(Rotation::run),

                Scenario.named("interrupts-lose-nothing").subject(SUBJECT)
                        .proves("Interrupted put() and take() lose and duplicate nothing: a waiting call responds to"
                                + " interruption and changes nothing, an interrupted waiter never swallows a wake-up, and"
                                + " under random interrupts every element is still delivered exactly once")
                        .trials(20).budget(Duration.ofMillis(650))
                        .body(Interrupts::run),

                Scenario.named("capacity-1-many-threads").subject(SUBJECT)
                        .proves("Capacity 1 with many producers and consumers makes no lost wake-ups: every put and"
                                + " take completes and every element is delivered exactly once")
                        .trials(60).budget(Duration.ofMillis(350))
                        .body(BoundedQueueGrader::capacityOneManyThreads),

                Scenario.named("capacity-1-ping-pong").subject(SUBJECT)
                        .proves("Capacity 1 with one producer and one consumer handing every element over makes no lost"
                                + " wake-ups (many threads can hide a lost wake-up; two cannot)")
                        .trials(60).budget(Duration.ofMillis(400))
                        .body(BoundedQueueGrader::capacityOnePingPong));
    }

    private static final int[] SMALL_CAPACITIES = {1, 2, 3, 4, 8};

    static void exactlyOnce(Trial t) throws InterruptedException {
        Traffic tr = new Traffic(t);
        tr.capacity = SMALL_CAPACITIES[t.random().nextInt(SMALL_CAPACITIES.length)];
        tr.producers = 3;
        tr.consumers = 3;
        tr.perProducer = 400;
        tr.offerPercent = 25;
        tr.pollPercent = 25;
        tr.chaos = true;
        tr.jitterNanos = 2_000;
        tr.run();
        tr.checkExactlyOnce();
    }

    static void perProducerFifo(Trial t) throws InterruptedException {
        Traffic tr = new Traffic(t);
        tr.capacity = 2 + t.random().nextInt(7);
        tr.producers = 3;
        tr.consumers = 1 + t.random().nextInt(2);
        tr.perProducer = 300;
        tr.offerPercent = 20;
        tr.pollPercent = 20;
        tr.chaos = true;
        tr.jitterNanos = 1_000;
        tr.run();
        tr.checkPerProducerOrder();
    }

    static void neverOverCapacity(Trial t) throws InterruptedException {
        // A busy queue: producers crowd it with offer() retries and put()s while a single consumer
        // polls in a tight loop. The consumer keeps the queue's lock (if it has one) taken, so
        // producers meet it between a capacity check and their insert; and as the only consumer
        // it checks the bound between two polls, when no removal is in flight, so "puts returned
        // - takes begun" is then the exact contents. A size() probe runs alongside.
        Traffic tr = new Traffic(t);
        tr.capacity = 1 + t.random().nextInt(4);
        tr.producers = 4;
        tr.consumers = 1;
        tr.perProducer = 40;
        tr.offerPercent = 50;
        tr.offerSpins = true;
        tr.pollSpins = true;
        tr.boundCheck = true;
        tr.sizeProbe = true;
        tr.run();
        t.metric("fullest the queue was proven to be (puts returned - takes begun)",
                tr.maxSeenBound() + " of capacity " + tr.capacity);
    }

    static void capacityOneManyThreads(Trial t) throws InterruptedException {
        Traffic tr = new Traffic(t);
        tr.capacity = 1;
        tr.producers = 3;
        tr.consumers = 3;
        tr.perProducer = 250;
        tr.chaos = true;
        tr.jitterNanos = 500;
        tr.run();
        tr.checkExactlyOnce();
    }

    static void capacityOnePingPong(Trial t) throws InterruptedException {
        Traffic tr = new Traffic(t);
        tr.capacity = 1;
        tr.producers = 1;
        tr.consumers = 1;
        tr.perProducer = 2_000;
        tr.run();
        tr.checkExactlyOnce();
        tr.checkPerProducerOrder();
    }
}
