package hotline.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A statutory holiday period: every date from {@code from} through {@code to} (inclusive) is a day off,
 * whatever day of the week it falls on.
 *
 * @param name   name in Simplified Chinese, e.g. 春节
 * @param nameEn English name, e.g. Spring Festival
 * @param from   first day off (inclusive)
 * @param to     last day off (inclusive), not before {@code from}
 */
public record Holiday(String name, String nameEn, LocalDate from, LocalDate to) {

  public Holiday {
    requireText(name, "name");
    requireText(nameEn, "nameEn");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException(
          "holiday " + name + ": from " + from + " is after to " + to);
    }
  }

  /** True if {@code date} lies within this holiday period. */
  public boolean contains(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }

  static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
