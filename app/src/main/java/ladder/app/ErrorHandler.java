package ladder.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

import ladder.app.cli.LevelConverter;
import ladder.check.SourceCompiler;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns failures into messages and exit codes. Usage errors (unknown
 * command, level or option; missing or bad values) print what was wrong and the valid choices,
 * exit 2. A refused action or an I/O problem prints one clear line, exit 1. No stack traces,
 * unless {@code LADDER_DEBUG=1}.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private final boolean debug;

    public ErrorHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                err.println(name + ": unknown option '" + first + "'. Valid options: " + String.join(", ", optionNames(spec)));
            } else if (!spec.subcommands().isEmpty()) {
                err.println(name + ": unknown command '" + first + "'. Commands: "
                        + String.join(", ", visibleSubcommands(spec)));
            } else {
                err.println(name + ": unexpected argument '" + first + "'.");
            }
        } else if (ex.getCause() instanceof CommandLine.TypeConversionException tce) {
            err.println(name + ": " + tce.getMessage());
        } else if (ex instanceof CommandLine.MissingParameterException mpe && mpe.getMissing().stream()
                .anyMatch(a -> a.type() == ladder.course.Level.class)) {
            err.println(name + ": which level? Valid levels are " + LevelConverter.choices(ladder.course.Course.load()));
        } else {
            err.println(name + ": " + ex.getMessage());
        }
        err.println("Usage: " + cl.getHelp().synopsis(0).strip());
        err.println("Try '" + name + " --help' for more.");
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        int code;
        if (ex instanceof LadderException le) {
            err.println(le.getMessage());
            code = le.exitCode();
        } else if (ex instanceof SourceCompiler.NoCompiler nc) {
            err.println("ladder: " + nc.getMessage());
            code = LadderException.FAILED;
        } else if (ex instanceof InterruptedException ie) {
            err.println(ie.getMessage() == null ? "ladder: interrupted." : ie.getMessage());
            code = LadderException.FAILED;
        } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            err.println("ladder: " + describe(cause));
            code = LadderException.FAILED;
        } else {
            err.println("ladder: internal error: " + ex + " (LADDER_DEBUG=1 shows the stack trace; please report it)");
            code = LadderException.FAILED;
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static String describe(Throwable e) {
        String kind = e.getClass().getSimpleName();
        return switch (kind) {
            case "NoSuchFileException" -> "no such file: " + e.getMessage();
            case "AccessDeniedException" -> "permission denied: " + e.getMessage();
            case "FileAlreadyExistsException" -> "already exists: " + e.getMessage();
            default -> e.getMessage() == null ? kind : e.getMessage();
        };
    }

    static List<String> optionNames(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).map(OptionSpec::longestName).sorted().toList();
    }

    static List<String> visibleSubcommands(CommandSpec spec) {
        return spec.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(java.util.Map.Entry::getKey).toList();
    }
}
