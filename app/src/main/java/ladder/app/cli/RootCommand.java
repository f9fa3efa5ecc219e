package ladder.app.cli;

import ladder.app.AppContext;
import ladder.app.shell.Shell;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "ladder", versionProvider = VersionProvider.class,
        description = {"A terminal course: build concurrency primitives from atomics, and prove them.",
            "Without a command: the interactive shell (completion, history, colours)."},
        subcommands = {InitCommand.class, ListCommand.class, LessonCommand.class, HintCommand.class,
            CheckCommand.class, WatchCommand.class, ResetCommand.class, RevealCommand.class, ProgressCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Levels: level0 … (or 0 …). Exit status: 0 success, 1 failed check or refused, 2 usage error."})
public final class RootCommand extends BaseCommand {

    @picocli.CommandLine.Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version.")
    boolean version;

    public RootCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws java.io.IOException {
        if (ctx.inShell()) {
            out().println("You are in the ladder shell already: type `help` for the commands.");
            return 0;
        }
        return new Shell(ctx, common).run();
    }
}
