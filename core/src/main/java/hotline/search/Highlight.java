package hotline.search;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the terms of a search stand in a text, for the page to mark them: {@code hits} are {@code [start, end)} ranges
 * in UTF-16 units of {@code text} (a JavaScript string's indices), sorted, not overlapping. A term is found the way
 * {@code search_norm} finds it in SQL (full-width as ASCII, case ignored, digits joined across separators), so
 * {@code 0755-8888} in the text is marked for the term {@code 07558888}.
 */
public record Highlight(String text, List<int[]> hits) {

  /** JSON: {@code {"text": …, "hits": [[0, 2], …]}}. */
  public JsonObject toJson() {
    JsonArray h = new JsonArray();
    hits.forEach(r -> h.add(new JsonArray().add(r[0]).add(r[1])));
    return new JsonObject().put("text", text).put("hits", h);
  }

  /** Every hit of the terms in the whole text (a title); null for a null text. */
  public static Highlight of(String text, List<String> terms) {
    if (text == null) {
      return null;
    }
    return new Highlight(text, find(text, terms));
  }

  /**
   * About {@code width} characters of a long text around its first hit (the start when there is none), with an
   * ellipsis where it was cut: what a result list shows of a body. Null for a null text.
   */
  public static Highlight snippet(String text, List<String> terms, int width) {
    if (text == null) {
      return null;
    }
    String flat = text.replaceAll("\\s+", " ").strip();
    List<int[]> all = find(flat, terms);
    if (flat.length() <= width) {
      return new Highlight(flat, all);
    }
    int first = all.isEmpty() ? 0 : all.get(0)[0];
    int start = Math.max(0, Math.min(first - width / 4, flat.length() - width));
    if (start > 0 && Character.isLowSurrogate(flat.charAt(start))) {
      start--;
    }
    int end = Math.min(flat.length(), start + width);
    if (end < flat.length() && Character.isHighSurrogate(flat.charAt(end - 1))) {
      end++;
    }
    String prefix = start > 0 ? "…" : "";
    String suffix = end < flat.length() ? "…" : "";
    List<int[]> hits = new ArrayList<>();
    for (int[] r : all) {
      if (r[1] > start && r[0] < end) {
        hits.add(new int[] {Math.max(r[0], start) - start + prefix.length(), Math.min(r[1], end) - start + prefix.length()});
      }
    }
    return new Highlight(prefix + flat.substring(start, end) + suffix, hits);
  }

  /** The normalised form of a text, as search_norm makes it in SQL. */
  public static String normalize(String s) {
    return new Normalized(s).text.toString();
  }

  private static List<int[]> find(String text, List<String> terms) {
    Normalized n = new Normalized(text);
    List<int[]> ranges = new ArrayList<>();
    for (String term : terms) {
      String t = normalize(term);
      if (t.isEmpty()) {
        continue;
      }
      for (int i = n.text.indexOf(t); i >= 0; i = n.text.indexOf(t, i + t.length())) {
        ranges.add(new int[] {n.from.get(i), n.to.get(i + t.length() - 1)});
      }
    }
    ranges.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    List<int[]> merged = new ArrayList<>();
    for (int[] r : ranges) {
      int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(new int[] {r[0], r[1]});
      }
    }
    return merged;
  }

  /** The text normalised code point by code point, each normalised char knowing the raw range it came from. */
  private static final class Normalized {
    final StringBuilder text = new StringBuilder();
    final List<Integer> from = new ArrayList<>();
    final List<Integer> to = new ArrayList<>();

    Normalized(String raw) {
      List<String> parts = new ArrayList<>();
      List<int[]> spans = new ArrayList<>();
      // A character with the combining marks after it is normalised as one (e + ◌́ → é, as NFKC of the whole text has it).
      for (int i = 0; i < raw.length(); ) {
        int next = i + Character.charCount(raw.codePointAt(i));
        while (next < raw.length() && isMark(raw.codePointAt(next))) {
          next += Character.charCount(raw.codePointAt(next));
        }
        int cp = raw.codePointAt(i);
        // ASCII and the unified ideographs are their own NFKC: no normaliser call for the bulk of a Chinese text.
        parts.add(next == i + 1 && (cp < 0x80 || cp >= 0x4E00 && cp <= 0x9FFF) ? String.valueOf((char) cp)
            : Normalizer.normalize(raw.substring(i, next), Normalizer.Form.NFKC));
        spans.add(new int[] {i, next});
        i = next;
      }
      for (int k = 0; k < parts.size(); k++) {
        String p = parts.get(k);
        if (isSeparator(p) && endsWithDigit(text) && digitAhead(parts, k)) {
          continue;
        }
        String lower = p.toLowerCase(Locale.ROOT);
        for (int j = 0; j < lower.length(); j++) {
          text.append(lower.charAt(j));
          from.add(spans.get(k)[0]);
          to.add(spans.get(k)[1]);
        }
      }
    }

    private static boolean isMark(int cp) {
      int type = Character.getType(cp);
      return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isSeparator(String p) {
      return p.length() == 1 && ("-.()—–".indexOf(p.charAt(0)) >= 0 || Character.isWhitespace(p.charAt(0)));
    }

    private static boolean endsWithDigit(StringBuilder s) {
      return s.length() > 0 && s.charAt(s.length() - 1) >= '0' && s.charAt(s.length() - 1) <= '9';
    }

    private static boolean digitAhead(List<String> parts, int k) {
      for (int j = k + 1; j < parts.size(); j++) {
        String p = parts.get(j);
        if (isSeparator(p)) {
          continue;
        }
        return !p.isEmpty() && p.charAt(0) >= '0' && p.charAt(0) <= '9';
      }
      return false;
    }
  }
}
