package ladder.app.render;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ladder.check.CheckListener;
import ladder.grading.result.ScenarioResult;

/**
 * Shows a check while it runs. On a terminal: one status line redrawn in place
 * ({@code grading 3/7 mutual-exclusion [■■■□□□□] 4 s}), erased when the check ends. Elsewhere
 * (a pipe, CI): one plain line per phase and per scenario.
 *
 * <p>Listener calls come from the grader's output thread; a ticker thread redraws the elapsed
 * time; both draw under this object's lock.
 */
public final class CheckProgress implements CheckListener, AutoCloseable {

    private final Ui ui;
    private final PrintWriter out;
    private final ScheduledExecutorService ticker;
    private String phase = "starting";
    private int total;
    private int current = -1;
    private String scenario = "";
    private long scenarioStart = System.nanoTime();
    private int drawn;
    private boolean closed;

    public CheckProgress(Ui ui, PrintWriter out) {
        this.ui = ui;
        this.out = out;
        if (ui.interactive()) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ladder-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 250, 250, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public synchronized void phase(String name) {
        phase = name;
        scenarioStart = System.nanoTime();
        if (ui.interactive()) {
            draw();
        } else if (!name.equals("grading")) {
            out.println(name + " " + ui.ellipsis());
            out.flush();
        }
    }

    @Override
    public synchronized void plan(List<ScenarioResult> scenarios) {
        total = scenarios.size();
    }

    @Override
    public synchronized void scenarioStarted(int index, ScenarioResult planned) {
        current = index;
        scenario = planned.id();
        scenarioStart = System.nanoTime();
        if (ui.interactive()) {
            draw();
        } else {
            out.println("grading " + (index + 1) + "/" + total + " " + scenario + " " + ui.ellipsis());
            out.flush();
        }
    }

    @Override
    public synchronized void scenarioFinished(int index, ScenarioResult result) {
        current = index + 1;
        if (ui.interactive()) {
            draw();
        }
    }

    private synchronized void redraw() {
        if (!closed) {
            draw();
        }
    }

    /** Call only when holding this lock. */
    private void draw() {
        long secs = (System.nanoTime() - scenarioStart) / 1_000_000_000L;
        StringBuilder sb = new StringBuilder(phase);
        if (phase.equals("grading") && total > 0) {
            int done = Math.max(0, Math.min(current, total));
            sb.append(' ').append(Math.min(done + 1, total)).append('/').append(total).append(' ').append(scenario).append(' ');
            sb.append(bar(done, total));
        } else {
            sb.append(' ').append(ui.ellipsis());
        }
        if (secs > 0) {
            sb.append(' ').append(secs).append(" s");
        }
        String text = TextWrap.fit(sb.toString(), ui.width() - 2, ui.ellipsis());
        out.print("\r" + text + " ".repeat(Math.max(0, drawn - text.length())));
        out.flush();
        drawn = text.length();
    }

    private String bar(int done, int total) {
        int cells = Math.min(total, 20);
        int filled = (int) Math.round(cells * (double) done / total);
        String full = ui.sym("■", "#");
        String empty = ui.sym("□", ".");
        return "[" + full.repeat(filled) + empty.repeat(cells - filled) + "]";
    }

    /** Stops redrawing and erases the status line. */
    @Override
    public synchronized void close() {
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (ui.interactive() && drawn > 0) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            out.flush();
            drawn = 0;
        }
    }
}
