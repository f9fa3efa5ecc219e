package ladder.app.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * A small Java syntax highlighter: keywords, types, strings, characters, numbers, annotations
 * and comments (block comments and text blocks may span lines). Enough for reading exercise
 * code in a terminal; it never changes the text, only its style.
 */
public final class JavaHighlighter {

    static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
    static final AttributedStyle TYPE = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
    static final AttributedStyle ANNOTATION = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT).faint().italic();

    private static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "var", "record", "sealed", "permits",
            "non-sealed", "yield", "true", "false", "null");

    private enum State { CODE, BLOCK_COMMENT, TEXT_BLOCK }

    private JavaHighlighter() {}

    /** The source, one styled line per line. */
    public static List<AttributedString> highlight(String source) {
        List<AttributedString> out = new ArrayList<>();
        State state = State.CODE;
        for (String line : source.split("\n", -1)) {
            AttributedStringBuilder sb = new AttributedStringBuilder();
            state = line(line.replace("\t", "    ").replace("\r", ""), state, sb);
            out.add(sb.toAttributedString());
        }
        if (!out.isEmpty() && out.get(out.size() - 1).length() == 0) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static State line(String s, State state, AttributedStringBuilder sb) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (state == State.BLOCK_COMMENT || state == State.TEXT_BLOCK) {
                String close = state == State.BLOCK_COMMENT ? "*/" : "\"\"\"";
                int end = s.indexOf(close, i);
                AttributedStyle style = state == State.BLOCK_COMMENT ? COMMENT : STRING;
                if (end < 0) {
                    sb.styled(style, s.substring(i));
                    return state;
                }
                sb.styled(style, s.substring(i, end + close.length()));
                i = end + close.length();
                state = State.CODE;
                continue;
            }
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                sb.styled(COMMENT, s.substring(i));
                return state;
            } else if (s.startsWith("/*", i)) {
                state = State.BLOCK_COMMENT;
                sb.styled(COMMENT, "/*");
                i += 2;
            } else if (s.startsWith("\"\"\"", i)) {
                state = State.TEXT_BLOCK;
                sb.styled(STRING, "\"\"\"");
                i += 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(n, j + 1);
                sb.styled(STRING, s.substring(i, j));
                i = j;
            } else if (c == '@' && i + 1 < n && Character.isJavaIdentifierStart(s.charAt(i + 1))) {
                int j = identEnd(s, i + 1);
                sb.styled(ANNOTATION, s.substring(i, j));
                i = j;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = identEnd(s, i);
                String word = s.substring(i, j);
                if (KEYWORDS.contains(word)) {
                    sb.styled(KEYWORD, word);
                } else if (Character.isUpperCase(word.charAt(0))) {
                    sb.styled(TYPE, word);
                } else {
                    sb.append(word);
                }
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.')) {
                    j++;
                }
                sb.styled(NUMBER, s.substring(i, j));
                i = j;
            } else {
                sb.append(c);
                i++;
            }
        }
        return state;
    }

    private static int identEnd(String s, int from) {
        int j = from;
        while (j < s.length() && Character.isJavaIdentifierPart(s.charAt(j))) {
            j++;
        }
        return j;
    }
}
