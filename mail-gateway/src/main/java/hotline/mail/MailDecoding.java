package hotline.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Charset and header decoding the way mail clients do it, not the way the RFCs wish it were.
 *
 * <p>Jakarta Mail maps a charset label straight to the Java charset, so {@code gb2312}-labelled text holding
 * GBK-only characters turns into U+FFFD, and an encoded word split inside a multi-byte character turns into
 * garbage. Chinese mail does both every day, so text bytes and header values are decoded here instead.
 * Nothing in this class throws on bad input.
 */
final class MailDecoding {

  /** A mailbox: the address lower-cased and trimmed, the display name decoded (null when there is none). */
  record Address(String email, String name) {
  }

  private static final Charset GB18030 = Charset.forName("GB18030");
  private static final Charset GB2312 = Charset.forName("GB2312");
  private static final Charset BIG5 = Charset.forName("Big5");
  private static final Charset BIG5_HKSCS = supported("Big5-HKSCS", BIG5);
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private static final Set<String> GB_LABELS = Set.of("gb2312", "gb_2312-80", "gb_2312", "euc-cn", "x-euc-cn",
      "euccn", "csgb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "gb18030", "gb-18030", "chinese");
  private static final Set<String> BIG5_LABELS = Set.of("big5", "x-big5", "cp950", "ms950", "windows-950",
      "big5-hkscs", "big5hkscs", "x-x-big5", "csbig5");
  private static final Set<String> UTF8_LABELS = Set.of("utf-8", "utf8", "x-utf-8", "unicode-1-1-utf-8");
  private static final Set<String> LATIN_LABELS = Set.of("us-ascii", "ascii", "us", "ansi_x3.4-1968",
      "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "windows-1252", "cp1252", "x-cp1252");
  /** Labels that say "we do not know": detect. */
  private static final Set<String> UNKNOWN_LABELS = Set.of("unknown", "unknown-8bit", "x-unknown",
      "x-user-defined", "default", "8bit", "none");

  /** Share of the non-ASCII characters that must be everyday CJK for a guess to count as plausible. */
  private static final double PLAUSIBLE = 0.5;
  /** Characters looked at when judging plausibility. */
  private static final int SCORE_SAMPLE_CHARS = 20_000;

  private static final Pattern ENCODED_WORD =
      Pattern.compile("=\\?([^?\\s\"]{1,64})\\?([bBqQ])\\?([^?]*)\\?=");
  private static final Pattern FOLD = Pattern.compile("\\r?\\n(?=[ \\t])");
  private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n]+");
  private static final Pattern ANGLE_EMAIL = Pattern.compile("<\\s*([^<>\\s@]+@[^<>\\s@]+)\\s*>");
  private static final Pattern BARE_EMAIL = Pattern.compile("[^\\s<>()\\[\\],;:\"@]+@[^\\s<>()\\[\\],;:\"@]+");
  private static final Pattern CONTINUATION = Pattern.compile("\\*(\\d{1,4})(\\*?)");
  private static final int MAX_CONTINUATIONS = 1000;

  private MailDecoding() {
  }

  // ---------------------------------------------------------------------------------------------- charsets

  /**
   * The charset a mail client would decode {@code sample} with when it is labelled {@code label}: the GB family
   * becomes GB18030 (their superset), the Big5 family Big5-HKSCS, and a missing, unknown or lying label is
   * replaced by detection (strict UTF-8, then plausible GB18030 or Big5, then windows-1252).
   */
  static Charset charsetFor(String label, byte[] sample) {
    byte[] bytes = sample == null ? new byte[0] : sample;
    String l = normalizeLabel(label);
    if (l == null || UNKNOWN_LABELS.contains(l)) {
      return detect(bytes);
    }
    if (GB_LABELS.contains(l)) {
      return GB18030;
    }
    if (BIG5_LABELS.contains(l)) {
      return BIG5_HKSCS;
    }
    if (UTF8_LABELS.contains(l)) {
      if (isUtf8(bytes)) {
        return StandardCharsets.UTF_8;
      }
      Charset cjk = detectCjk(bytes);
      return cjk != null ? cjk : StandardCharsets.UTF_8;
    }
    if (LATIN_LABELS.contains(l)) {
      if (hasHighBytes(bytes)) {
        return detect(bytes);
      }
      Charset named = lookup(l);
      return named != null ? named : WINDOWS_1252;
    }
    Charset named = lookup(l);
    return named != null ? named : detect(bytes);
  }

  /** Text bytes decoded with {@link #charsetFor}; a byte-order mark is dropped. Null or empty gives "". */
  static String decodeText(byte[] bytes, String label) {
    if (bytes == null || bytes.length == 0) {
      return "";
    }
    String text;
    if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
      text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    } else {
      text = new String(bytes, charsetFor(label, bytes));
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static Charset detect(byte[] bytes) {
    if (!hasHighBytes(bytes) || isUtf8(bytes)) {
      return StandardCharsets.UTF_8;
    }
    Charset cjk = detectCjk(bytes);
    return cjk != null ? cjk : WINDOWS_1252;
  }

  /** GB18030 or Big5-HKSCS when the bytes decode strictly and read like everyday Chinese, else null. */
  private static Charset detectCjk(byte[] bytes) {
    double gb = score(bytes, GB18030, GB2312, 0xA1, 0xF7);
    double big5 = score(bytes, BIG5_HKSCS, BIG5, 0xA1, 0xC6);
    if (gb >= PLAUSIBLE && gb >= big5) {
      return GB18030;
    }
    return big5 >= PLAUSIBLE ? BIG5_HKSCS : null;
  }

  /**
   * Share of non-ASCII characters that the strict decoding with {@code decoder} yields and that sit in the
   * everyday part of {@code common} (lead byte in [{@code lowLead}, {@code highLead}]: GB2312 symbols and both
   * hanzi levels, Big5 symbols and level 1), ignoring kana, Greek, Cyrillic and box drawing, which is what
   * another CJK encoding read with the wrong table tends to produce. -1 when the strict decoding fails.
   */
  private static double score(byte[] bytes, Charset decoder, Charset common, int lowLead, int highLead) {
    String text = strict(bytes, decoder);
    if (text == null) {
      return -1;
    }
    CharsetEncoder encoder = common.newEncoder();
    int nonAscii = 0;
    int everyday = 0;
    int limit = Math.min(text.length(), SCORE_SAMPLE_CHARS);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        continue;
      }
      nonAscii++;
      if (Character.isSurrogate(c) || isForeignScript(c)) {
        continue;
      }
      try {
        ByteBuffer encoded = encoder.reset().encode(CharBuffer.wrap(new char[] {c}));
        if (encoded.remaining() == 2) {
          int lead = encoded.get(0) & 0xFF;
          if (lead >= lowLead && lead <= highLead) {
            everyday++;
          }
        }
      } catch (CharacterCodingException e) {
        // not in the everyday table
      }
    }
    return nonAscii == 0 ? 1.0 : (double) everyday / nonAscii;
  }

