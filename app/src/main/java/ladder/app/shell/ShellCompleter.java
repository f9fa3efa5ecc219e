package ladder.app.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import ladder.course.Course;
import ladder.course.Level;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completes the shell's input from the picocli model: command names (and {@code exit},
 * {@code quit}) first; then, for the command typed, its visible options (hidden ones are never
 * offered), level ids where a level is expected (with the level's title), and file names where
 * a path is.
 */
final class ShellCompleter implements Completer {

    static final List<String> SHELL_WORDS = List.of("exit", "quit");
    /** Clears the screen (as Ctrl-L does); a shell word, not a command. */
    static final String CLEAR = "clear";

    private final Future<CommandLine> commands;
    private final Completer files = new Completers.FileNameCompleter();

    ShellCompleter(Future<CommandLine> commands) {
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        CommandLine root;
        try {
            root = commands.get();
        } catch (InterruptedException | ExecutionException e) {
            return;
        }
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
                CommandSpec spec = e.getValue().getCommandSpec();
                if (!spec.usageMessage().hidden()) {
                    String[] header = spec.usageMessage().header();
                    candidates.add(candidate(e.getKey(),
                            first(header.length > 0 ? header : spec.usageMessage().description()), "commands"));
                }
            }
            SHELL_WORDS.forEach(w -> candidates.add(candidate(w, "leave the shell", "commands")));
            candidates.add(candidate(CLEAR, "clear the screen", "commands"));
            return;
        }
        CommandLine sub = root.getSubcommands().get(words.get(0));
        if (sub == null) {
            return;
        }
        CommandSpec spec = sub.getCommandSpec();
        if (sub.getCommand() instanceof CommandLine.HelpCommand) {
            root.getSubcommands().keySet().forEach(n -> candidates.add(candidate(n, null, null)));
            return;
        }
        String current = line.word();
        String previous = words.get(index - 1);
        OptionSpec valueOf = previous.startsWith("-") && !previous.contains("=") ? spec.findOption(previous) : null;
        if (valueOf != null && valueOf.arity().max() > 0 && !valueOf.hidden()) {
            values(valueOf, reader, line, candidates);
            return;
        }
        if (current.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    for (String name : o.names()) {
                        if (name.startsWith("--") || o.names().length == 1) {
                            candidates.add(new Candidate(name, name, "options", first(o.description()), null, null,
                                    o.arity().max() == 0));
                        }
                    }
                }
            }
            return;
        }
        PositionalParamSpec positional = positionalAt(spec, words, index);
        if (positional != null) {
            values(positional, reader, line, candidates);
        }
    }

    /** The positional parameter the word at {@code index} fills, skipping options and their values. */
    private static PositionalParamSpec positionalAt(CommandSpec spec, List<String> words, int index) {
        int position = 0;
        for (int i = 1; i < index; i++) {
            String w = words.get(i);
            if (w.startsWith("-")) {
                OptionSpec o = spec.findOption(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
                if (o != null && o.arity().max() > 0 && !w.contains("=")) {
                    i++; // its value
                }
            } else if (!w.isEmpty()) {
                position++;
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.index().contains(position)) {
                return p;
            }
        }
        return null;
    }

    private void values(ArgSpec arg, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (arg.type() == Level.class) {
            for (Level l : Course.load().levels()) {
                candidates.add(candidate(l.id(), l.title(), "levels"));
            }
        } else if (arg.type() == Path.class || arg.type() == java.io.File.class) {
            files.complete(reader, line, candidates);
        } else if (arg.completionCandidates() != null) {
            for (String c : arg.completionCandidates()) {
                candidates.add(candidate(c, null, null));
            }
        }
    }

    private static Candidate candidate(String value, String description, String group) {
        return new Candidate(value, value, group, description, null, null, true);
    }

    /** The gist of a description, short enough for a completion list: up to the first ':' or '.'. */
    static String first(String[] lines) {
        if (lines == null || lines.length == 0) {
            return null;
        }
        String text = String.join(" ", lines).replace("%n", " ").strip();
        for (String stop : List.of(": ", ". ", ", ", "; ", " (")) {
            int at = text.indexOf(stop);
            if (at > 0) {
                text = text.substring(0, at);
            }
        }
        text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return text.length() > 50 ? text.substring(0, 49) + "…" : text;
    }
}
