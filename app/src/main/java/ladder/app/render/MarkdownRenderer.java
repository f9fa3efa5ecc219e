package ladder.app.render;

import java.util.ArrayList;
import java.util.List;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws Markdown (a lesson, a hint) for a terminal: commonmark parses it, and each block
 * becomes styled lines wrapped to the width: headings bold and coloured, {@code code} and
 * fenced code styled (Java highlighted), emphasis, bullet and numbered lists, block quotes.
 * Without colours the same layout comes out as plain text ({@code code} keeps its backticks).
 */
public final class MarkdownRenderer {

    private static final AttributedStyle H1 = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle H2 = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle H3 = AttributedStyle.BOLD;
    private static final AttributedStyle QUOTE_BAR = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle LINK = AttributedStyle.DEFAULT.underline();

    private final Ui ui;
    private final int width;

    public MarkdownRenderer(Ui ui, int width) {
        this.ui = ui;
        this.width = width;
    }

    public List<AttributedString> render(String markdown) {
        Node doc = Parser.builder().build().parse(markdown);
        List<AttributedString> out = new ArrayList<>();
        container(doc, AttributedString.EMPTY, AttributedString.EMPTY, false, out);
        return out;
    }

    /** The children of a container block; the first starts after {@code first}, the rest after {@code rest}. */
    private void container(Node parent, AttributedString first, AttributedString rest, boolean tight,
                           List<AttributedString> out) {
        boolean isFirst = true;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            if (!isFirst && !tight) {
                out.add(trimEnd(rest));
            }
            block(child, isFirst ? first : rest, rest, out);
            isFirst = false;
        }
        if (isFirst && first.length() > 0) {
            out.add(first); // an empty list item still shows its bullet
        }
    }

    private void block(Node node, AttributedString first, AttributedString rest, List<AttributedString> out) {
        int avail = Math.max(20, width - rest.columnLength());
        if (node instanceof Heading h) {
            AttributedStyle style = h.getLevel() == 1 ? H1 : h.getLevel() == 2 ? H2 : H3;
            AttributedString text = inline(h, style);
            List<AttributedString> lines = TextWrap.wrap(text, avail);
            emit(lines, first, rest, out);
            if (h.getLevel() <= 2) {
                int len = lines.stream().mapToInt(AttributedString::columnLength).max().orElse(0);
                String rule = (h.getLevel() == 1 ? ui.sym("═", "=") : ui.sym("─", "-")).repeat(len);
                out.add(concat(rest, new AttributedString(rule, style)));
            }
        } else if (node instanceof Paragraph) {
            emit(TextWrap.wrap(inline(node, AttributedStyle.DEFAULT), avail), first, rest, out);
        } else if (node instanceof ListBlock list) {
            int number = list instanceof OrderedList ol ? startOf(ol) : 0;
            boolean isFirst = true;
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                if (!isFirst && !list.isTight()) {
                    out.add(trimEnd(rest));
                }
                String marker = list instanceof OrderedList ? (number++) + ". " : ui.sym("•", "-") + " ";
                AttributedString itemFirst = concat(isFirst ? first : rest, new AttributedString(marker, Ui.ACCENT));
                AttributedString itemRest = concat(rest, new AttributedString(" ".repeat(marker.length())));
                container(item, itemFirst, itemRest, list.isTight(), out);
                isFirst = false;
            }
        } else if (node instanceof ListItem) {
            container(node, first, rest, true, out);
        } else if (node instanceof BlockQuote) {
            AttributedString bar = new AttributedString(ui.sym("│", "|") + " ", QUOTE_BAR);
            container(node, concat(first, bar), concat(rest, bar), false, out);
        } else if (node instanceof FencedCodeBlock code) {
            codeBlock(code.getLiteral(), code.getInfo(), first, rest, out);
        } else if (node instanceof IndentedCodeBlock code) {
            codeBlock(code.getLiteral(), "", first, rest, out);
        } else if (node instanceof ThematicBreak) {
            out.add(concat(first, new AttributedString(ui.sym("─", "-").repeat(Math.min(avail, 60)), Ui.FAINT)));
        } else if (node instanceof HtmlBlock html) {
            emit(plainLines(html.getLiteral()), first, rest, out);
        } else {
            emit(TextWrap.wrap(inline(node, AttributedStyle.DEFAULT), avail), first, rest, out);
        }
    }

    private void codeBlock(String literal, String info, AttributedString first, AttributedString rest,
                           List<AttributedString> out) {
        String text = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        String lang = info == null ? "" : info.trim().split("\\s+")[0];
        List<AttributedString> lines = lang.equalsIgnoreCase("java") ? JavaHighlighter.highlight(text + "\n")
                : plainLines(text).stream().map(l -> new AttributedString(l, Ui.CODE)).toList();
        AttributedString indent = new AttributedString("    ");
        boolean isFirst = true;
        for (AttributedString line : lines) {
            out.add(concat(isFirst ? first : rest, indent, line));
            isFirst = false;
        }
    }

    private static int startOf(OrderedList ol) {
        Integer start = ol.getMarkerStartNumber();
        return start == null ? 1 : start;
    }

    private static List<AttributedString> plainLines(String text) {
        List<AttributedString> lines = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            lines.add(new AttributedString(l));
        }
        if (lines.size() > 1 && lines.get(lines.size() - 1).length() == 0) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static void emit(List<AttributedString> lines, AttributedString first, AttributedString rest,
                             List<AttributedString> out) {
        boolean isFirst = true;
        for (AttributedString line : lines) {
            out.add(concat(isFirst ? first : rest, line));
            isFirst = false;
        }
    }

    private static AttributedString concat(AttributedString... parts) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        for (AttributedString p : parts) {
            sb.append(p);
        }
        return sb.toAttributedString();
    }

    private static AttributedString trimEnd(AttributedString s) {
        String t = s.toString();
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == ' ') {
            end--;
        }
        return s.subSequence(0, end);
    }

    /** The inline content of {@code block} as one styled string ({@code '\n'} at hard breaks). */
    private AttributedString inline(Node block, AttributedStyle base) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        new InlineVisitor(sb, base).visitChildren(block);
        return sb.toAttributedString();
    }

    private final class InlineVisitor extends AbstractVisitor {
        private final AttributedStringBuilder sb;
        private AttributedStyle style;

        InlineVisitor(AttributedStringBuilder sb, AttributedStyle style) {
            this.sb = sb;
            this.style = style;
        }

        @Override
        public void visitChildren(Node parent) {
            super.visitChildren(parent);
        }

        @Override
        public void visit(Text text) {
            sb.append(text.getLiteral(), style);
        }

        @Override
        public void visit(Code code) {
            if (ui.ansi()) {
                sb.append(code.getLiteral(), Ui.CODE);
            } else {
                sb.append("`" + code.getLiteral() + "`", style);
            }
        }

        @Override
        public void visit(Emphasis emphasis) {
            nested(emphasis, style.italic());
        }

        @Override
        public void visit(StrongEmphasis strong) {
            nested(strong, style.bold());
        }

        @Override
        public void visit(Link link) {
            int before = sb.length();
            nested(link, style.underline());
            String shown = sb.subSequence(before, sb.length()).toString();
            String dest = link.getDestination();
            if (dest != null && !dest.isEmpty() && !dest.equals(shown)) {
                sb.append(" (" + dest + ")", LINK.faint());
            }
        }

        @Override
        public void visit(Image image) {
            sb.append("[image: ", style);
            visitChildren(image);
            sb.append("]", style);
        }

        @Override
        public void visit(SoftLineBreak br) {
            sb.append(" ", style);
        }

        @Override
        public void visit(HardLineBreak br) {
            sb.append("\n", style);
        }

        @Override
        public void visit(HtmlInline html) {
            sb.append(html.getLiteral(), style);
        }

        private void nested(Node node, AttributedStyle inner) {
            AttributedStyle saved = style;
            style = inner;
            visitChildren(node);
            style = saved;
        }
    }
}
