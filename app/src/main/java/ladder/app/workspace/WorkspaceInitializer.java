package ladder.app.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ladder.app.LadderException;
import ladder.app.progress.ProgressStore;
import ladder.course.Course;
import ladder.course.Level;

/**
 * {@code ladder init}: lays out a new workspace. The skeleton of every class of every level
 * under {@code src/main/java/ladder/levelN/}, a {@code pom.xml} an IDE opens as is (the toolkit
 * comes from an in-workspace file repository, {@code .ladder/repo}), a README for the learner,
 * a {@code .gitignore}, and a fresh {@code .ladder/progress.json}.
 */
public final class WorkspaceInitializer {

    /** The version of the toolkit artifact in the workspace's local repository. */
    public static final String TOOLKIT_VERSION = "1.0.0";
    private static final String TEMPLATES = "ladder/app/workspace/";

    private final Course course;

    public WorkspaceInitializer(Course course) {
        this.course = course;
    }

    /** What was created, for the message. */
    public record Created(Workspace workspace, int levels, int classes) {}

    public Created create(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        refuseExisting(root);
        Workspace ws = new Workspace(root);
        int classes = 0;
        for (Level level : course.levels()) {
            Path folder = Files.createDirectories(ws.levelDir(level));
            for (String cls : level.classes()) {
                Files.writeString(folder.resolve(cls + ".java"), course.skeleton(level, cls));
                classes++;
            }
        }
        writeToolkitRepo(ws);
        Files.writeString(root.resolve("pom.xml"), template("pom.xml"));
        Files.writeString(root.resolve("README.md"), readme());
        Files.writeString(root.resolve(".gitignore"), template("gitignore"));
        Files.createDirectories(ws.resultsDir());
        new ProgressStore(ws.progressFile(), course.ids(), m -> { }).update(p -> { });
        return new Created(ws, course.levels().size(), classes);
    }

    private static void refuseExisting(Path root) throws IOException {
        if (Workspace.isWorkspace(root)) {
            throw new LadderException(root + " is already a ladder workspace: nothing was changed "
                    + "(use `ladder reset levelN` to restore an exercise).");
        }
        for (String name : List.of(".ladder", "pom.xml", "src")) {
            if (Files.exists(root.resolve(name))) {
                throw new LadderException(root + " already holds " + name + ": refusing to overwrite it. "
                        + "Choose an empty or new folder: `ladder init DIR`.");
            }
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new LadderException(root + " is a file, not a folder.");
        }
    }

    private void writeToolkitRepo(Workspace ws) throws IOException {
        Path dir = ws.repoDir().resolve("dev/ladder/ladder-toolkit/" + TOOLKIT_VERSION);
        Files.createDirectories(dir);
        String base = "ladder-toolkit-" + TOOLKIT_VERSION;
        List<String> classes = ToolkitJar.writeClasses(dir.resolve(base + ".jar"), TOOLKIT_VERSION);
        ToolkitJar.writeSources(dir.resolve(base + "-sources.jar"), TOOLKIT_VERSION, classes);
        Files.writeString(dir.resolve(base + ".pom"), template("toolkit.pom").replace("@VERSION@", TOOLKIT_VERSION));
    }

    private String readme() {
        StringBuilder levels = new StringBuilder();
        for (Level l : course.levels()) {
            levels.append("| ").append(l.number()).append(" | `").append(l.id()).append("` | ").append(l.title())
                    .append(" | ").append(l.topic()).append(" | `src/main/java/").append(l.packagePath()).append("/` |\n");
        }
        return template("README.md").replace("@LEVELS@", levels.toString().strip())
                .replace("@FIRST@", course.levels().isEmpty() ? "level0" : course.levels().get(0).id());
    }

    static String template(String name) {
        try (InputStream in = WorkspaceInitializer.class.getClassLoader().getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new IOException("missing from the ladder's package: " + TEMPLATES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
