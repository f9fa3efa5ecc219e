package ladder.app.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Options every command takes: which workspace, and whether to draw colours. */
public final class CommonOptions {

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "The workspace to use (default: the one around the current folder).")
    Path workspace;

    @Option(names = "--no-color", description = "No colours or other escape codes (also: NO_COLOR=1).")
    boolean noColor;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    public Path workspace() {
        return workspace;
    }

    public boolean noColor() {
        return noColor;
    }
}
