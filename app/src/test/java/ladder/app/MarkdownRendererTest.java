package ladder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

import ladder.app.render.MarkdownRenderer;
import ladder.app.render.Ui;

class MarkdownRendererTest {

    private static List<String> render(String md, int width) {
        return new MarkdownRenderer(Ui.plain(width), width).render(md).stream().map(AttributedString::toString).toList();
    }

    @Test
    void headingsListsCodeAndQuotesInPlainText() {
        List<String> lines = render("""
                # Title

                Some *emphasis* and `code` here.

                - one
                - two

                1. first
                2. second

                > quoted

                ```java
                int x = 1;
                ```
                """, 80);
        assertEquals("Title", lines.get(0));
        assertEquals("═════", lines.get(1));
        assertTrue(lines.contains("Some emphasis and `code` here."), lines.toString());
        assertTrue(lines.contains("• one") && lines.contains("• two"), lines.toString());
        assertTrue(lines.contains("1. first") && lines.contains("2. second"), lines.toString());
        assertTrue(lines.contains("│ quoted"), lines.toString());
        assertTrue(lines.contains("    int x = 1;"), lines.toString());
    }

    @Test
    void paragraphsWrapToTheWidthAndListItemsIndent() {
        List<String> lines = render("- " + "word ".repeat(30), 40);
        assertTrue(lines.size() > 3);
        for (String l : lines) {
            assertTrue(l.length() <= 40, l);
        }
        assertTrue(lines.get(0).startsWith("• word"));
        assertTrue(lines.get(1).startsWith("  word"), lines.get(1));
    }
}
