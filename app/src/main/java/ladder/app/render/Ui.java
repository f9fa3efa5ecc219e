package ladder.app.render;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;
import org.jline.utils.AttributedCharSequence;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.ColorPalette;

import ladder.app.AppContext;

/**
 * How one command draws: with colours or plain, with Unicode symbols or ASCII, how wide.
 * Colours are on only for a person at a real terminal, and never when {@code NO_COLOR} is set
 * (https://no-color.org) or {@code --no-color} is given; then no escape code is ever written.
 */
public final class Ui {

    public static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
    public static final AttributedStyle BOLD = AttributedStyle.BOLD;
    public static final AttributedStyle FAINT = AttributedStyle.DEFAULT.faint();
    public static final AttributedStyle GOOD = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    public static final AttributedStyle BAD = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    public static final AttributedStyle WARN = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    public static final AttributedStyle ACCENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    public static final AttributedStyle CODE = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);

    private final boolean ansi;
    private final boolean interactive;
    private final boolean unicode;
    private final Terminal terminal;
    private final IntSupplier width;

    public Ui(boolean ansi, boolean interactive, boolean unicode, Terminal terminal, IntSupplier width) {
        this.ansi = ansi;
        this.interactive = interactive;
        this.unicode = unicode;
        this.terminal = terminal;
        this.width = width;
    }

    /** The look for a command of {@code ctx}, with {@code --no-color} applied. */
    public static Ui of(AppContext ctx, boolean noColor) {
        String noColorEnv = ctx.env("NO_COLOR");
        boolean colours = ctx.interactive() && !noColor && (noColorEnv == null || noColorEnv.isEmpty());
        boolean unicode = ctx.charset().equals(StandardCharsets.UTF_8);
        return new Ui(colours, ctx.interactive(), unicode, ctx.terminal(), ctx::width);
    }

    /** Plain text, no terminal: for tests and files. */
    public static Ui plain(int width) {
        return new Ui(false, false, true, null, () -> width);
    }

    /** Whether escape codes (colours) are written. */
    public boolean ansi() {
        return ansi;
    }

    /** Whether a person watches a terminal (a status line may be redrawn in place). */
    public boolean interactive() {
        return interactive;
    }

    public boolean unicode() {
        return unicode;
    }

    public int width() {
        return Math.max(40, width.getAsInt());
    }

    /**
     * {@code s} as the terminal should receive it: with escape codes, or its plain text. Box-drawing
     * characters go out as UTF-8, never through the terminal's alternate character set: JLine would
     * otherwise send {@code ─} as an ACS {@code q}, which a pasted transcript or a multiplexer's
     * capture shows as a row of q's.
     */
    public String render(AttributedString s) {
        if (!ansi) {
            return s.toString();
        }
        // One-shot commands at a TTY draw without a JLine terminal: the basic colours are all we use.
        Integer colors = terminal == null ? null : terminal.getNumericCapability(InfoCmp.Capability.max_colors);
        ColorPalette palette = terminal == null ? ColorPalette.DEFAULT : terminal.getPalette();
        return s.toAnsi(colors == null ? 8 : colors, AttributedCharSequence.ForceMode.None, palette, null, null);
    }

    public void println(PrintWriter out, AttributedString s) {
        out.println(render(s));
    }

    public void println(PrintWriter out, AttributedStyle style, String text) {
        println(out, new AttributedString(text, style));
    }

    public AttributedString styled(AttributedStyle style, String text) {
        return new AttributedString(text, style);
    }

    public AttributedStringBuilder builder() {
        return new AttributedStringBuilder();
    }

    /** A symbol with its ASCII fallback. */
    public String sym(String unicodeSymbol, String ascii) {
        return unicode ? unicodeSymbol : ascii;
    }

    public String ellipsis() {
        return sym("…", "...");
    }
}
