package ladder.app.render;

import java.util.ArrayList;
import java.util.List;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/** Greedy word wrapping of styled text; a {@code '\n'} in the text forces a break. */
public final class TextWrap {
    private TextWrap() {}

    public static List<AttributedString> wrap(AttributedString text, int width) {
        int w = Math.max(10, width);
        List<AttributedString> lines = new ArrayList<>();
        int start = 0;
        String s = text.toString();
        while (true) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl;
            wrapLine(text.subSequence(start, end), w, lines);
            if (nl < 0) {
                return lines;
            }
            start = nl + 1;
        }
    }

    private static void wrapLine(AttributedString line, int width, List<AttributedString> out) {
        String s = line.toString();
        AttributedStringBuilder current = new AttributedStringBuilder();
        int i = 0;
        int n = s.length();
        boolean any = false;
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int j = i;
            while (j < n && s.charAt(j) != ' ') {
                j++;
            }
            AttributedString word = line.subSequence(i, j);
            int wl = word.columnLength();
            if (current.length() > 0 && current.columnLength() + 1 + wl > width) {
                out.add(current.toAttributedString());
                current = new AttributedStringBuilder();
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            while (word.columnLength() > width) { // a word longer than a line: cut it
                int cut = Math.max(1, width - current.columnLength());
                current.append(word.columnSubSequence(0, cut));
                out.add(current.toAttributedString());
                current = new AttributedStringBuilder();
                word = word.columnSubSequence(cut, word.columnLength());
            }
            current.append(word);
            any = true;
            i = j;
        }
        if (current.length() > 0 || !any) {
            out.add(current.toAttributedString());
        }
    }

    /** {@code s} cut to {@code width} columns, ending with an ellipsis when cut. */
    public static String fit(String s, int width, String ellipsis) {
        if (s.length() <= width) {
            return s;
        }
        int keep = Math.max(0, width - ellipsis.length());
        return s.substring(0, keep) + ellipsis;
    }
}
