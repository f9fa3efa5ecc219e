package ladder.app.progress;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a learner stands on one level, from the latest check. */
public enum LevelStatus {
    @JsonProperty("not-started") NOT_STARTED("not started"),
    @JsonProperty("failed") FAILED("failed"),
    @JsonProperty("passed") PASSED("passed");

    private final String label;

    LevelStatus(String label) {
        this.label = label;
    }

    /** For people: "not started", "failed", "passed". */
    public String label() {
        return label;
    }
}
