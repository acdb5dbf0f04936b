package hotline.validation;

/**
 * What text PostgreSQL can store, and Java strings can carry without corrupting it: no NUL character (PostgreSQL's
 * text cannot hold it) and no half of a surrogate pair (it would be written as "?" and destroy the character after
 * it). Input from people is refused with the field named; text from machines (a PDF's words, OCR, a mail, an AMI
 * event) is cleaned before it is filed, so that no document is lost for it.
 */
public final class Texts {

  private Texts() {
  }

  /** Whether the text can be stored as it is. */
  public static boolean storable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the text is one line of printable characters: a file name, a content type, a header value. */
  public static boolean oneLine(String s) {
    if (!storable(s)) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** The text with NUL characters dropped and each broken surrogate replaced by U+FFFD; null stays null. */
  public static String clean(String s) {
    if (s == null || storable(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The text as one line: control characters (line breaks among them) become spaces; cleaned as {@link #clean}. */
  public static String cleanLine(String s) {
    String c = clean(s);
    if (c == null || oneLine(c)) {
      return c;
    }
    StringBuilder out = new StringBuilder(c.length());
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      out.append(ch < 0x20 || ch == 0x7f ? ' ' : ch);
    }
    return out.toString();
  }

  /** At most {@code max} characters, the last one an ellipsis when cut. */
  public static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
