package hotline.accountability;

import hotline.errors.HotlineException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A calendar quarter in the hotline's zone: {@code 2026-Q3} is 2026-07-01 through 2026-09-30. */
public record Quarter(int year, int number) {

  private static final Pattern FORMAT = Pattern.compile("([0-9]{4})-Q([1-4])");
  private static final String[] ZH = {"一", "二", "三", "四"};

  public Quarter {
    if (year < 2000 || year > 2200 || number < 1 || number > 4) {
      throw HotlineException.invalidAt("quarter", "accountability.quarter", year + "-Q" + number);
    }
  }

  /** {@code 2026-Q3}; anything else is a 400 naming the field. */
  public static Quarter parse(String s) {
    Matcher m = s == null ? null : FORMAT.matcher(s.trim());
    if (m == null || !m.matches()) {
      throw HotlineException.invalidAt("quarter", "accountability.quarter", s == null ? "" : s);
    }
    return new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The quarter that contains this day. */
  public static Quarter of(LocalDate day) {
    return new Quarter(day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
  }

  public LocalDate first() {
    return LocalDate.of(year, (number - 1) * 3 + 1, 1);
  }

  /** The first day of the next quarter. */
  public LocalDate end() {
    return first().plusMonths(3);
  }

  public Instant from(ZoneId zone) {
    return first().atStartOfDay(zone).toInstant();
  }

  public Instant until(ZoneId zone) {
    return end().atStartOfDay(zone).toInstant();
  }

  /** {@code 2026年第三季度} in Chinese, {@code 2026 Q3} otherwise. */
  public String label(boolean chinese) {
    return chinese ? year + "年第" + ZH[number - 1] + "季度" : year + " Q" + number;
  }

  @Override
  public String toString() {
    return year + "-Q" + number;
  }
}
