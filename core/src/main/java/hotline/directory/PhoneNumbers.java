package hotline.directory;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * One form for every way a number is written: {@code +86 138 0013 8000}, {@code 0086-13800138000},
 * {@code 138 0013 8000} and {@code 13800138000} all become {@code +8613800138000}; {@code 0755-12345678} and
 * {@code +86 755 1234 5678} become {@code +8675512345678}. Parsing is libphonenumber's, with the hotline's region
 * as the default; a local landline number written without its area code takes the configured one.
 */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final java.util.regex.Pattern EXTENSION =
      java.util.regex.Pattern.compile("(转|分机|(?i:ext\\.?)|(?i:x)|#)");

  private final String region;
  private final String defaultAreaCode;

  public PhoneNumbers(String region, String defaultAreaCode) {
    this.region = region == null || region.isBlank() ? "CN" : region;
    String area = defaultAreaCode == null ? "" : defaultAreaCode.replaceAll("\\D", "");
    this.defaultAreaCode = area.isEmpty() || area.startsWith("0") ? area : "0" + area;
  }

  /** Up to {@code max} valid phone numbers written in free text (a mail, a fax), as written, in order, without repeats. */
  public java.util.List<String> findIn(String text, int max) {
    java.util.LinkedHashMap<String, String> found = new java.util.LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return java.util.List.of();
    }
    // Bounded work on hostile input: libphonenumber gives up after maxTries candidates.
    String bounded = text.length() > 50_000 ? text.substring(0, 50_000) : text;
    for (com.google.i18n.phonenumbers.PhoneNumberMatch m
        : UTIL.findNumbers(bounded, region, PhoneNumberUtil.Leniency.VALID, 200)) {
      String e164 = UTIL.format(m.number(), PhoneNumberFormat.E164);
      found.putIfAbsent(e164, m.rawString().strip());
      if (found.size() >= max) {
        break;
      }
    }
    return java.util.List.copyOf(found.values());
  }

  /** The normalised number, or null when the text holds no digits. */
  public String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    // An extension (转 123, 分机 123, ext. 123, x123, #123) is not part of the number a customer is found by.
    String digits = EXTENSION.split(raw, 2)[0].replaceAll("[^0-9+]", "");
    if (digits.replace("+", "").isEmpty() || digits.length() > 24) {
      return null;
    }
    PhoneNumber parsed = parse(digits);
    if (parsed != null && UTIL.isValidNumber(parsed)) {
      return UTIL.format(parsed, PhoneNumberFormat.E164);
    }
    if (!defaultAreaCode.isEmpty() && !digits.startsWith("+") && !digits.startsWith("0") && digits.length() >= 7 && digits.length() <= 8) {
      PhoneNumber withArea = parse(defaultAreaCode + digits);
      if (withArea != null && UTIL.isValidNumber(withArea)) {
        return UTIL.format(withArea, PhoneNumberFormat.E164);
      }
    }
    // A full-length number in a range libphonenumber does not know yet: still international form.
    if (parsed != null && UTIL.isPossibleNumber(parsed) && String.valueOf(parsed.getNationalNumber()).length() >= 10) {
      return UTIL.format(parsed, PhoneNumberFormat.E164);
    }
    // Service numbers (12345, 12315), local numbers without an area code: digits only, still comparable.
    return digits.replace("+", "");
  }

  /**
   * The digits to dial from a Chinese PBX: domestic numbers in national form (138…, 0755…), others with the
   * international prefix 00. Null when the text holds no number.
   */
  public String dialable(String raw) {
    String n = normalize(raw);
    if (n == null) {
      return null;
    }
    if (n.startsWith("+86")) {
      String national = n.substring(3);
      return national.startsWith("1") || national.startsWith("400") || national.startsWith("800") ? national : "0" + national;
    }
    return n.startsWith("+") ? "00" + n.substring(1) : n;
  }

  private PhoneNumber parse(String digits) {
    try {
      return UTIL.parse(digits, region);
    } catch (NumberParseException e) {
      return null;
    }
  }
}
