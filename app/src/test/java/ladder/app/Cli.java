package ladder.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Runs ladder commands in-process, as one-shot runs do, with output captured. */
final class Cli {

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    final Path cwd;
    final Map<String, String> env = new HashMap<>();
    UnaryOperator<AppContext> customize = UnaryOperator.identity();

    Cli(Path cwd) {
        this.cwd = cwd;
    }

    AppContext context() {
        return customize.apply(AppContext.detached(cwd, env));
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AppContext ctx = context();
        int code = Ladder.execute(Ladder.create(ctx, new PrintWriter(out, true), new PrintWriter(err, true)), ctx, args);
        return new Result(code, out.toString(), err.toString());
    }
}
