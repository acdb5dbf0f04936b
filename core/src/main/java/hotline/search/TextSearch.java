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
      boolean number = piece.chars().allMatch(c -> Character.isDigit(c) || c == '-' || c == '－');
      if (number && digits != null) {
        digits.append(piece);
        continue;
      }
      if (digits != null) {
        terms.add(digits.toString());
        digits = null;
      }
      if (number) {
        digits = new StringBuilder(piece);
      } else {
        terms.add(piece);
      }
    }
    if (digits != null) {
      terms.add(digits.toString());
    }
    if (terms.size() > MAX_TERMS || terms.stream().anyMatch(t -> t.codePointCount(0, t.length()) > MAX_TERM_LENGTH)) {
      throw HotlineException.invalidAt("q", "searchTooLong", MAX_TERMS, MAX_TERM_LENGTH);
    }
    return terms;
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
