package ladder.app.progress;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JacksonException;

/**
 * Reads and updates {@code .ladder/progress.json} safely when several shells (processes) and
 * threads share one workspace.
 *
 * <p>Every access holds an exclusive {@link FileLock} on {@code .ladder/progress.lock} (between
 * processes) and an in-process lock on the same path (a JVM may hold only one FileLock per file,
 * so its threads must take turns first). Updates re-read the file inside the lock, so no update
 * is lost, and replace it atomically ({@link AtomicFiles}). A file that cannot be read (bad
 * JSON, another schema) is moved aside to {@code progress.json.corrupt-<timestamp>}, the
 * learner is told on standard error, and the course goes on from a fresh record.
 */
public final class ProgressStore {

    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path file;
    private final Path lockFile;
    private final List<String> ladder;
    private final Consumer<String> warnings;

    /**
     * @param file     the progress file
     * @param ladder   the course's level ids, in order (a fresh record lists them)
     * @param warnings where to tell the learner about a file set aside (standard error)
     */
    public ProgressStore(Path file, List<String> ladder, Consumer<String> warnings) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling("progress.lock");
        this.ladder = List.copyOf(ladder);
        this.warnings = warnings;
    }

    /** The current progress (a consistent snapshot). */
    public Progress read() throws IOException {
        return locked(false, p -> { });
    }

    /** Applies {@code change} to the latest progress and saves it; returns what was saved. */
    public Progress update(Consumer<Progress> change) throws IOException {
        return locked(true, change);
    }

    private Progress locked(boolean write, Consumer<Progress> change) throws IOException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock(); // released when the channel closes
                Progress p = load();
                change.accept(p);
                if (write) {
                    save(p);
                }
                lock.release();
                return p;
            }
        } finally {
            local.unlock();
        }
    }

    /** Call only when holding the lock. */
    private Progress load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Progress.fresh(ladder);
        }
        String problem;
        try {
            Progress p = Json.mapper().readValue(bytes, Progress.class);
            if (p == null) {
                problem = "it is empty";
            } else if (p.schema() != Progress.SCHEMA) {
                problem = "it has schema " + p.schema() + ", this ladder reads schema " + Progress.SCHEMA;
            } else {
                ladder.forEach(p::level);
                return p;
            }
        } catch (JacksonException e) {
            // Jackson's own wording names its internals; keep the gist and say where.
            String gist = firstLine(e.getOriginalMessage()).replaceAll("\\s*\\(start marker at .*$", "");
            problem = "it is not valid progress JSON (" + gist
                    + (e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr())
                    + ")";
        }
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + LocalDateTime.now().format(STAMP));
        Files.move(file, aside);
        // Written at once, even by a read-only command: the progress file is what marks the folder
        // as a workspace, so leaving none would make the next command look for another one.
        Progress fresh = Progress.fresh(ladder);
        save(fresh);
        warnings.accept("ladder: the progress file " + file + " could not be read: " + problem + ".\n"
                + "ladder: moved it aside to " + aside.getFileName() + " and started a fresh progress record.");
        return fresh;
    }

    /** Call only when holding the lock. */
    private void save(Progress p) throws IOException {
        AtomicFiles.write(file, Json.mapper().writeValueAsBytes(p));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
