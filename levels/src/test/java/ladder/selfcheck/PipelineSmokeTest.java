package ladder.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ladder.check.CheckResult;
import ladder.check.Outcome;

class PipelineSmokeTest {
    @TempDir Path dir;

    @Test
    void referenceAndSkeleton() {
        CheckResult ref = Grading.grade(dir.resolve("ref"), "level0", Grading.packaged("level0", true), 1L, List.of());
        System.out.println(Grading.describe(ref));
        assertEquals(Outcome.PASSED, ref.outcome(), Grading.describe(ref));
        CheckResult skel = Grading.grade(dir.resolve("skel"), "level0", Grading.packaged("level0", false), 1L, List.of());
        System.out.println(Grading.describe(skel));
        assertEquals(Outcome.NOT_STARTED, skel.outcome(), Grading.describe(skel));
    }
}
