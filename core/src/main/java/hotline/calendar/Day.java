package hotline.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One calendar date as seen by the working-day clock.
 *
 * @param date          the date
 * @param working       true if it is a working day
 * @param holiday       the Chinese name of the holiday it belongs to, or, for a make-up working day, the
 *                      make-up day's name (e.g. 元旦调休上班); null for an ordinary weekday or weekend day
 * @param holidayEn     the English counterpart of {@code holiday}, or null
 * @param makeUpWorkday true if it is a weekend day declared a working day (调休上班)
 * @param provisional   true if its year has no calendar file, so only weekdays count as working days
 */
public record Day(LocalDate date, boolean working, String holiday, String holidayEn, boolean makeUpWorkday,
                  boolean provisional) {

  public Day {
    Objects.requireNonNull(date, "date");
  }
}