  private static boolean isForeignScript(char c) {
    return (c >= 0x0370 && c <= 0x04FF) || (c >= 0x2500 && c <= 0x257F) || (c >= 0x3040 && c <= 0x30FF)
        || (c >= 0x00C0 && c <= 0x024F);
  }

  private static String strict(byte[] bytes, Charset charset) {
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isUtf8(byte[] bytes) {
    return strict(bytes, StandardCharsets.UTF_8) != null;
  }

  private static boolean hasHighBytes(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return true;
      }
    }
    return false;
  }

  private static String normalizeLabel(String label) {
    if (label == null) {
      return null;
    }
    String l = label.trim();
    if (l.length() >= 2 && l.startsWith("\"") && l.endsWith("\"")) {
      l = l.substring(1, l.length() - 1).trim();
    }
    return l.isEmpty() ? null : l.toLowerCase(Locale.ROOT);
  }

  private static Charset lookup(String label) {
    try {
      return Charset.isSupported(label) ? Charset.forName(label) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Charset supported(String name, Charset fallback) {
    Charset c = lookup(name);
    return c != null ? c : fallback;
  }

  /** Labels that decode alike (gb2312 and GBK, say) share a family, so their bytes may be joined. */
  private static String family(String label) {
    String l = normalizeLabel(label);
    if (l == null) {
      return "";
    }
    if (GB_LABELS.contains(l)) {
      return "gb18030";
    }
    if (BIG5_LABELS.contains(l)) {
      return "big5";
    }
    return UTF8_LABELS.contains(l) ? "utf-8" : l;
  }

  /** Whether {@link #charsetFor} has an answer for this label other than a guess for an unknown name. */
  private static boolean knownLabel(String label) {
    String l = normalizeLabel(label);
    return l != null && (GB_LABELS.contains(l) || BIG5_LABELS.contains(l) || UTF8_LABELS.contains(l)
        || LATIN_LABELS.contains(l) || UNKNOWN_LABELS.contains(l) || lookup(l) != null);
  }

  // ----------------------------------------------------------------------------------------------- headers

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
      return decodeEncodedWords(decode8bit(unfold(raw)));
    } catch (RuntimeException e) {
      return raw;
    }
  }

  private static String decodeEncodedWords(String s) {
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
      byte[] bytes = knownLabel(label) ? wordBytes(m.group(2), m.group(3)) : null;
      boolean adjacent = groupLabel != null && between.isBlank();
      if (bytes == null) {
        flush(out, groupLabel, group);
        groupLabel = null;
        out.append(between).append(m.group());
      } else if (adjacent && family(groupLabel).equals(family(label))) {
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
      out.append(new String(bytes, charsetFor(label, bytes)));
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
  private static void writeChar(ByteArrayOutputStream out, char c) {
    if (c <= 0xFF) {
      out.write(c);
    } else {
      out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String unfold(String raw) {
    return LINE_BREAK.matcher(FOLD.matcher(raw).replaceAll("")).replaceAll("");
  }

  /**
   * Raw 8-bit header bytes arrive as ISO-8859-1 chars (one char per byte); when every char fits a byte and
   * some are high, re-read them as bytes with detection. Chars above 0xFF mean the value is already decoded.
   */
  private static String decode8bit(String s) {
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
    return new String(bytes, charsetFor(null, bytes));
  }

  // -------------------------------------------------------------------------------------------- parameters

  /**
   * A parameter of a raw Content-Type or Content-Disposition value, decoded: RFC 2231 ({@code name*=},
   * {@code name*0*=}, {@code name*1=} …) when present, else the plain value (quoted string unescaped) through
   * {@link #decodeHeader}. Names are case-insensitive. Null when absent.
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
      for (String[] p : parameters(unfold(rawHeader))) {
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
      return plain == null ? null : decodeHeader(plain);
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
      return decodeHeader(joined.toString());
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
          writeChar(bytes, c);
        }
      }
    }
    byte[] b = bytes.toByteArray();
    return new String(b, charsetFor(charset, b));
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

  // --------------------------------------------------------------------------------------------- addresses

  /** The first mailbox of a From / Reply-To / Sender value, or null when there is none. */
  static Address address(String rawHeaderValue) {
    if (rawHeaderValue == null) {
      return null;
    }
    try {
      String s = decode8bit(unfold(rawHeaderValue)).trim();
      if (s.isEmpty()) {
        return null;
      }
      String segment = null;
      for (String part : splitTopLevel(s)) {
        if (part.indexOf('@') >= 0) {
          segment = part;
          break;
        }
      }
      String email = null;
      try {
        email = firstEmail(InternetAddress.parseHeader(s, false));
      } catch (AddressException | RuntimeException e) {
        // the fallback below reads what it can
      }
      if (email == null) {
        email = regexEmail(segment != null ? segment : s);
      }
      if (email == null) {
        return null;
      }
      return new Address(email.trim().toLowerCase(Locale.ROOT), segment == null ? null : displayName(segment));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Every address of an address-list header (To, Cc), lower-cased, skipping what cannot be read. */
  static List<String> addresses(String rawHeaderValue) {
    List<String> out = new ArrayList<>();
    if (rawHeaderValue == null) {
      return out;
    }
    String s = decode8bit(unfold(rawHeaderValue));
    try {
      collectEmails(InternetAddress.parseHeader(s, false), out);
      return out;
    } catch (AddressException | RuntimeException e) {
      out.clear();
    }
    for (String part : splitTopLevel(s)) {
      try {
        collectEmails(InternetAddress.parseHeader(part, false), out);
      } catch (AddressException | RuntimeException e) {
        String email = regexEmail(part);
        if (email != null) {
          out.add(email.toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  private static void collectEmails(InternetAddress[] list, List<String> out) throws AddressException {
    for (InternetAddress a : list) {
      if (a.isGroup()) {
        InternetAddress[] members = a.getGroup(false);
        if (members != null) {
          collectEmails(members, out);
        }
      } else if (a.getAddress() != null && BARE_EMAIL.matcher(a.getAddress().trim()).matches()) {
        out.add(a.getAddress().trim().toLowerCase(Locale.ROOT));
      }
    }
  }

  private static String firstEmail(InternetAddress[] list) throws AddressException {
    List<String> emails = new ArrayList<>();
    collectEmails(list, emails);
    return emails.isEmpty() ? null : emails.get(0);
  }

  private static String regexEmail(String s) {
    Matcher angle = ANGLE_EMAIL.matcher(s);
    if (angle.find()) {
      return angle.group(1);
    }
    Matcher bare = BARE_EMAIL.matcher(s);
    return bare.find() ? bare.group() : null;
  }

  /** The display name of one mailbox: the phrase before '<' (quotes removed), else a comment, decoded. */
  private static String displayName(String mailbox) {
    StringBuilder phrase = new StringBuilder();
    StringBuilder comment = new StringBuilder();
    boolean quoted = false;
    int depth = 0;
    boolean angle = false;
    for (int i = 0; i < mailbox.length(); i++) {
      char c = mailbox.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < mailbox.length()) {
          phrase.append(mailbox.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          phrase.append(c);
        }
      } else if (depth > 0) {
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        }
        if (depth > 0) {
          comment.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(') {
        depth = 1;
      } else if (c == '<') {
        angle = true;
        break;
      } else {
        phrase.append(c);
      }
    }
    String name = angle ? phrase.toString() : comment.toString();
    // 8-bit bytes were decoded with the whole header value; decoding them again could garble Latin text
    name = stripControls(decodeEncodedWords(name.replaceAll("\\s+", " ").trim())).trim();
    return name.isEmpty() ? null : name;
  }

  /** Splits on commas outside quotes, comments and angle brackets. */
  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    int depth = 0;
    boolean angle = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0 && c == '<') {
        angle = true;
      } else if (depth == 0 && c == '>') {
        angle = false;
      } else if (depth == 0 && !angle && c == ',') {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  /** Drops C0/C1 controls except tab and newline (PostgreSQL text refuses NUL; the rest is never content). */
  static String stripControls(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F);
      if (control && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      } else if (!control && out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
