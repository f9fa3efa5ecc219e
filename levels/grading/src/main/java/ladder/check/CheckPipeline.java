package ladder.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import ladder.course.Course;
import ladder.course.Level;
import ladder.grading.result.ScenarioResult;

/**
 * {@code ladder check levelN}: compile the learner's sources, refuse forbidden APIs, grade in a
 * separate JVM, and sum it up as a {@link CheckResult}.
 *
 * <p>Only the exercise sources are taken from the workspace ({@code src/main/java/ladder/levelN/*.java}
 * of the level and of the earlier levels it uses); the toolkit and graders come from the ladder.
 */
public final class CheckPipeline {

    /**
     * @param level      the level to check
     * @param sourceRoot the workspace's {@code src/main/java}
     * @param displayRoot paths in messages are shown relative to this (the workspace)
     * @param seed       the seed of the randomized trials
     * @param only       scenario ids to run (empty: all)
     */
    public record Request(Level level, Path sourceRoot, Path displayRoot, long seed, List<String> only) {
        public Request {
            only = only == null ? List.of() : List.copyOf(only);
        }
    }

    private final Course course;

    public CheckPipeline(Course course) {
        this.course = course;
    }

    public CheckResult check(Request req, CheckListener listener) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Level level = req.level();
        Path work = Files.createTempDirectory("ladder-check-");
        try {
            listener.phase("compiling");
            List<Path> sources = new ArrayList<>();
            for (Level l : course.compileSet(level)) {
                Path dir = req.sourceRoot().resolve(l.packagePath());
                List<Path> found = javaFiles(dir);
                if (found.isEmpty()) {
                    CompileProblem missing = new CompileProblem(req.displayRoot().relativize(dir.toAbsolutePath()).toString(), 0, 0,
                            "no Java sources here: run `ladder reset " + l.id() + "` to restore the exercise");
                    return finish(req, start, Outcome.COMPILE_ERROR, Verdicts.compileHeadline(level, List.of(missing)),
                            List.of(), List.of(missing), List.of(), List.of());
                }
                sources.addAll(found);
            }
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<CompileProblem> problems = SourceCompiler.compile(sources, req.displayRoot(), GraderClasspath.toolkit(), classes);
            if (problems.isEmpty()) {
                problems = strayClasses(classes, course.compileSet(level));
            }
            if (!problems.isEmpty()) {
                return finish(req, start, Outcome.COMPILE_ERROR, Verdicts.compileHeadline(level, problems),
                        List.of(), problems, List.of(), List.of());
            }

            listener.phase("inspecting");
            List<ForbiddenUse> forbidden = new ArrayList<>();
            for (Level l : course.compileSet(level)) {
                BytecodeInspector inspector = new BytecodeInspector(course.forbiddenFor(l), course.allowed());
                forbidden.addAll(inspector.inspect(classes.resolve(l.packagePath())));
            }
            if (!forbidden.isEmpty()) {
                return finish(req, start, Outcome.FORBIDDEN_API, Verdicts.forbiddenHeadline(level, forbidden),
                        List.of(), List.of(), forbidden, List.of());
            }

            NoiseWeaver.weave(classes);
            listener.phase("grading");
            GraderProcess.Outcome graded = GraderProcess.run(classes, level.grader(), req.seed(), req.only(),
                    level.timeoutSeconds(), listener);
            List<ScenarioResult> scenarios = graded.scenarios();
            Outcome outcome = Verdicts.outcome(scenarios);
            return finish(req, start, outcome, Verdicts.gradeHeadline(level, outcome, scenarios, req.seed()),
                    scenarios, List.of(), List.of(), graded.output());
        } finally {
            deleteTree(work);
        }
    }

    private static CheckResult finish(Request req, long start, Outcome outcome, String headline,
                                      List<ScenarioResult> scenarios, List<CompileProblem> compile,
                                      List<ForbiddenUse> forbidden, List<String> output) {
        long millis = (System.nanoTime() - start) / 1_000_000L;
        return new CheckResult(CheckResult.SCHEMA, req.level().id(), outcome, headline, req.seed(), millis, scenarios,
                compile, forbidden, output, Instant.now().toString());
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /** Every class must sit in the package of a level being compiled: nothing may replace the toolkit. */
    private static List<CompileProblem> strayClasses(Path classes, List<Level> levels) throws IOException {
        List<CompileProblem> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".class")).toList()) {
                String rel = classes.relativize(p).toString().replace('\\', '/');
                boolean inLevel = levels.stream().anyMatch(l -> rel.startsWith(l.packagePath() + "/")
                        && rel.indexOf('/', l.packagePath().length() + 1) < 0);
                if (!inLevel) {
                    out.add(new CompileProblem(rel.replace(".class", ".java"), 0, 0,
                            "classes of this exercise belong to package " + levels.get(levels.size() - 1).packageName()
                                    + " (found " + rel.replace(".class", "").replace('/', '.') + ")"));
                }
            }
        }
        return out;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
