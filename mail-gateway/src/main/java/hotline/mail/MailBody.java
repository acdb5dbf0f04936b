package hotline.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * The text found in a MIME subtree, plain parts and HTML parts in order, and the choice of the body text from it:
 * plain parts joined by a blank line; HTML reduced to text only when there is no plain text; cut at a limit.
 */
record MailBody(List<String> plain, List<String> html) {

  static final MailBody EMPTY = new MailBody(List.of(), List.of());

  /** The body text, and whether it was cut. */
  record Text(String text, boolean truncated) {
  }

  static MailBody plain(String text) {
    return new MailBody(List.of(text), List.of());
  }

  static MailBody html(String text) {
    return new MailBody(List.of(), List.of(text));
  }

  boolean hasPlain() {
    return plain.stream().anyMatch(s -> !s.isBlank());
  }

  boolean hasHtml() {
    return html.stream().anyMatch(s -> !s.isBlank());
  }

  static MailBody merge(List<MailBody> bodies) {
    List<String> plain = new ArrayList<>();
    List<String> html = new ArrayList<>();
    for (MailBody b : bodies) {
      plain.addAll(b.plain);
      html.addAll(b.html);
    }
    return new MailBody(List.copyOf(plain), List.copyOf(html));
  }

  /** multipart/alternative: the first plain alternative with text, else the first HTML one. */
  static MailBody best(List<MailBody> alternatives) {
    for (MailBody b : alternatives) {
      if (b.hasPlain()) {
        return new MailBody(b.plain, List.of());
      }
    }
    for (MailBody b : alternatives) {
      if (b.hasHtml()) {
        return new MailBody(List.of(), b.html);
      }
    }
    return EMPTY;
  }

  /** Plain parts joined by a blank line; HTML reduced to text only when there is no plain text. */
  Text text(int max, List<String> problems) {
    String text;
    boolean truncated = false;
    if (hasPlain()) {
      text = join(plain);
    } else if (hasHtml()) {
      List<String> parts = new ArrayList<>();
      for (String h : html) {
        try {
          HtmlText.Result r = HtmlText.convert(h, max);
          truncated |= r.truncated();
          parts.add(r.text());
        } catch (RuntimeException e) {
          problems.add("HTML body could not be reduced to text (" + MailText.describe(e) + ")");
        }
      }
      text = join(parts);
    } else {
      text = "";
    }
    if (text.length() > max) {
      int end = max;
      if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      text = text.substring(0, end);
      truncated = true;
    }
    if (truncated) {
      problems.add("body text cut at " + max + " characters");
    }
    return new Text(text, truncated);
  }

  private static String join(List<String> parts) {
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      String p = part.replaceFirst("^(?:[ \\t]*\\n)+", "").stripTrailing();
      if (!p.isEmpty()) {
        if (out.length() > 0) {
          out.append("\n\n");
        }
        out.append(p);
      }
    }
    return out.toString();
  }
}
