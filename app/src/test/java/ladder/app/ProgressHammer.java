package ladder.app;

import java.nio.file.Path;
import java.util.List;

import ladder.app.progress.LevelStatus;
import ladder.app.progress.ProgressStore;

/** A second process that updates a progress file many times: {@code ProgressHammer FILE N}. */
public final class ProgressHammer {
    private ProgressHammer() {}

    public static void main(String[] args) throws Exception {
        ProgressStore store = new ProgressStore(Path.of(args[0]), List.of("level0"), System.err::println);
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
            store.update(p -> p.level("level0").recordCheck(LevelStatus.FAILED, "FAILED", "from a process", "now"));
        }
    }
}
