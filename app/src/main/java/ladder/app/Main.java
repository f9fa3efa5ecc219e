package ladder.app;

import ladder.app.shell.Shell;

/**
 * {@code ladder}: with no arguments the interactive shell, otherwise one command
 * ({@code ladder check level0}). Exit status: 0 success, 1 a failed check or refused action,
 * 2 a usage error.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        AppContext ctx = AppContext.system();
        int code;
        if (args.length == 0) {
            code = Shell.start(ctx); // straight to the shell: no one-shot command line to build
        } else {
            code = Ladder.execute(Ladder.oneShot(ctx), ctx, args);
        }
        System.exit(code);
    }
}
