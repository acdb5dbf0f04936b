package hotline.search;

import hotline.errors.HotlineException;
import java.util.ArrayList;
import java.util.List;

/**
 * A text query as the search of cases, articles and phrases runs it: its terms (every one must be found, each as a
 * substring of the text, after the normalisation of {@code search_norm}: full-width as ASCII, lower case, digits joined
 * across separators), and the SQL condition that finds them through a GIN index of character pairs
 * ({@code search_grams}, migration V15) and checks them exactly ({@code search_contains}).
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
    String n = Highlight.normalize(term);
    int prev = -1;
    for (int i = 0; i < n.length(); ) {
      int cp = n.codePointAt(i);
      if (Character.isLetterOrDigit(cp) && prev >= 0 && Character.isLetterOrDigit(prev)) {
        return true;
      }
      prev = cp;
      i += Character.charCount(cp);
    }
    return false;
  }

  /**
   * Whether a term is, once normalised, exactly one pair of letters or digits (卷烟, ab, 12): then a text whose
   * {@code search_grams} hold that pair holds the term, and the index alone answers exactly, without a substring check.
   */
  public static boolean onePair(String term) {
    String n = Highlight.normalize(term);
    return n.codePointCount(0, n.length()) == 2 && n.codePoints().allMatch(Character::isLetterOrDigit);
  }

  /**
   * The condition that a row's text holds every term of the {@code text[]} parameter {@code termsParam} ({@code $6}):
   * {@code gramsColumn} is the row's indexed {@code search_grams(…)} of that same {@code document} expression.
   */
  public static String matches(String gramsColumn, String document, String termsParam) {
    return "(" + gramsColumn + " @> search_query_grams(" + termsParam + "::text[]) AND search_contains(" + document + ", "
        + termsParam + "::text[]))";
  }
}
