package ladder.check;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import ladder.grading.StackReports;
import ladder.grading.result.Event;
import ladder.grading.result.ScenarioResult;
import ladder.grading.result.Status;
import ladder.grading.result.ThreadReport;

/**
 * Runs a grader in a separate JVM with a heap cap and a hard wall-clock limit, and turns
 * whatever the JVM does (finishes, calls {@code System.exit}, runs out of memory, hangs) into
 * scenario results. Nothing learner code does can reach the calling JVM.
 */
final class GraderProcess {

    /** Heap of the grader JVM: enough for every scenario, small enough to catch runaway growth fast. */
    static final String HEAP = "-Xmx384m";
    /** Percent of Futex waits that return spuriously under grading. */
    static final int SPURIOUS_PERCENT = 5;
    private static final int OUTPUT_LINES = 40;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final List<ScenarioResult> results = new ArrayList<>();
    private final Deque<String> output = new ArrayDeque<>();
    private final List<String> dump = new ArrayList<>();
    private final CheckListener listener;
    private List<ThreadReport> exitCallers;
    private boolean done;
    private int running = -1;
    private long seed;

    private GraderProcess(CheckListener listener) {
        this.listener = listener;
    }

    record Outcome(List<ScenarioResult> scenarios, List<String> output) {}

    static Outcome run(Path learnerClasses, String graderClass, long seed, List<String> only, int timeoutSeconds,
                       CheckListener listener) throws IOException, InterruptedException {
        return new GraderProcess(listener).execute(learnerClasses, graderClass, seed, only, timeoutSeconds);
    }

