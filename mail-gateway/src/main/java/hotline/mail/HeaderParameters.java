package hotline.mail;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameters of Content-Type and Content-Disposition values (charset, boundary, name, filename …), RFC 2231
 * continuations and charsets included, tolerant of what mail clients actually write. Nothing in this class throws
 * on bad input.
 */
final class HeaderParameters {

  private static final Pattern CONTINUATION = Pattern.compile("\\*(\\d{1,4})(\\*?)");
  private static final int MAX_CONTINUATIONS = 1000;

  private HeaderParameters() {
  }

  /**
   * A parameter of a raw Content-Type or Content-Disposition value, decoded: RFC 2231 ({@code name*=},
   * {@code name*0*=}, {@code name*1=} …) when present, else the plain value (quoted string unescaped) through
   * {@link EncodedWords#decodeHeader}. Names are case-insensitive. Null when absent.
   */
  static String parameter(String rawHeader, String name) {
    if (rawHeader == null || name == null) {
      return null;
    }
    try {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      String plain = null;
      String extended = null;
      Map<Integer, String[]> segments = new TreeMap<>();
      for (String[] p : parameters(EncodedWords.unfold(rawHeader))) {
        String key = p[0];
        if (key.equals(wanted)) {
          plain = plain == null ? p[1] : plain;
        } else if (key.equals(wanted + "*")) {
          extended = extended == null ? p[1] : extended;
        } else if (key.startsWith(wanted + "*") && segments.size() < MAX_CONTINUATIONS) {
          Matcher m = CONTINUATION.matcher(key.substring(wanted.length()));
          if (m.matches()) {
            segments.putIfAbsent(Integer.parseInt(m.group(1)), new String[] {p[1], m.group(2)});
          }
        }
      }
      if (extended != null) {
        return decode2231(List.<String[]>of(new String[] {extended, "*"}));
      }
      if (!segments.isEmpty()) {
        return decode2231(new ArrayList<>(segments.values()));
      }
      return plain == null ? null : EncodedWords.decodeHeader(plain);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Joins RFC 2231 segments ({value, "*" when percent-encoded}); the charset comes from the first one. */
  private static String decode2231(List<String[]> segments) {
    boolean anyEncoded = segments.stream().anyMatch(seg -> !seg[1].isEmpty());
    if (!anyEncoded) {
      StringBuilder joined = new StringBuilder();
      segments.forEach(seg -> joined.append(seg[0]));
      return EncodedWords.decodeHeader(joined.toString());
    }
    String charset = null;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segments.size(); i++) {
      String value = segments.get(i)[0];
      boolean encoded = !segments.get(i)[1].isEmpty();
      if (i == 0 && encoded) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second > 0) {
          charset = value.substring(0, first);
          value = value.substring(second + 1);
        }
      }
      for (int j = 0; j < value.length(); j++) {
        char c = value.charAt(j);
        if (encoded && c == '%' && j + 2 < value.length() && hex(value.charAt(j + 1)) >= 0
            && hex(value.charAt(j + 2)) >= 0) {
          bytes.write(hex(value.charAt(j + 1)) * 16 + hex(value.charAt(j + 2)));
          j += 2;
        } else {
          EncodedWords.writeChar(bytes, c);
        }
      }
    }
    byte[] b = bytes.toByteArray();
    return new String(b, Charsets.charsetFor(charset, b));
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** The parameters after the first ';' as {lower-case name, value}, tolerant of unquoted spaces and junk. */
  private static List<String[]> parameters(String s) {
    List<String[]> out = new ArrayList<>();
    int i = s.indexOf(';');
    if (i < 0) {
      return out;
    }
    int n = s.length();
    i++;
    while (i < n) {
      while (i < n && (s.charAt(i) == ';' || Character.isWhitespace(s.charAt(i)))) {
        i++;
      }
      int nameStart = i;
      while (i < n && s.charAt(i) != '=' && s.charAt(i) != ';') {
        i++;
      }
      if (i >= n || s.charAt(i) == ';') {
        continue;
      }
      String name = s.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
      i++;
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      boolean quoted = i < n && s.charAt(i) == '"';
      if (quoted) {
        i++;
        while (i < n && s.charAt(i) != '"') {
          char c = s.charAt(i);
          if (c == '\\' && i + 1 < n && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
            c = s.charAt(++i);
          }
          value.append(c);
          i++;
        }
        while (i < n && s.charAt(i) != ';') {
          i++;
        }
      } else {
        int start = i;
        while (i < n && s.charAt(i) != ';') {
          i++;
        }
        value.append(s, start, i);
      }
      if (!name.isEmpty()) {
        out.add(new String[] {name, quoted ? value.toString() : value.toString().trim()});
      }
    }
    return out;
  }
}
