package hotline.cases;

import hotline.search.Highlight;
import hotline.search.TextSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A case's search documents (migration V19), made in Java where the case is written: its searchable fields normalised
 * ({@link Highlight#normalize}, the normalisation of every query term too) and joined with {@code " | "} (no term spans
 * two fields: a pair never holds white space, and digits are never joined across a bar), and their character pairs
 * and 4-digit pieces ({@link TextSearch#keys}). {@code doc} and {@code textGrams} leave out the case number when it is not known yet
 * (intake numbers the case in SQL, which prepends it: {@link #NUMBER_DOC}).
 */
record CaseSearchDocs(String doc, String title, String identity, String[] textGrams, String[] titleGrams,
    String[] identityGrams) {

  private static final String BAR = " | ";

  /**
   * SQL for the number's part of the document of {@code n.number} (2026-000123 → 2026000123: a number is digits and one
   * hyphen, the normalised form drops it) and its pairs, prepended at intake to {@code doc} and {@code textGrams}.
   */
  static final String NUMBER_DOC = "replace(n.number, '-', '')";
  static final String NUMBER_GRAMS = "ARRAY(SELECT substr(x, i, w) FROM (SELECT replace(n.number, '-', '') AS x) s, "
      + "(VALUES (2), (" + TextSearch.DIGIT_GRAM + ")) v(w), generate_series(1, length(x) - w + 1) i)";

  static CaseSearchDocs of(String number, String subject, String content, String respondentPerson,
      String respondentUnitName, String contactName, List<String> contactPhones, String contactEmail,
      String contactAddress) {
    String doc = (number == null ? "" : norm(number)) + BAR + norm(subject) + BAR + norm(content) + BAR
        + norm(respondentPerson) + BAR + norm(respondentUnitName);
    String title = norm(subject);
    List<String> phones = new ArrayList<>();
    for (String p : contactPhones == null ? List.<String>of() : contactPhones) {
      String n = norm(p);
      phones.add(n + BAR + national(n));
    }
    String identity = norm(contactName) + BAR + String.join(BAR, phones) + BAR + norm(contactEmail) + BAR
        + norm(contactAddress);
    return new CaseSearchDocs(doc, title, identity, TextSearch.keys(doc), TextSearch.keys(title),
        TextSearch.keys(identity));
  }

  private static final Pattern MOBILE = Pattern.compile("^(?:\\+|00)?86(1[0-9]{10})$");
  private static final Pattern LANDLINE = Pattern.compile("^(?:\\+|00)86([2-9][0-9]{8,10})$");

  /** A Chinese number written internationally in its national form (+8613800138000 → 13800138000); else as it is. */
  static String national(String normalizedPhone) {
    Matcher m = MOBILE.matcher(normalizedPhone);
    if (m.matches()) {
      return m.group(1);
    }
    m = LANDLINE.matcher(normalizedPhone);
    return m.matches() ? "0" + m.group(1) : normalizedPhone;
  }

  private static String norm(String s) {
    return s == null ? "" : Highlight.normalize(s);
  }

}
