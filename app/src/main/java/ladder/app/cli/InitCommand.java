package ladder.app.cli;

import java.io.IOException;
import java.nio.file.Path;

import ladder.app.AppContext;
import ladder.app.render.Ui;
import ladder.app.workspace.Workspace;
import ladder.app.workspace.WorkspaceInitializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "init", description = "Create a workspace: the exercises of every level, a pom.xml for your IDE, your progress file.")
public final class InitCommand extends BaseCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "Where to create it (default: ./" + Workspace.DEFAULT_NAME + ").")
    Path dir;

    public InitCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws IOException {
        Path target = dir != null ? dir : common.workspace() != null ? common.workspace() : Path.of(Workspace.DEFAULT_NAME);
        WorkspaceInitializer.Created created = new WorkspaceInitializer(course()).create(ctx.cwd().resolve(target));
        report(ui(), created, out(), false);
        return 0;
    }

    /** Tells what was created and what to do next (also used by the shell when it creates the default workspace). */
    public static void report(Ui ui, WorkspaceInitializer.Created created, java.io.PrintWriter out, boolean inShell) {
        ui.println(out, Ui.GOOD.bold(), ui.sym("✓", "+") + " Created a ladder workspace in " + created.workspace().root());
        out.println("  " + created.classes() + " exercise file(s) for " + created.levels() + " level(s) in src/main/java/ladder/,");
        out.println("  a pom.xml your IDE opens as is, a README.md, and your progress in .ladder/.");
        out.println(inShell ? "  Your code goes in src/main/java/ladder/levelN/: open the folder in your IDE."
                : "  Next: `cd " + created.workspace().root() + "` and run `ladder` (the shell), or `ladder lesson level0`.");
        out.flush();
    }
}
