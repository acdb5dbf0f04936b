package hotline.knowledge;

import java.util.List;
import java.util.Set;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlSanitizer;
import org.owasp.html.HtmlStreamEventReceiver;
import org.owasp.html.PolicyFactory;

/**
 * An article's rich text made safe by the OWASP Java HTML Sanitizer with a small allow-list (paragraphs, line breaks,
 * bold, italic, underline, lists, h3/h4, tables, links to http, https and mailto), and its plain text for search,
 * snippets and diffs: one line a block. Scripts, event handlers, styles and {@code javascript:} links never get through.
 */
public final class KnowledgeHtml {

  /** At most this many characters of HTML are read. */
  public static final int MAX_HTML = 200_000;

  private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
      .allowElements("p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "h3", "h4", "table", "thead", "tbody",
          "tr", "td", "th", "a")
      // What an editable area makes of a new line (a div) is a paragraph.
      .allowElements((name, attrs) -> "p", "div")
      .allowUrlProtocols("http", "https", "mailto")
      .allowAttributes("href").onElements("a")
      .requireRelNofollowOnLinks()
      .allowAttributes("colspan", "rowspan").matching(false, "1", "2", "3", "4", "5", "6").onElements("td", "th")
      .toFactory();

  private static final Set<String> BLOCKS = Set.of("p", "br", "li", "h3", "h4", "tr", "table", "ul", "ol", "div");

  private KnowledgeHtml() {
  }

  /** The HTML with everything outside the allow-list removed (the text of removed tags kept, scripts' dropped). */
  public static String sanitize(String html) {
    return POLICY.sanitize(html == null ? "" : html);
  }

  /** The text of (sanitised) HTML: entities decoded, a line per block, cells apart, blank lines dropped. */
  public static String text(String html) {
    StringBuilder out = new StringBuilder();
    HtmlSanitizer.sanitize(html == null ? "" : html, new HtmlSanitizer.Policy() {
      @Override
      public void openDocument() {
      }

      @Override
      public void closeDocument() {
      }

      @Override
      public void openTag(String name, List<String> attrs) {
        if (BLOCKS.contains(name)) {
          out.append('\n');
        } else if ("td".equals(name) || "th".equals(name)) {
          out.append('\t');
        }
      }

      @Override
      public void closeTag(String name) {
        if (BLOCKS.contains(name)) {
          out.append('\n');
        }
      }

      @Override
      public void text(String text) {
        out.append(text);
      }
    });
    StringBuilder lines = new StringBuilder();
    for (String line : out.toString().split("\n")) {
      String l = line.replace('\u00a0', ' ').replaceAll("[ \\t]+", " ").strip();
      if (!l.isEmpty()) {
        if (lines.length() > 0) {
          lines.append('\n');
        }
        lines.append(l);
      }
    }
    return lines.toString();
  }

  /** HTML of a plain text (a case's question and answer): a paragraph a line, escaped. */
  public static String fromText(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : (text == null ? "" : text).split("\\R")) {
      if (!line.isBlank()) {
        b.append("<p>").append(escape(line.strip())).append("</p>");
      }
    }
    return b.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
