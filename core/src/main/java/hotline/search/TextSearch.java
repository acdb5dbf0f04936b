package hotline.search;

import hotline.errors.HotlineException;
import java.util.ArrayList;
import java.util.List;

/**
 * A text query as the search of cases, articles and phrases runs it: its terms (every one must be found, each as a
 * substring of the text, after the normalisation of {@code search_norm}: full-width as ASCII, lower case, digits joined
 * across separators), the keys a text is indexed by and a term looked up by (character pairs, and 4-digit pieces of
 * numbers: {@link #keys}, {@link #lookup}, {@link #lookupKeys}; {@code search_keys} of V22 in SQL), and the SQL condition
 * that finds them through a GIN index of keys and checks them exactly with {@code strpos} on the normalised text.
 */
public final class TextSearch {

  /** At most this many terms in a query, each at most this many characters. */
  public static final int MAX_TERMS = 8;
  public static final int MAX_TERM_LENGTH = 50;

  private TextSearch() {
  }

  /**
   * The terms of a query: split at white space (an ideographic space too); digit groups written apart are one number
   * ({@code 0755 8888 1234}). Empty for a query of nothing but white space or null. More than {@link #MAX_TERMS} terms or
   * a longer term is a 400 ({@code searchTooLong}).
   */
  public static List<String> terms(String q) {
    List<String> terms = new ArrayList<>();
    if (q == null) {
      return terms;
    }
    StringBuilder digits = null;
    for (String piece : q.strip().split("[\\s\\u3000]+")) {
      if (piece.isEmpty()) {
        continue;
      }
      boolean number = piece.chars().anyMatch(c -> c >= '0' && c <= '9')
          && piece.chars().allMatch(c -> Character.isDigit(c) || NUMBER_MARKS.indexOf(c) >= 0);
      if (number && digits != null) {
        digits.append(piece);
        continue;
      }
      if (digits != null) {
        terms.add(number(digits));
        digits = null;
      }
      if (number) {
        digits = new StringBuilder(piece);
      } else {
        terms.add(piece);
      }
    }
    if (digits != null) {
      terms.add(number(digits));
    }
    terms.removeIf(String::isEmpty);
    if (terms.size() > MAX_TERMS || terms.stream().anyMatch(t -> t.codePointCount(0, t.length()) > MAX_TERM_LENGTH)) {
      throw HotlineException.invalidAt("q", "searchTooLong", MAX_TERMS, MAX_TERM_LENGTH);
    }
    return terms;
  }

  /** What people write in and around numbers: 0755-8888 1234, (0755) 8888.1234, +86 138 0013 8000. */
  private static final String NUMBER_MARKS = "+-－.()（）";
  private static final java.util.regex.Pattern CN_MOBILE = java.util.regex.Pattern.compile("(?:\\+|00)86(1[0-9]{10})");
  private static final java.util.regex.Pattern CN_LANDLINE = java.util.regex.Pattern.compile("(?:\\+|00)86([2-9][0-9]{8,10})");

