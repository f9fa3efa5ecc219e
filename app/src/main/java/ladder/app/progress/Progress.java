package ladder.app.progress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The learner's progress through the course: {@code .ladder/progress.json}.
 * <pre>{"schema": 1, "levels": {"level0": {"status": "passed", "attempts": 3, …}}}</pre>
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"schema", "levels"})
public final class Progress {
    /** The version of this format; a file with another version is set aside as unreadable. */
    public static final int SCHEMA = 1;

    private int schema = SCHEMA;
    private Map<String, LevelProgress> levels = new LinkedHashMap<>();

    /** An empty record with an entry for each of {@code levelIds}, in order. */
    public static Progress fresh(List<String> levelIds) {
        Progress p = new Progress();
        levelIds.forEach(p::level);
        return p;
    }

    public int schema() {
        return schema;
    }

    public Map<String, LevelProgress> levels() {
        if (levels == null) {
            levels = new LinkedHashMap<>();
        }
        return levels;
    }

    /** The record of {@code levelId}, created empty when missing. */
    public LevelProgress level(String levelId) {
        return levels().computeIfAbsent(levelId, id -> new LevelProgress());
    }

    /** The record of {@code levelId} if the learner has one, without creating it. */
    public Optional<LevelProgress> find(String levelId) {
        return Optional.ofNullable(levels().get(levelId));
    }

    /** Whether {@code levelId} has passed a check at least once. */
    public boolean everPassed(String levelId) {
        return find(levelId).map(LevelProgress::everPassed).orElse(false);
    }

    /** The first of {@code ladder} (in order) never passed, or empty when all are. */
    public Optional<String> next(List<String> ladder) {
        return ladder.stream().filter(id -> !everPassed(id)).findFirst();
    }
}
