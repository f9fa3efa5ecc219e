package ladder.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import ladder.app.AppContext;
import ladder.app.LadderException;
import ladder.app.progress.ProgressStore;
import ladder.app.render.Ui;
import ladder.app.workspace.Workspace;
import ladder.course.Course;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: the context, the common options, the output writers, and finding
 * the workspace. Output goes through {@code spec.commandLine().getOut()/getErr()} so that the
 * shell, one-shot runs and tests all see it.
 */
abstract class BaseCommand implements Callable<Integer> {

    protected final AppContext ctx;

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected CommonOptions common;

    private Ui ui;

    protected BaseCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected Ui ui() {
        if (ui == null) {
            ui = Ui.of(ctx, common.noColor());
        }
        return ui;
    }

    protected Course course() {
        return ctx.course();
    }

    /**
     * The workspace: {@code --workspace DIR}, else the shell's, else the nearest folder up from
     * here holding {@code .ladder/progress.json} (or {@code ./ladder-workspace}).
     */
    protected Workspace workspace() {
        Path named = common.workspace();
        if (named != null) {
            Path dir = ctx.cwd().resolve(named);
            if (!Workspace.isWorkspace(dir)) {
                throw new LadderException(dir + " is not a ladder workspace (no .ladder/progress.json): "
                        + "run `ladder init " + named + "` to create one.");
            }
            return new Workspace(dir);
        }
        if (ctx.shellWorkspace() != null) {
            return new Workspace(ctx.shellWorkspace());
        }
        return Workspace.find(ctx.cwd()).orElseThrow(() -> new LadderException(
                "No ladder workspace in " + ctx.cwd() + " or above: run `ladder init` to create one."));
    }

    protected ProgressStore progress(Workspace ws) {
        PrintWriter err = err();
        return new ProgressStore(ws.progressFile(), course().ids(), message -> {
            err.println(message);
            err.flush();
        });
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } finally {
            out().flush();
            err().flush();
        }
    }

    protected abstract int run() throws IOException, InterruptedException;
}
