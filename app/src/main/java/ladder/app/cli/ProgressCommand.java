package ladder.app.cli;

import java.io.IOException;
import java.util.List;

import ladder.app.AppContext;
import ladder.app.progress.Json;
import ladder.app.progress.LevelProgress;
import ladder.app.progress.Progress;
import ladder.app.render.Ui;
import ladder.app.workspace.Workspace;
import ladder.course.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "progress", description = "Your progress: a summary, or the progress file itself with --json.")
public final class ProgressCommand extends BaseCommand {

    @Option(names = "--json", description = "Print .ladder/progress.json (pretty JSON).")
    boolean json;

    public ProgressCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws IOException {
        Workspace ws = workspace();
        Progress p = progress(ws).read();
        if (json) {
            out().println(Json.mapper().writeValueAsString(p));
            return 0;
        }
        Ui ui = ui();
        List<Level> levels = course().levels();
        long passed = levels.stream().filter(l -> p.everPassed(l.id())).count();
        int attempts = 0;
        int hints = 0;
        int reveals = 0;
        for (Level l : levels) {
            LevelProgress lp = p.level(l.id());
            attempts += lp.attempts();
            hints += lp.hintsShown();
            reveals += lp.reveals().size();
        }
        ui.println(out(), Ui.BOLD, "Progress in " + ws.root());
        out().println("  passed:   " + passed + " of " + levels.size() + " level(s)");
        out().println("  next:     " + p.next(course().ids()).orElse("none, the ladder is done"));
        out().println("  checks:   " + attempts + ", hints seen: " + hints + ", reveals: " + reveals);
        for (Level l : levels) {
            LevelProgress lp = p.level(l.id());
            if (lp.lastHeadline() == null && lp.attempts() == 0) {
                continue;
            }
            ui.println(out(), ui.builder().append("  ").styled(Ui.ACCENT, l.id()).append(" " + lp.status().label())
                    .append(lp.firstPassedAt() != null ? ", first passed " + lp.firstPassedAt() : "")
                    .toAttributedString());
            if (lp.lastHeadline() != null) {
                ui.println(out(), Ui.FAINT, "    last check " + lp.lastCheckedAt() + ": " + lp.lastHeadline());
            }
        }
        ui.println(out(), Ui.FAINT, "The file: " + ws.display(ws.progressFile()) + " (`progress --json` prints it).");
        return 0;
    }
}