  /**
   * A number as one term: its digits (full-width ones as ASCII), a leading + kept; a Chinese phone number written
   * internationally in its national form (+86 138 0013 8000 → 13800138000, 0086 755 8888 1234 → 075588881234), which
   * is a part of every way the number is written, the international one too.
   */
  private static String number(StringBuilder written) {
    String s = java.text.Normalizer.normalize(written, java.text.Normalizer.Form.NFKC);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9' || c == '+' && b.isEmpty()) {
        b.append(c);
      }
    }
    String n = b.toString();
    java.util.regex.Matcher m = CN_MOBILE.matcher(n);
    if (m.matches()) {
      return m.group(1);
    }
    m = CN_LANDLINE.matcher(n);
    if (m.matches()) {
      return "0" + m.group(1);
    }
    return n.equals("+") ? "" : n;
  }

  /**
   * Whether a term has a pair of adjacent letters or digits once normalised, so that {@code search_grams} of it is not
   * empty and an index of pairs can find it; a term of one character (烟, 5) cannot be found through one.
   */
  public static boolean indexable(String term) {
    return pairs(Highlight.normalize(term)).length > 0;
  }


  /**
   * The distinct pairs of adjacent letters or digits of a normalised text ({@link Highlight#normalize}), in the order
   * they first occur: what a search document is indexed by and what a term is looked up by. A text holds a term only if
   * it holds every pair of it, since a pair depends on its two characters alone.
   */
  public static String[] pairs(String normalized) {
    java.util.LinkedHashSet<String> pairs = new java.util.LinkedHashSet<>();
    int prev = -1;
    int prevAt = 0;
    for (int i = 0; i < normalized.length(); ) {
      int cp = normalized.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (prev >= 0 && Character.isLetterOrDigit(prev) && Character.isLetterOrDigit(cp)) {
        pairs.add(normalized.substring(prevAt, next));
      }
      prev = cp;
      prevAt = i;
      i = next;
    }
    return pairs.toArray(String[]::new);
  }

  /**
   * The condition that a row's text holds every term of the {@code text[]} parameter {@code termsParam}, which holds
   * the terms normalised ({@link #normalized}): {@code keysColumn} is the row's GIN-indexed {@code search_keys(…)} of a
   * text (migration V22, the {@link #keys} of it), {@code keysParam} the {@code text[]} of the terms' {@link
   * #lookupKeys}, and {@code normalizedDocument} that same text as {@code search_norm} makes it, which every term is
   * checked in with {@code strpos} (a stored column where the text is long: normalising it again for every candidate
   * row costs more than the whole index lookup).
   */
  public static String matches(String keysColumn, String normalizedDocument, String termsParam, String keysParam) {
    return "(" + keysColumn + " @> " + keysParam + "::text[] AND NOT EXISTS (SELECT 1 FROM unnest(" + termsParam
        + "::text[]) t WHERE strpos(" + normalizedDocument + ", t) = 0))";
  }

  /**
   * The keys the normalised terms are looked up by in a table whose keys' frequencies are not known (articles,
   * phrases), so that {@link #lookup} could not pick the rarest: every pair of each term and every 4-digit piece of its
   * runs of {@link #DIGIT_GRAM} digits or more, but no pair of two digits in a term with such a run (a pair of digits is
   * in nearly every text; the pieces tell more). Each is in the {@link #keys} of a text holding the term. GIN
   * intersects them: a word whose pairs are each common but never together (执行须在, where every text has 执行，…须在)
   * reads no text at all.
   */
  public static String[] lookupKeys(String[] normalizedTerms) {
    java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
    for (String term : normalizedTerms) {
      boolean number = digitRuns(term).stream().anyMatch(r -> r[1] - r[0] >= DIGIT_GRAM);
      for (String k : keys(term)) {
        if (!number || !(k.length() == 2 && k.chars().allMatch(c -> c >= '0' && c <= '9'))) {
          keys.add(k);
        }
      }
    }
    return keys.toArray(String[]::new);
  }

  /** A run of at least this many digits is indexed by its pieces of this many digits too ({@link #keys}). */
  public static final int DIGIT_GRAM = 4;

  /**
   * What a search document is indexed by: its {@link #pairs}, and the pieces of {@link #DIGIT_GRAM} digits of every
   * run of digits that long or longer. A pair of digits is one of only a hundred, which every licence and phone number
   * holds many of: a number is looked up by its 4-digit pieces, one of ten thousand.
   */
  public static String[] keys(String normalized) {
    java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>(List.of(pairs(normalized)));
    for (int[] run : digitRuns(normalized)) {
      for (int k = run[0]; k + DIGIT_GRAM <= run[1]; k++) {
        keys.add(normalized.substring(k, k + DIGIT_GRAM));
      }
    }
    return keys.toArray(String[]::new);
  }

  /**
   * The keys a normalised term is looked up by, every one of which a document holding the term holds ({@link #keys}):
   * for a term with a run of {@link #DIGIT_GRAM} digits, pieces of its longest run that do not overlap; else pairs that
   * do not overlap (adjacent pairs of a word go together: 假冒 and 冒卷 tell little more than one of them); at most three,
   * the rarest by {@code frequency} (the share of documents holding a key; an unknown key is rare, 0). Empty for a
   * term without a pair. The planner multiplies their frequencies into the term's: one that tells how common it is.
   */
  public static String[] lookup(String term, java.util.function.ToDoubleFunction<String> frequency) {
    String run = "";
    for (int[] r : digitRuns(term)) {
      if (r[1] - r[0] > run.length()) {
        run = term.substring(r[0], r[1]);
      }
    }
    if (run.length() >= DIGIT_GRAM) {
      // Pieces that do not overlap, the last one flush with the run's end: every licence of a district starts 4403.
      List<String> pieces = new ArrayList<>();
      for (int k = 0; k + DIGIT_GRAM <= run.length(); k += DIGIT_GRAM) {
        pieces.add(run.substring(k, k + DIGIT_GRAM));
      }
      pieces.add(run.substring(run.length() - DIGIT_GRAM));
      return pieces.stream().distinct().sorted(java.util.Comparator.comparingDouble(frequency)).limit(3)
          .toArray(String[]::new);
    }
    // Pairs that do not overlap, left to right: code points k and k + 1, then from k + 2 on.
    List<String> apart = new ArrayList<>();
    int[] cps = term.codePoints().toArray();
    for (int k = 0; k + 1 < cps.length; k++) {
      if (Character.isLetterOrDigit(cps[k]) && Character.isLetterOrDigit(cps[k + 1])) {
        apart.add(new String(cps, k, 2));
        k++;
      }
    }
    return apart.stream().distinct().sorted(java.util.Comparator.comparingDouble(frequency)).limit(3)
        .toArray(String[]::new);
  }

  /**
   * Whether a normalised term is exactly one pair of letters or digits (卷烟, ab, 12): a document whose keys hold it
   * holds the term, so the index answers exactly without a substring check.
   */
  public static boolean onePair(String normalizedTerm) {
    return normalizedTerm.codePointCount(0, normalizedTerm.length()) == 2
        && normalizedTerm.codePoints().allMatch(Character::isLetterOrDigit);
  }

  /** The runs of ASCII digits of a normalised text, each as {start, end}. */
  private static List<int[]> digitRuns(String normalized) {
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < normalized.length(); ) {
      int j = i;
      while (j < normalized.length() && normalized.charAt(j) >= '0' && normalized.charAt(j) <= '9') {
        j++;
      }
      if (j > i) {
        runs.add(new int[] {i, j});
      }
      i = j == i ? i + 1 : j;
    }
    return runs;
  }

  /** The terms normalised, as {@link #matches} takes them. */
  public static String[] normalized(List<String> terms) {
    return terms.stream().map(Highlight::normalize).toArray(String[]::new);
  }

}
