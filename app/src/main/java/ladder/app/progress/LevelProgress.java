package ladder.app.progress;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The learner's record on one level, as stored in {@code progress.json}. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"status", "attempts", "firstPassedAt", "hintsShown", "reveals", "lastOutcome", "lastHeadline",
        "lastCheckedAt"})
public final class LevelProgress {
    private LevelStatus status = LevelStatus.NOT_STARTED;
    private int attempts;
    private String firstPassedAt;
    private int hintsShown;
    private List<Reveal> reveals = new ArrayList<>();
    private String lastOutcome;
    private String lastHeadline;
    private String lastCheckedAt;

    public LevelStatus status() {
        return status == null ? LevelStatus.NOT_STARTED : status;
    }

    public int attempts() {
        return attempts;
    }

    /** When a check of this level first passed, or null. */
    public String firstPassedAt() {
        return firstPassedAt;
    }

    /** Whether a check of this level ever passed (the reference may then be revealed). */
    public boolean everPassed() {
        return firstPassedAt != null;
    }

    public int hintsShown() {
        return hintsShown;
    }

    public List<Reveal> reveals() {
        if (reveals == null) {
            reveals = new ArrayList<>();
        }
        return reveals;
    }

    public String lastOutcome() {
        return lastOutcome;
    }

    public String lastHeadline() {
        return lastHeadline;
    }

    public String lastCheckedAt() {
        return lastCheckedAt;
    }

    /** Records a finished check. */
    public void recordCheck(LevelStatus result, String outcome, String headline, String at) {
        attempts++;
        status = result;
        if (result == LevelStatus.PASSED && firstPassedAt == null) {
            firstPassedAt = at;
        }
        lastOutcome = outcome;
        lastHeadline = headline;
        lastCheckedAt = at;
    }

    /** Records that hints 1 … {@code seen} have been shown (never lowers the count). */
    public void recordHintsShown(int seen) {
        hintsShown = Math.max(hintsShown, seen);
    }

    public void recordReveal(Reveal reveal) {
        reveals().add(reveal);
    }
}
