package ladder.app.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import ladder.app.AppContext;
import ladder.app.workspace.Workspace;
import ladder.check.CheckResult;
import ladder.course.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", description = {"Grade a level: compile your code, refuse forbidden APIs, run every scenario in a separate JVM.",
            "Exit status 0 when every property holds, 1 otherwise."})
public final class CheckCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "LEVEL", converter = LevelConverter.class,
            completionCandidates = LevelConverter.Ids.class, description = "level0 … (or 0 …)")
    Level level;

    @Option(names = "--seed", paramLabel = "N", description = "Repeat the randomized trials of an earlier run.")
    Long seed;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = "Run only these scenarios (comma separated).")
    List<String> only;

    public CheckCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws IOException, InterruptedException {
        Workspace ws = workspace();
        long s = seed != null ? seed : randomSeed();
        CheckResult result = new CheckRunner(course(), ui(), out())
                .run(ws, progress(ws), level, s, only == null ? List.of() : only);
        return result.outcome().exitCode();
    }

    static long randomSeed() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 40);
    }
}
