package ladder.app;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;

import ladder.app.cli.RootCommand;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * Builds the picocli command line: every command gets the {@link AppContext} through its
 * constructor, one {@link ErrorHandler} handles every failure, output goes to the given writers.
 */
public final class Ladder {
    private Ladder() {}

    /** The command line of a one-shot run on the process's standard streams. */
    public static CommandLine oneShot(AppContext ctx) {
        return create(ctx, ctx.stdout(), ctx.stderr());
    }

    public static CommandLine create(AppContext ctx, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(RootCommand.class, new Factory(ctx));
        ErrorHandler handler = new ErrorHandler(ctx.env("LADDER_DEBUG") != null);
        cl.setExecutionExceptionHandler(handler);
        cl.setParameterExceptionHandler(handler);
        cl.setOut(out);
        cl.setErr(err);
        cl.setColorScheme(Help.defaultColorScheme(colours(ctx, false) ? Help.Ansi.ON : Help.Ansi.OFF));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * Runs one command line. picocli's own output (help, usage errors) follows the same colour
     * rule as the commands': {@code --no-color} anywhere on the line turns it off too.
     */
    public static int execute(CommandLine cl, AppContext ctx, String... args) {
        boolean noColorFlag = java.util.Arrays.asList(args).contains("--no-color");
        cl.setColorScheme(Help.defaultColorScheme(colours(ctx, noColorFlag) ? Help.Ansi.ON : Help.Ansi.OFF));
        return cl.execute(args);
    }

    static boolean colours(AppContext ctx, boolean noColorFlag) {
        String noColor = ctx.env("NO_COLOR");
        return ctx.interactive() && !noColorFlag && (noColor == null || noColor.isEmpty());
    }

    /** Creates commands (and mixins, converters) with the context when they take it. */
    static final class Factory implements CommandLine.IFactory {
        private final AppContext ctx;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(AppContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(AppContext.class);
                return c.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return fallback.create(cls);
            }
        }
    }
}
