package ladder.app.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import ladder.app.AppContext;
import ladder.app.progress.LevelProgress;
import ladder.app.progress.LevelStatus;
import ladder.app.progress.Progress;
import ladder.app.render.TextWrap;
import ladder.app.render.Ui;
import ladder.app.workspace.Workspace;
import ladder.course.Level;
import picocli.CommandLine.Command;

@Command(name = "list", description = "The ladder: every level with its status, attempts, hints and reveals; the next one marked.")
public final class ListCommand extends BaseCommand {

    public ListCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws IOException {
        Workspace ws = workspace();
        Progress progress = progress(ws).read();
        List<Level> levels = course().levels();
        String next = progress.next(course().ids()).orElse(null);
        Ui ui = ui();

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "#", "level", "title", "status", "attempts", "hints", "revealed", "topic"});
        for (Level l : levels) {
            LevelProgress lp = progress.level(l.id());
            rows.add(new String[] {
                l.id().equals(next) ? ui.sym("▶", ">") : "",
                Integer.toString(l.number()), l.id(), l.title(), status(lp),
                Integer.toString(lp.attempts()), lp.hintsShown() + " of " + l.hints().size(),
                lp.reveals().isEmpty() ? "no" : "yes (" + lp.reveals().size() + ")",
                l.topic() == null ? "" : l.topic()});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length - 1; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        long passed = levels.stream().filter(l -> progress.everPassed(l.id())).count();
        ui.println(out(), ui.builder().styled(Ui.BOLD, "The ladder").append(": " + passed + " of " + levels.size()
                + " level(s) passed" + (next == null ? ", all done!" : ", next: " + next)).toAttributedString());
        int used = 0;
        for (int i = 0; i < w.length - 1; i++) {
            used += w[i] + 2;
        }
        int topicWidth = Math.max(10, ui.width() - used - 1);
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            boolean header = r == 0;
            boolean isNext = !header && !row[0].isEmpty();
            AttributedStringBuilder sb = new AttributedStringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = i == row.length - 1 ? TextWrap.fit(row[i], topicWidth, ui.ellipsis()) : pad(row[i], w[i]);
                AttributedStyle style = header ? Ui.FAINT : i == 0 || isNext && i == 2 ? Ui.ACCENT.bold()
                        : i == 4 ? statusStyle(row[i]) : Ui.PLAIN;
                sb.styled(style, cell);
                if (i < row.length - 1) {
                    sb.append("  ");
                }
            }
            ui.println(out(), trimEnd(sb));
        }
        return 0;
    }

    private static String status(LevelProgress lp) {
        if (lp.status() == LevelStatus.FAILED && lp.everPassed()) {
            return "failed (passed before)";
        }
        return lp.status().label();
    }

    private static AttributedStyle statusStyle(String status) {
        return status.startsWith("passed") ? Ui.GOOD : status.startsWith("failed") ? Ui.BAD : Ui.FAINT;
    }

    private static org.jline.utils.AttributedString trimEnd(AttributedStringBuilder sb) {
        String s = sb.toString();
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return sb.toAttributedString().subSequence(0, end);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