    private Outcome execute(Path learnerClasses, String graderClass, long seed, List<String> only, int timeoutSeconds)
            throws IOException, InterruptedException {
        this.seed = seed;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, HEAP, "-Xss1m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-XX:-OmitStackTraceInFastThrow", "-Dladder.futex.spuriousPercent=" + SPURIOUS_PERCENT,
                "-Djava.awt.headless=true", "-Dladder.noise=" + System.getProperty("ladder.noise", "on"),
                "-cp", learnerClasses + File.pathSeparator + GraderClasspath.forGrader(),
                "ladder.grading.GraderMain", graderClass, Long.toString(seed)));
        if (!only.isEmpty()) {
            cmd.add(String.join(",", only));
        }
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean exited;
        try {
            Thread out = drain(p.getInputStream(), this::onStdout, "ladder-grader-stdout");
            Thread err = drain(p.getErrorStream(), this::onStderr, "ladder-grader-stderr");
            exited = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!exited) {
                threadDump(p);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            out.join(2000);
            err.join(2000);
        } finally {
            // a cancelled check (Ctrl-C in the shell) must not leave the grader JVM behind
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (!done) {
            finishAbnormally(exited ? p.exitValue() : -1, timeoutSeconds);
        }
        synchronized (this) {
            return new Outcome(List.copyOf(results), List.copyOf(output));
        }
    }

    private static Thread drain(InputStream in, java.util.function.Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private synchronized void onStdout(String line) {
        if (!line.startsWith(Event.PREFIX)) {
            dump.add(line); // a thread dump after SIGQUIT, or the JVM's own messages
            return;
        }
        try {
            Event e = JSON.readValue(line.substring(Event.PREFIX.length()), Event.class);
            switch (e.type()) {
                case "plan" -> {
                    results.addAll(e.plan());
                    listener.plan(e.plan());
                }
                case "start" -> {
                    running = e.index();
                    listener.scenarioStarted(e.index(), results.get(e.index()));
                }
                case "result" -> {
                    results.set(e.index(), e.result());
                    running = -1;
                    listener.scenarioFinished(e.index(), e.result());
                }
                case "exit" -> exitCallers = e.threads();
                case "done" -> done = true;
                default -> { }
            }
        } catch (IOException | RuntimeException ex) {
            dump.add(line);
        }
    }

    private synchronized void onStderr(String line) {
        if (output.size() == OUTPUT_LINES) {
            output.removeFirst();
        }
        output.addLast(line);
    }

    /** Asks the JVM for a thread dump (SIGQUIT prints one on its standard output) before killing it. */
    private void threadDump(Process p) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).start().waitFor(2, TimeUnit.SECONDS);
            Thread.sleep(700);
        } catch (IOException e) {
            // no kill command: report without a dump
        }
    }

    private synchronized void finishAbnormally(int exitCode, int timeoutSeconds) {
        String joined = String.join("\n", output);
        ScenarioResult victim = running >= 0 ? results.get(running)
                : new ScenarioResult("grader", "", "the grader runs to the end", Status.ERROR, null, null, seed, 0, 0,
                        null, null, null);
        Status status;
        String observed;
        List<String> details = new ArrayList<>();
        List<ThreadReport> threads = List.of();
        if (exitCode == -1) {
            status = Status.HANG;
            observed = "the grader JVM was still running after " + timeoutSeconds + " s and was killed";
            threads = DumpParser.learnerThreads(dump);
        } else if (exitCallers != null) {
            status = Status.CRASHED;
            observed = "your code ended the JVM (System.exit or Runtime.halt, status " + exitCode + ")";
            threads = exitCallers;
            details.add("A library class never ends the program it runs in: throw an exception instead.");
        } else if (joined.contains("OutOfMemoryError")) {
            status = Status.CRASHED;
            observed = "the grader JVM ran out of memory (heap capped at " + HEAP.substring(4) + ")";
            details.add("Look for a collection that grows without bound, such as waiters or nodes never removed.");
        } else {
            status = Status.CRASHED;
            observed = "the grader JVM died with exit status " + exitCode;
        }
        ScenarioResult r = new ScenarioResult(victim.id(), victim.subject(), victim.property(), status, observed,
                "the scenario to run to its end", seed, 0, 0, details, threads, null);
        if (running >= 0) {
            results.set(running, r);
            for (int i = running + 1; i < results.size(); i++) {
                ScenarioResult s = results.get(i);
                results.set(i, ScenarioResult.skipped(s.id(), s.subject(), s.property(), "not run: the grader JVM ended early"));
            }
        } else {
            results.add(r);
        }
    }

    /** Reads a HotSpot thread dump and keeps the threads that stand in learner code. */
    static final class DumpParser {
        private DumpParser() {}

        static List<ThreadReport> learnerThreads(List<String> lines) {
            List<ThreadReport> out = new ArrayList<>();
            String name = null;
            String state = "";
            List<StackTraceElement> frames = new ArrayList<>();
            for (String raw : lines) {
                String line = raw.strip();
                if (raw.startsWith("\"")) {
                    flush(out, name, state, frames);
                    name = raw.substring(1, raw.indexOf('"', 1));
                    state = "";
                    frames = new ArrayList<>();
                } else if (line.startsWith("java.lang.Thread.State:")) {
                    state = line.substring("java.lang.Thread.State:".length()).strip().split(" ")[0];
                } else if (line.startsWith("at ") && name != null) {
                    StackTraceElement e = parseFrame(line.substring(3));
                    if (e != null) {
                        frames.add(e);
                    }
                }
            }
            flush(out, name, state, frames);
            return out;
        }

        private static void flush(List<ThreadReport> out, String name, String state, List<StackTraceElement> frames) {
            if (name == null) {
                return;
            }
            StackTraceElement[] st = frames.toArray(StackTraceElement[]::new);
            if (!StackReports.learnerFrames(st).isEmpty()) {
                out.add(StackReports.of(name, state, st));
            }
        }

        /** {@code ladder.level0.Mutex.lock(Mutex.java:42)} → a frame. */
        private static StackTraceElement parseFrame(String s) {
            int paren = s.indexOf('(');
            if (paren < 0) {
                return null;
            }
            String qualified = s.substring(0, paren);
            int slash = qualified.lastIndexOf('/');
            qualified = qualified.substring(slash + 1);
            int dot = qualified.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            String where = s.substring(paren + 1, s.indexOf(')', paren));
            String file = where;
            int line = -1;
            int colon = where.lastIndexOf(':');
            if (colon > 0) {
                file = where.substring(0, colon);
                try {
                    line = Integer.parseInt(where.substring(colon + 1));
                } catch (NumberFormatException e) {
                    line = -1;
                }
            }
            return new StackTraceElement(qualified.substring(0, dot), qualified.substring(dot + 1), file, line);
        }
    }
}
