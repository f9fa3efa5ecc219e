package ladder.app.cli;

import ladder.app.AppContext;
import ladder.app.render.MarkdownRenderer;
import ladder.course.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "lesson", description = "Read the lesson of a level.")
public final class LessonCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "LEVEL", converter = LevelConverter.class,
            completionCandidates = LevelConverter.Ids.class, description = "level0 … (or 0 …)")
    Level level;

    public LessonCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        int width = Math.min(ui().width() - 1, 100);
        new MarkdownRenderer(ui(), width).render(course().lesson(level)).forEach(line -> ui().println(out(), line));
        out().println();
        ui().println(out(), ladder.app.render.Ui.FAINT, "Exercise: src/main/java/" + level.packagePath() + "/"
                + String.join(".java, ", level.exercises()) + ".java · `check " + level.id() + "` grades it · `hint "
                + level.id() + "` when stuck");
        return 0;
    }
}
