package hotline.stats;

import hotline.errors.HotlineException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The dates a bulletin covers, inclusive, in the hotline's zone: a week (Monday to Sunday), month, quarter or year
 * containing a date, or any range of at most {@link #MAX_YEARS} years ({@code kind} "range").
 */
public record Period(String kind, LocalDate from, LocalDate to) {

  public static final int MAX_YEARS = 3;

  /**
   * The period a request names: {@code period} (week|month|quarter|year) with {@code date} (default today), or
   * {@code from} and {@code to}; neither: the quarter containing today. Bad input is a 400 naming the field.
   */
  public static Period parse(String period, String date, String from, String to, LocalDate today) {
    if (from != null || to != null) {
      if (period != null || date != null) {
        throw HotlineException.invalidAt("from", "stats.periodOrRange");
      }
      if (from == null || to == null) {
        throw HotlineException.invalidAt(from == null ? "from" : "to", "required", from == null ? "from" : "to");
      }
      LocalDate f = date("from", from);
      LocalDate t = date("to", to);
      if (t.isBefore(f)) {
        throw HotlineException.invalidAt("to", "stats.toBeforeFrom");
      }
      if (f.isBefore(t.minusYears(MAX_YEARS).plusDays(1))) {
        throw HotlineException.invalidAt("from", "stats.rangeTooLong", MAX_YEARS);
      }
      return new Period("range", f, t);
    }
    LocalDate d = date == null ? today : date("date", date);
    String p = period == null ? "quarter" : period;
    return switch (p) {
      case "week" -> new Period(p, d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
          d.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)));
      case "month" -> new Period(p, d.withDayOfMonth(1), d.with(TemporalAdjusters.lastDayOfMonth()));
      case "quarter" -> {
        LocalDate first = d.withMonth((d.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1).withDayOfMonth(1);
        yield new Period(p, first, first.plusMonths(3).minusDays(1));
      }
      case "year" -> new Period(p, d.withDayOfYear(1), d.with(TemporalAdjusters.lastDayOfYear()));
      default -> throw HotlineException.invalidAt("period", "invalidValue", "period", p);
    };
  }

  private static LocalDate date(String field, String text) {
    if (text.length() > 10) {
      throw HotlineException.invalidAt(field, "stats.badDate", field);
    }
    try {
      LocalDate d = LocalDate.parse(text);
      if (d.getYear() < 2000 || d.getYear() > 2199) {
        throw HotlineException.invalidAt(field, "stats.badDate", field);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw HotlineException.invalidAt(field, "stats.badDate", field);
    }
  }

  /** The first instant of the range. */
  public Instant start(ZoneId zone) {
    return from.atStartOfDay(zone).toInstant();
  }

  /** The first instant after the range. */
  public Instant end(ZoneId zone) {
    return to.plusDays(1).atStartOfDay(zone).toInstant();
  }

  private static final String[] QUARTERS_ZH = {"一", "二", "三", "四"};

  /** How people name it: 2026年第三季度, 2026 Q3; 2026年7月, July 2026; 2026年第27周… */
  public String label(Locale locale) {
    boolean en = locale != null && "en".equals(locale.getLanguage());
    int q = from.get(IsoFields.QUARTER_OF_YEAR);
    return switch (kind) {
      case "quarter" -> en ? from.getYear() + " Q" + q : from.getYear() + "年第" + QUARTERS_ZH[q - 1] + "季度";
      case "month" -> en ? from.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + " " + from.getYear()
          : from.getYear() + "年" + from.getMonthValue() + "月";
      case "year" -> en ? String.valueOf(from.getYear()) : from.getYear() + "年";
      case "week" -> {
        int w = from.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        int y = from.get(IsoFields.WEEK_BASED_YEAR);
        yield en ? "Week " + w + " of " + y + " (" + from + " to " + to + ")"
            : y + "年第" + w + "周（" + from.getMonthValue() + "月" + from.getDayOfMonth() + "日—" + to.getMonthValue() + "月"
                + to.getDayOfMonth() + "日）";
      }
      default -> en ? from + " to " + to : from + " 至 " + to;
    };
  }

  /** For file names: 2026Q3, 2026-07, 2026W27, 2026, 20260701-20260930. */
  public String tag() {
    return switch (kind) {
      case "quarter" -> from.getYear() + "Q" + from.get(IsoFields.QUARTER_OF_YEAR);
      case "month" -> String.format(Locale.ROOT, "%d-%02d", from.getYear(), from.getMonthValue());
      case "year" -> String.valueOf(from.getYear());
      case "week" -> String.format(Locale.ROOT, "%dW%02d", from.get(IsoFields.WEEK_BASED_YEAR), from.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      default -> from.toString().replace("-", "") + "-" + to.toString().replace("-", "");
    };
  }
}
