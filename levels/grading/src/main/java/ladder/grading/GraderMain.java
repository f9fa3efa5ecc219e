package ladder.grading;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import ladder.grading.result.Event;
import ladder.grading.result.ScenarioResult;
import ladder.grading.result.Status;
import ladder.grading.result.ThreadReport;

/**
 * Entry point of the grader JVM: {@code GraderMain <grader-class> <seed> [scenario-id,…]}.
 *
 * <p>Runs the grader's scenarios in order and prints one {@link Event} per line on standard
 * output. The learner's own prints go to standard error, so they cannot corrupt the protocol.
 * A shutdown hook reports a {@code System.exit} called by learner code, with where it was
 * called; the shell kills this JVM from outside if it outlives its wall-clock limit.
 */
public final class GraderMain {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean finished;

    private GraderMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> reportExit(protocol), "ladder-exit-watch"));
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.err.println("uncaught in " + t.getName() + ": " + e);
        });

        watchParent();
        Grader grader = (Grader) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long seed = Long.parseLong(args[1]);
        Set<String> only = args.length > 2 ? new HashSet<>(Arrays.asList(args[2].split(","))) : Set.of();

        List<Scenario> scenarios = new ArrayList<>();
        for (Scenario s : grader.scenarios()) {
            if (only.isEmpty() || only.contains(s.id()) || s.prerequisite()) {
                scenarios.add(s);
            }
        }
        List<ScenarioResult> plan = new ArrayList<>();
        for (Scenario s : scenarios) {
            plan.add(ScenarioResult.skipped(s.id(), s.subject(), s.property(), null));
        }
        emit(protocol, Event.plan(plan, seed));

        String skipReason = null;
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            ScenarioResult r;
            if (skipReason != null) {
                r = ScenarioResult.skipped(s.id(), s.subject(), s.property(), skipReason);
            } else {
                emit(protocol, Event.start(i));
                r = ScenarioRunner.run(s, seed);
                if (r.status() == Status.HANG) {
                    skipReason = "not run: threads from '" + s.id() + "' are still stuck";
                } else if (s.prerequisite() && !r.status().passed()) {
                    skipReason = "not run: " + s.subject() + " must pass '" + s.id() + "' first";
                }
            }
            emit(protocol, Event.result(i, r));
        }
        finished = true;
        emit(protocol, Event.done());
        protocol.flush();
        // Learner threads may still be parked: end the JVM without waiting for them.
        Runtime.getRuntime().halt(0);
    }

    /** If the shell that started this JVM dies, stop at once: learner threads must not outlive it. */
    private static void watchParent() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(3);
        }, "ladder-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private static synchronized void emit(PrintStream out, Event e) {
        try {
            out.println(Event.PREFIX + JSON.writeValueAsString(e));
            out.flush();
        } catch (Exception ex) {
            System.err.println("ladder: cannot write event: " + ex);
        }
    }

    /** Runs in a shutdown hook: if the grader did not finish, someone called System.exit. */
    private static void reportExit(PrintStream protocol) {
        if (finished) {
            return;
        }
        List<ThreadReport> callers = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement f : e.getValue()) {
                if (f.getClassName().equals("java.lang.Shutdown") || f.getClassName().equals("java.lang.Runtime")
                        && (f.getMethodName().equals("exit") || f.getMethodName().equals("halt"))) {
                    callers.add(StackReports.of(e.getKey().getName(), e.getKey().getState().name(), e.getValue()));
                    break;
                }
            }
        }
        emit(protocol, Event.exit(callers));
    }
}
