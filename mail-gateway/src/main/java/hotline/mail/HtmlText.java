package hotline.mail;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * HTML mail bodies reduced to plain text for people to read: no markup, no script or style text, block
 * elements as line breaks, list items as "- ", links as their text plus " (URL)" when the URL says more.
 */
final class HtmlText {

  /** Text and whether it was cut at the limit. */
  record Result(String text, boolean truncated) {
  }

  /** Input beyond this is not parsed; nobody writes a complaint this long. */
  static final int MAX_HTML_CHARS = 4 * 1024 * 1024;
  private static final int MAX_DEPTH = 256;
  private static final int MAX_URL_CHARS = 1000;

  private static final Set<String> DROPPED = Set.of("script", "style", "head", "noscript", "template", "iframe",
      "object", "svg", "math", "embed", "applet", "frameset", "title");
  private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
      "table", "pre");
  private static final Set<String> LINES = Set.of("div", "tr", "li", "ul", "ol", "dl", "dt", "dd", "hr",
      "section", "article", "header", "footer", "address", "form", "fieldset", "center", "caption", "figure",
      "main", "nav", "aside");
  private static final Set<String> CELLS = Set.of("td", "th");

  private HtmlText() {
  }

  /** The text of {@code html}, at most {@code maxChars} characters. Null gives "". */
  static String toText(String html, int maxChars) {
    return convert(html, maxChars).text();
  }

  static Result convert(String html, int maxChars) {
    if (html == null || html.isEmpty() || maxChars <= 0) {
      return new Result("", html != null && !html.isBlank() && maxChars <= 0);
    }
    String input = html.length() > MAX_HTML_CHARS ? html.substring(0, MAX_HTML_CHARS) : html;
    Node root = Parser.htmlParser().setMaxDepth(MAX_DEPTH).parseInput(input, "");
    Sink sink = new Sink(maxChars);
    NodeTraversor.filter(new Walker(sink), root);
    return new Result(sink.text(), sink.truncated || input.length() < html.length());
  }

  /** Walks the tree; returns STOP once the sink is full. */
  private static final class Walker implements NodeFilter {
    private final Sink sink;
    private int preDepth;
    /** Output length when each open link started, innermost last. */
    private final Deque<Integer> linkStarts = new ArrayDeque<>();

    Walker(Sink sink) {
      this.sink = sink;
    }

    @Override
    public FilterResult head(Node node, int depth) {
      if (node instanceof TextNode text) {
        if (preDepth > 0) {
          sink.pre(text.getWholeText());
        } else {
          sink.text(text.getWholeText());
        }
      } else if (node instanceof Element element) {
        String tag = element.normalName().toLowerCase(Locale.ROOT);
        if (DROPPED.contains(tag)) {
          return FilterResult.SKIP_ENTIRELY;
        }
        open(element, tag);
      }
      return sink.full() ? FilterResult.STOP : FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (node instanceof Element element) {
        close(element, element.normalName().toLowerCase(Locale.ROOT));
      }
      return sink.full() ? FilterResult.STOP : FilterResult.CONTINUE;
    }

    private void open(Element element, String tag) {
      if (tag.equals("br")) {
        sink.lineBreak();
      } else if (PARAGRAPHS.contains(tag)) {
        sink.breakAtLeast(2);
      } else if (LINES.contains(tag)) {
        sink.breakAtLeast(1);
      } else if (CELLS.contains(tag)) {
        sink.space();
      }
      if (tag.equals("li")) {
        sink.prefix("- ");
      } else if (tag.equals("pre")) {
        preDepth++;
      } else if (tag.equals("a")) {
        linkStarts.push(sink.length());
      }
    }

    private void close(Element element, String tag) {
      if (tag.equals("a") && !linkStarts.isEmpty()) {
        String linkText = sink.since(linkStarts.pop()).trim();
        String href = cleanUrl(element.attr("href"));
        if (href != null && !sameTarget(href, linkText)) {
          sink.space();
          sink.text("(" + href + ")");
        }
      }
      if (tag.equals("pre") && preDepth > 0) {
        preDepth--;
      }
      if (PARAGRAPHS.contains(tag)) {
        sink.breakAtLeast(2);
      } else if (LINES.contains(tag)) {
        sink.breakAtLeast(1);
      } else if (CELLS.contains(tag)) {
        sink.space();
      }
    }
  }

  /** An http(s) URL without whitespace or controls, or null. */
  private static String cleanUrl(String href) {
    if (href == null) {
      return null;
    }
    String url = href.strip();
    String lower = url.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("http://") || lower.startsWith("https://")) || url.length() > MAX_URL_CHARS) {
      return null;
    }
    for (int i = 0; i < url.length(); i++) {
      if (url.charAt(i) <= 0x20 || url.charAt(i) == 0x7F) {
        return null;
      }
    }
    return url;
  }

  private static boolean sameTarget(String href, String text) {
    return bare(href).equalsIgnoreCase(bare(text));
  }

  private static String bare(String url) {
    String u = url.replaceFirst("(?i)^https?://", "");
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /**
   * Builds the text as it goes: spaces collapse, breaks are pending until the next visible character (so
   * nothing leads or trails), at most two newlines in a row, and nothing past the limit.
   */
  private static final class Sink {
    private final StringBuilder out = new StringBuilder();
    private final int max;
    private boolean pendingSpace;
    private int pendingBreaks;
    private String pendingPrefix;
    boolean truncated;

    Sink(int max) {
      this.max = max;
    }

    boolean full() {
      return truncated;
    }

    int length() {
      return out.length();
    }

    String since(int start) {
      return start <= out.length() ? out.substring(start) : "";
    }

    String text() {
      return out.toString();
    }

    void space() {
      pendingSpace = true;
    }

    void lineBreak() {
      pendingBreaks = Math.min(2, pendingBreaks + 1);
    }

    void breakAtLeast(int n) {
      pendingBreaks = Math.max(pendingBreaks, n);
    }

    void prefix(String prefix) {
      pendingPrefix = prefix;
    }

    void text(String s) {
      for (int i = 0; i < s.length() && !truncated; i++) {
        char c = s.charAt(i);
        if (isSpace(c) || c == '\n' || c == '\r') {
          pendingSpace = true;
        } else {
          visible(s, i);
          if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
            i++;
          }
        }
      }
    }

    /** Preformatted text: newlines are kept, spaces still collapse. */
    void pre(String s) {
      for (int i = 0; i < s.length() && !truncated; i++) {
        char c = s.charAt(i);
        if (c == '\n') {
          lineBreak();
        } else if (c == '\r' || isSpace(c)) {
          pendingSpace = true;
        } else {
          visible(s, i);
          if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
            i++;
          }
        }
      }
    }

    private void visible(String s, int i) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\uFEFF' || c == '\u200B') {
        return;
      }
      StringBuilder add = new StringBuilder(4);
      if (out.length() > 0 && pendingBreaks > 0) {
        add.append("\n".repeat(pendingBreaks));
      } else if (out.length() > 0 && pendingSpace && out.charAt(out.length() - 1) != '\n') {
        add.append(' ');
      }
      if (pendingPrefix != null) {
        add.append(pendingPrefix);
      }
      add.append(c);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        add.append(s.charAt(i + 1));
      }
      if (out.length() + add.length() > max) {
        truncated = true;
        return;
      }
      out.append(add);
      pendingBreaks = 0;
      pendingSpace = false;
      pendingPrefix = null;
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t' || c == '\f' || c == '\u00A0' || c == '\u2007' || c == '\u202F'
          || c == 0x0B;
    }
  }
}
