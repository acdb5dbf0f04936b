package hotline.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A make-up working day (调休上班): a weekend day declared a working day in exchange for a longer holiday.
 *
 * @param date   the day, a Saturday or a Sunday
 * @param name   name in Simplified Chinese, e.g. 春节调休上班
 * @param nameEn English name, e.g. Spring Festival make-up working day
 */
public record MakeUpWorkday(LocalDate date, String name, String nameEn) {

  public MakeUpWorkday {
    Objects.requireNonNull(date, "date");
    Holiday.requireText(name, "name");
    Holiday.requireText(nameEn, "nameEn");
  }
}
