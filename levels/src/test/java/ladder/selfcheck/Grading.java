package ladder.selfcheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ladder.check.CheckListener;
import ladder.check.CheckPipeline;
import ladder.check.CheckResult;
import ladder.course.Course;
import ladder.course.Level;

/**
 * Test support: lays out sources in a throw-away workspace and grades them through the real
 * check pipeline (in-process compile, bytecode inspection, grader JVM), as {@code ladder check} does.
 */
public final class Grading {

    public static final Course COURSE = Course.load();

    private Grading() {}

    public static Level level(String id) {
        return COURSE.find(id).orElseThrow(() -> new IllegalArgumentException("no level " + id));
    }

    /**
     * Grades a workspace made of {@code files} (path under src/main/java, such as
     * {@code ladder/level0/Mutex.java}, to its source text).
     */
    public static CheckResult grade(Path root, String levelId, Map<String, String> files, long seed, List<String> only) {
        try {
            Path src = root.resolve("src/main/java");
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = src.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
            CheckPipeline.Request req = new CheckPipeline.Request(level(levelId), src, root, seed, only);
            try {
                return new CheckPipeline(COURSE).check(req, CheckListener.NONE);
            } finally {
                deleteTree(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The packaged skeleton or reference sources of a level (and of the levels it uses), keyed by path. */
    public static Map<String, String> packaged(String levelId, boolean reference) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        for (Level l : COURSE.compileSet(level(levelId))) {
            for (String cls : l.classes()) {
                files.put(l.packagePath() + "/" + cls + ".java", reference ? COURSE.reference(l, cls) : COURSE.skeleton(l, cls));
            }
        }
        return files;
    }

    /** A test resource's text (corpus files are copied under {@code corpus/levelN/corpus/...}). */
    public static String resource(String path) {
        try (InputStream in = Grading.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-paragraph description of a result for assertion messages. */
    public static String describe(CheckResult r) {
        StringBuilder sb = new StringBuilder(r.outcome() + ": " + r.headline() + " [" + r.millis() + " ms]");
        r.scenarios().forEach(s -> sb.append("\n  ").append(s.status()).append(' ').append(s.id())
                .append(s.observed() == null ? "" : " — " + s.observed())
                .append(s.expected() == null ? "" : " (expected " + s.expected() + ")")
                .append(s.threads().isEmpty() ? "" : " " + s.threads())
                .append(s.details().isEmpty() ? "" : " " + s.details()));
        r.compileErrors().forEach(c -> sb.append("\n  compile: ").append(c));
        r.forbidden().forEach(f -> sb.append("\n  forbidden: ").append(f));
        r.output().forEach(o -> sb.append("\n  | ").append(o));
        return sb.toString();
    }
}
