package ladder.app.render;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import ladder.check.CheckResult;
import ladder.check.CompileProblem;
import ladder.check.ForbiddenUse;
import ladder.grading.result.ScenarioResult;
import ladder.grading.result.Status;
import ladder.grading.result.ThreadReport;

/**
 * Prints a check's verdict: the headline, then every scenario in order with its mark and the
 * property it proves; for a failure what was observed against what was expected, the seed
 * that repeats it, details, the threads and where they waited, and the metrics. Compile errors
 * come as {@code file:line: message}, forbidden APIs with the level's reason.
 */
public final class VerdictPrinter {

    private final Ui ui;
    private final PrintWriter out;

    public VerdictPrinter(Ui ui, PrintWriter out) {
        this.ui = ui;
        this.out = out;
    }

    public void print(CheckResult r) {
        AttributedStyle head = (r.passed() ? Ui.GOOD : Ui.BAD).bold();
        ui.println(out, head, (r.passed() ? mark(Status.PASSED) : mark(Status.FAILED)) + " " + r.headline());
        switch (r.outcome()) {
            case COMPILE_ERROR -> compileErrors(r);
            case FORBIDDEN_API -> forbidden(r);
            default -> scenarios(r);
        }
        if (!r.output().isEmpty() && !r.passed()) {
            out.println();
            ui.println(out, Ui.BOLD, "  Your code printed (last lines):");
            r.output().forEach(l -> ui.println(out, Ui.FAINT, "    " + l));
        }
        out.flush();
    }

    private void compileErrors(CheckResult r) {
        out.println();
        for (CompileProblem p : r.compileErrors()) {
            String[] lines = p.message().split("\n");
            AttributedStringBuilder sb = new AttributedStringBuilder().append("  ");
            sb.styled(Ui.BOLD, p.file() + ":" + p.line() + ":").append(" ").styled(Ui.BAD, lines[0]);
            ui.println(out, sb.toAttributedString());
            for (int i = 1; i < lines.length; i++) {
                ui.println(out, Ui.FAINT, "      " + lines[i]);
            }
        }
    }

    private void forbidden(CheckResult r) {
        out.println();
        for (ForbiddenUse f : r.forbidden()) {
            AttributedStringBuilder sb = new AttributedStringBuilder().append("  ");
            sb.styled(Ui.BAD, mark(Status.FAILED) + " " + f.api()).append(" in ").styled(Ui.BOLD, f.where());
            ui.println(out, sb.toAttributedString());
            ui.println(out, Ui.PLAIN, "      " + f.why());
        }
    }

    private void scenarios(CheckResult r) {
        if (r.scenarios().isEmpty()) {
            return;
        }
        out.println();
        int idWidth = r.scenarios().stream().mapToInt(s -> s.id().length()).max().orElse(10);
        for (ScenarioResult s : r.scenarios()) {
            scenario(r, s, idWidth);
        }
    }

