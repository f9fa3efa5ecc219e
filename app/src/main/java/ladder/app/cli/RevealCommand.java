package ladder.app.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

import ladder.app.AppContext;
import ladder.app.LadderException;
import ladder.app.progress.ProgressStore;
import ladder.app.progress.Reveal;
import ladder.app.render.JavaHighlighter;
import ladder.app.render.Ui;
import ladder.app.workspace.Workspace;
import ladder.course.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reveal", description = {"Show a level's reference solution, once you passed the level (or in instructor mode).",
            "Every reveal is recorded in your progress."})
public final class RevealCommand extends BaseCommand {

    /** Instructor mode from the environment: {@code LADDER_INSTRUCTOR=1}. */
    public static final String INSTRUCTOR_ENV = "LADDER_INSTRUCTOR";

    @Parameters(index = "0", paramLabel = "LEVEL", converter = LevelConverter.class,
            completionCandidates = LevelConverter.Ids.class, description = "level0 … (or 0 …)")
    Level level;

    @Option(names = "--instructor", description = "Instructor mode: reveal even before the level is passed (also "
            + INSTRUCTOR_ENV + "=1).")
    boolean instructor;

    public RevealCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws IOException {
        Workspace ws = workspace();
        ProgressStore store = progress(ws);
        boolean instructorMode = instructor || truthy(ctx.env(INSTRUCTOR_ENV));
        boolean[] allowed = new boolean[1];
        store.update(p -> {
            allowed[0] = p.everPassed(level.id()) || instructorMode;
            if (allowed[0]) {
                p.level(level.id()).recordReveal(new Reveal(level.id(), Instant.now().toString(), instructorMode));
            }
        });
        if (!allowed[0]) {
            throw new LadderException("The reference of " + level.id() + " is revealed once you pass it: run `check "
                    + level.id() + "` until every property holds (instructors: --instructor or " + INSTRUCTOR_ENV + "=1).");
        }
        for (String cls : level.classes()) {
            show(cls, course().reference(level, cls));
        }
        return 0;
    }

    private void show(String cls, String source) {
        Ui ui = ui();
        ui.println(out(), Ui.ACCENT.bold(), "Reference: src/main/java/" + level.packagePath() + "/" + cls + ".java");
        List<AttributedString> lines = JavaHighlighter.highlight(source);
        int digits = Integer.toString(lines.size()).length();
        for (int i = 0; i < lines.size(); i++) {
            String no = String.format("%" + digits + "d ", i + 1);
            ui.println(out(), new AttributedStringBuilder().styled(Ui.FAINT, no).append(ui.sym("│", "|") + " ")
                    .append(lines.get(i)).toAttributedString());
        }
        out().println();
    }

    static boolean truthy(String value) {
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false")
                && !value.equalsIgnoreCase("no");
    }
}
