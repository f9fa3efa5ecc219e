package ladder.app.cli;

import java.io.IOException;
import java.util.List;

import ladder.app.AppContext;
import ladder.app.progress.Progress;
import ladder.app.render.MarkdownRenderer;
import ladder.app.render.Ui;
import ladder.app.workspace.Workspace;
import ladder.course.Hint;
import ladder.course.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "hint", description = "Show the next hint of a level (from a nudge to nearly the answer).")
public final class HintCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "LEVEL", converter = LevelConverter.class,
            completionCandidates = LevelConverter.Ids.class, description = "level0 … (or 0 …)")
    Level level;

    @Option(names = "--all", description = "Show again every hint seen so far (no new one).")
    boolean all;

    public HintCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws IOException {
        Workspace ws = workspace();
        List<Hint> hints = level.hints();
        if (hints.isEmpty()) {
            out().println("Level " + level.number() + " has no hints.");
            return 0;
        }
        if (all) {
            int seen = progress(ws).read().level(level.id()).hintsShown();
            if (seen == 0) {
                out().println("No hint of " + level.id() + " seen yet: `hint " + level.id() + "` shows the first.");
            }
            for (int i = 0; i < Math.min(seen, hints.size()); i++) {
                show(i, hints);
            }
            return 0;
        }
        int[] shown = new int[1];
        progress(ws).update(p -> shown[0] = next(p, hints.size()));
        show(shown[0] - 1, hints);
        if (shown[0] == hints.size()) {
            ui().println(out(), Ui.FAINT, "That was the last hint. `hint " + level.id() + " --all` shows them all again.");
        }
        return 0;
    }

    /** Records one more hint as seen (never past the last); returns the number of the hint to show. */
    private int next(Progress p, int total) {
        var lp = p.level(level.id());
        int n = Math.min(total, lp.hintsShown() + 1);
        lp.recordHintsShown(n);
        return n;
    }

    private void show(int index, List<Hint> hints) {
        Ui ui = ui();
        ui.println(out(), Ui.ACCENT.bold(), "Hint " + (index + 1) + " of " + hints.size() + " for " + level.id()
                + " (" + level.title() + ")");
        int width = Math.min(ui.width() - 1, 100);
        new MarkdownRenderer(ui, width - 2).render(hints.get(index).text().strip())
                .forEach(line -> ui.println(out(), ui.builder().append("  ").append(line).toAttributedString()));
        out().println();
    }
}