    private void scenario(CheckResult r, ScenarioResult s, int idWidth) {
        AttributedStyle style = styleOf(s.status());
        AttributedStringBuilder line = new AttributedStringBuilder().append("  ");
        line.styled(style, mark(s.status())).append(" ");
        line.styled(s.status() == Status.PASSED ? Ui.PLAIN : style.bold(), pad(s.id(), idWidth));
        line.append("  ");
        if (s.status() != Status.PASSED) {
            line.styled(style, label(s.status()) + " ");
        }
        int hanging = line.length();
        AttributedStringBuilder property = new AttributedStringBuilder().append(s.property() == null ? "" : s.property());
        if (s.millis() > 0) {
            // a no-break space keeps "0.3 s" together when the line wraps
            property.styled(Ui.FAINT, "  " + seconds(s.millis()).replace(" ", ui.unicode() ? "\u00a0" : " "));
        }
        // The property wraps under itself, so the marks and ids stay a clean column.
        List<AttributedString> wrapped = TextWrap.wrap(property.toAttributedString(), ui.width() - hanging);
        for (int i = 0; i < wrapped.size(); i++) {
            AttributedStringBuilder l = i == 0 ? line : new AttributedStringBuilder().append(" ".repeat(hanging));
            ui.println(out, l.append(wrapped.get(i)).toAttributedString());
        }
        String indent = "      ";
        if (s.status() == Status.NOT_STARTED) {
            // The headline already says what to do; one line per property says which method it waits for.
            if (s.observed() != null) {
                ui.println(out, Ui.FAINT, indent + s.observed());
            }
            return;
        }
        if (s.status() == Status.SKIPPED) {
            if (s.observed() != null) {
                ui.println(out, Ui.FAINT, indent + s.observed());
            }
        } else if (s.status() != Status.PASSED) {
            field(indent, "observed", s.observed(), Ui.BAD);
            field(indent, "expected", s.expected(), Ui.GOOD);
            if (s.status() != Status.NOT_STARTED) {
                // The check's seed repeats the same trials (the scenario's own seed derives from it).
                field(indent, "repeat", "check " + r.level() + " --seed " + r.seed() + " --only " + s.id(), Ui.PLAIN);
            }
            for (String d : s.details()) {
                field(indent, "details", d, Ui.PLAIN);
            }
            threads(indent, s);
        }
        metrics(indent, s.metrics());
    }

    private void threads(String indent, ScenarioResult s) {
        if (s.threads().isEmpty()) {
            return;
        }
        ui.println(out, Ui.FAINT, indent + "threads:");
        for (ThreadReport t : s.threads()) {
            AttributedStringBuilder sb = new AttributedStringBuilder().append(indent).append("  ");
            sb.styled(Ui.BOLD, t.name()).append(" ").styled(Ui.WARN, t.state());
            if (t.waitingIn() != null) {
                sb.append(" waiting in ").styled(Ui.ACCENT, t.waitingIn());
            }
            ui.println(out, sb.toAttributedString());
            for (String f : t.learnerFrames()) {
                ui.println(out, new AttributedStringBuilder().append(indent).append("    at ").styled(Ui.CODE, f)
                        .toAttributedString());
            }
        }
    }

    private void metrics(String indent, Map<String, String> metrics) {
        metrics.forEach((k, v) -> ui.println(out, new AttributedStringBuilder().append(indent)
                .styled(Ui.FAINT, k + ": ").append(v).toAttributedString()));
    }

    private void field(String indent, String name, String value, AttributedStyle style) {
        if (value == null || value.isBlank()) {
            return;
        }
        String[] lines = value.split("\n");
        String label = pad(name + ":", 10);
        ui.println(out, new AttributedStringBuilder().append(indent).styled(Ui.FAINT, label).styled(style, lines[0])
                .toAttributedString());
        for (int i = 1; i < lines.length; i++) {
            ui.println(out, new AttributedString(indent + " ".repeat(label.length()) + lines[i], style));
        }
    }

    /** The mark of a status: ✓ ✗ ○ – (or ASCII). */
    public String mark(Status status) {
        return switch (status) {
            case PASSED -> ui.sym("✓", "+");
            case NOT_STARTED -> ui.sym("○", "o");
            case SKIPPED -> ui.sym("–", "-");
            default -> ui.sym("✗", "x");
        };
    }

    static String label(Status status) {
        return switch (status) {
            case PASSED -> "passed";
            case FAILED -> "FAILED";
            case HANG -> "HANG";
            case CRASHED -> "CRASHED";
            case NOT_STARTED -> "TODO";
            case SKIPPED -> "skipped";
            case ERROR -> "GRADER ERROR";
        };
    }

    static AttributedStyle styleOf(Status status) {
        return switch (status) {
            case PASSED -> Ui.GOOD;
            case NOT_STARTED, SKIPPED -> Ui.FAINT;
            case ERROR -> Ui.WARN;
            default -> Ui.BAD;
        };
    }

    static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
