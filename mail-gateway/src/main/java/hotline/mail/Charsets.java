package hotline.mail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Charsets the way mail clients pick them, not the way the labels say.
 *
 * <p>Jakarta Mail maps a charset label straight to the Java charset, so {@code gb2312}-labelled text holding
 * GBK-only characters turns into U+FFFD. Chinese mail does that every day, so a label is mapped to its superset
 * here, and a missing, unknown or lying label is replaced by detection. Nothing in this class throws on bad input.
 */
final class Charsets {

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

  private Charsets() {
  }

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
  static String family(String label) {
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
  static boolean knownLabel(String label) {
    String l = normalizeLabel(label);
    return l != null && (GB_LABELS.contains(l) || BIG5_LABELS.contains(l) || UTF8_LABELS.contains(l)
        || LATIN_LABELS.contains(l) || UNKNOWN_LABELS.contains(l) || lookup(l) != null);
  }
}
