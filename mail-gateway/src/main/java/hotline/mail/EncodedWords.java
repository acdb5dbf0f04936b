package hotline.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header values the way mail clients decode them: RFC 2047 encoded words (adjacent words of one charset joined
 * at the byte level, so a character split across two words survives), raw 8-bit header bytes, folding.
 * Charsets come from {@link Charsets}. Nothing in this class throws on bad input.
 */
final class EncodedWords {

  private static final Pattern ENCODED_WORD =
      Pattern.compile("=\\?([^?\\s\"]{1,64})\\?([bBqQ])\\?([^?]*)\\?=");
  private static final Pattern FOLD = Pattern.compile("\\r?\\n(?=[ \\t])");
  private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n]+");

  private EncodedWords() {
  }

  /**
   * A raw header value decoded: folding removed, raw 8-bit bytes (carried as ISO-8859-1 chars) re-read with
   * detection, RFC 2047 encoded words decoded (also inside quoted strings), adjacent words of one charset
   * joined at the byte level first. Malformed encoded words stay as they are. Null gives null.
   */
  static String decodeHeader(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return decodeWords(decode8bit(unfold(raw)));
    } catch (RuntimeException e) {
      return raw;
    }
  }

  /** RFC 2047 encoded words decoded; the rest of {@code s} (8-bit chars too) stays as it is. */
  static String decodeWords(String s) {
    if (!s.contains("=?")) {
      return s;
    }
    Matcher m = ENCODED_WORD.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    String groupLabel = null;
    ByteArrayOutputStream group = new ByteArrayOutputStream();
    int pos = 0;
    while (m.find()) {
      String between = s.substring(pos, m.start());
      String label = m.group(1);
      int star = label.indexOf('*');
      if (star >= 0) {
        label = label.substring(0, star);
      }
      byte[] bytes = Charsets.knownLabel(label) ? wordBytes(m.group(2), m.group(3)) : null;
      boolean adjacent = groupLabel != null && between.isBlank();
      if (bytes == null) {
        flush(out, groupLabel, group);
        groupLabel = null;
        out.append(between).append(m.group());
      } else if (adjacent && Charsets.family(groupLabel).equals(Charsets.family(label))) {
        group.writeBytes(bytes);
      } else {
        flush(out, groupLabel, group);
        if (!adjacent) {
          out.append(between);
        }
        groupLabel = label;
        group.writeBytes(bytes);
      }
      pos = m.end();
    }
    flush(out, groupLabel, group);
    out.append(s, pos, s.length());
    return out.toString();
  }

  private static void flush(StringBuilder out, String label, ByteArrayOutputStream group) {
    if (label != null) {
      byte[] bytes = group.toByteArray();
      out.append(new String(bytes, Charsets.charsetFor(label, bytes)));
    }
    group.reset();
  }

  /** The bytes of one encoded word's text, or null when it is malformed. */
  private static byte[] wordBytes(String encoding, String text) {
    if (encoding.equalsIgnoreCase("B")) {
      String b64 = text.replaceAll("\\s+", "");
      if (b64.length() % 4 == 1) {
        return null;
      }
      while (b64.length() % 4 != 0) {
        b64 += "=";
      }
      try {
        return Base64.getDecoder().decode(b64);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        out.write(' ');
      } else if (c == '=' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
          && hex(text.charAt(i + 2)) >= 0) {
        out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else {
        writeChar(out, c);
      }
    }
    return out.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** A char of a raw header as a byte when it carries one (ISO-8859-1 view), else its UTF-8 bytes. */
  static void writeChar(ByteArrayOutputStream out, char c) {
    if (c <= 0xFF) {
      out.write(c);
    } else {
      out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Folding and any other line breaks removed. */
  static String unfold(String raw) {
    return LINE_BREAK.matcher(FOLD.matcher(raw).replaceAll("")).replaceAll("");
  }

  /**
   * Raw 8-bit header bytes arrive as ISO-8859-1 chars (one char per byte); when every char fits a byte and
   * some are high, re-read them as bytes with detection. Chars above 0xFF mean the value is already decoded.
   */
  static String decode8bit(String s) {
    boolean high = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0xFF) {
        return s;
      }
      high |= c >= 0x80;
    }
    if (!high) {
      return s;
    }
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    return new String(bytes, Charsets.charsetFor(null, bytes));
  }
}
