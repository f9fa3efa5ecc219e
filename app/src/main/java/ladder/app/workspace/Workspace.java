package ladder.app.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import ladder.course.Level;

/**
 * A learner's workspace: a Maven project holding the exercises ({@code src/main/java/ladder/levelN})
 * and the ladder's own files under {@code .ladder/} (progress, results, history, backups, the
 * toolkit's local repository). A folder is a workspace when it holds {@code .ladder/progress.json}.
 */
public record Workspace(Path root) {

    /** Where {@code ladder init} and the shell create a workspace when none is named. */
    public static final String DEFAULT_NAME = "ladder-workspace";

    public Workspace {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * Whether {@code dir} is a workspace: it holds {@code .ladder/progress.json}, or at least the
     * {@code .ladder} folder beside the exercise sources (a progress file deleted by hand, or lost,
     * means a fresh record, not a lost workspace).
     */
    public static boolean isWorkspace(Path dir) {
        Path ladder = dir.resolve(".ladder");
        return Files.isRegularFile(ladder.resolve("progress.json"))
                || (Files.isDirectory(ladder) && Files.isDirectory(dir.resolve("src/main/java/ladder")));
    }

    /**
     * The workspace around {@code start}: {@code start} or its nearest ancestor holding
     * {@code .ladder/progress.json}, else {@code start/ladder-workspace} when that is one.
     */
    public static Optional<Workspace> find(Path start) {
        Path abs = start.toAbsolutePath().normalize();
        for (Path p = abs; p != null; p = p.getParent()) {
            if (isWorkspace(p)) {
                return Optional.of(new Workspace(p));
            }
        }
        Path child = abs.resolve(DEFAULT_NAME);
        return isWorkspace(child) ? Optional.of(new Workspace(child)) : Optional.empty();
    }

    public Path ladderDir() {
        return root.resolve(".ladder");
    }

    public Path progressFile() {
        return ladderDir().resolve("progress.json");
    }

    public Path historyFile() {
        return ladderDir().resolve("history");
    }

    public Path resultsDir() {
        return ladderDir().resolve("results");
    }

    public Path resultFile(Level level) {
        return resultsDir().resolve(level.id() + ".json");
    }

    public Path backupDir() {
        return ladderDir().resolve("backup");
    }

    public Path repoDir() {
        return ladderDir().resolve("repo");
    }

    /** {@code src/main/java}: the source root of the exercises. */
    public Path sourceRoot() {
        return root.resolve("src").resolve("main").resolve("java");
    }

    /** {@code src/main/java/ladder/levelN}: the learner's sources of one level. */
    public Path levelDir(Level level) {
        return sourceRoot().resolve(level.packagePath());
    }

    /** {@code path} relative to the workspace when inside it, for messages. */
    public String display(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }
}
