package hotline.web;

/** A page built as text, every value escaped on the way in: nothing a person typed becomes markup. */
final class Html {

  private final StringBuilder out = new StringBuilder(8192);

  /** Markup of our own (tags, attribute names): never a value. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** A text or an attribute's value, escaped. */
  Html text(String value) {
    out.append(escape(value));
    return this;
  }

  /** {@code <tag attributes>text</tag>}: attributes are our markup, the text escaped. */
  Html el(String tag, String attributes, String text) {
    out.append('<').append(tag);
    if (attributes != null && !attributes.isEmpty()) {
      out.append(' ').append(attributes);
    }
    out.append('>').append(escape(text)).append("</").append(tag).append('>');
    return this;
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
