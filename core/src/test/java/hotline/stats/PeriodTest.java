package hotline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hotline.errors.HotlineException;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PeriodTest {

  static final LocalDate TODAY = LocalDate.of(2026, 8, 14);

  static Period p(String period, String date, String from, String to) {
    return Period.parse(period, date, from, to, TODAY);
  }

  @Test
  void periodsContainingADate() {
    assertEquals(new Period("quarter", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 9, 30)), p(null, null, null, null));
    assertEquals(new Period("week", LocalDate.of(2026, 2, 9), LocalDate.of(2026, 2, 15)), p("week", "2026-02-12", null, null));
    assertEquals(new Period("week", LocalDate.of(2026, 2, 9), LocalDate.of(2026, 2, 15)), p("week", "2026-02-15", null, null));
    assertEquals(new Period("month", LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29)), p("month", "2024-02-10", null, null));
    assertEquals(new Period("quarter", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 31)), p("quarter", "2026-12-31", null, null));
    assertEquals(new Period("year", LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)), p("year", "2025-06-01", null, null));
    assertEquals(new Period("month", LocalDate.of(2026, 8, 1), LocalDate.of(2026, 8, 31)), p("month", null, null, null));
  }

  @Test
  void rangesOfAtMostThreeYears() {
    assertEquals(new Period("range", LocalDate.of(2023, 8, 15), LocalDate.of(2026, 8, 14)), p(null, null, "2023-08-15", "2026-08-14"));
    assertEquals(new Period("range", LocalDate.of(2026, 8, 14), LocalDate.of(2026, 8, 14)), p(null, null, "2026-08-14", "2026-08-14"));
    assertEquals("from", assertThrows(HotlineException.class, () -> p(null, null, "2023-08-14", "2026-08-14")).field());
    assertEquals("to", assertThrows(HotlineException.class, () -> p(null, null, "2026-08-14", "2026-08-13")).field());
    assertEquals("to", assertThrows(HotlineException.class, () -> p(null, null, "2026-08-14", null)).field());
    assertEquals("from", assertThrows(HotlineException.class, () -> p("month", null, "2026-08-14", "2026-08-15")).field());
  }

  @Test
  void badInputNamesItsField() {
    assertEquals("period", assertThrows(HotlineException.class, () -> p("decade", null, null, null)).field());
    assertEquals("date", assertThrows(HotlineException.class, () -> p("week", "2026-02-30", null, null)).field());
    assertEquals("date", assertThrows(HotlineException.class, () -> p("week", "12/02/2026", null, null)).field());
    assertEquals("from", assertThrows(HotlineException.class, () -> p(null, null, "x".repeat(5000), "2026-01-01")).field());
    assertEquals("date", assertThrows(HotlineException.class, () -> p("week", "1999-01-01", null, null)).field());
  }

  @Test
  void labelsAndFileTags() {
    Period q = p("quarter", "2026-08-01", null, null);
    assertEquals("2026年第三季度", q.label(Locale.SIMPLIFIED_CHINESE));
    assertEquals("2026 Q3", q.label(Locale.ENGLISH));
    assertEquals("2026Q3", q.tag());
    Period w = p("week", "2026-02-12", null, null);
    assertEquals("2026年第7周（2月9日—2月15日）", w.label(Locale.SIMPLIFIED_CHINESE));
    assertEquals("2026W07", w.tag());
    assertEquals("2026-02", p("month", "2026-02-12", null, null).tag());
    assertEquals("2026年", p("year", "2026-02-12", null, null).label(Locale.SIMPLIFIED_CHINESE));
    Period r = p(null, null, "2026-07-01", "2026-07-15");
    assertEquals("2026-07-01 至 2026-07-15", r.label(Locale.SIMPLIFIED_CHINESE));
    assertEquals("20260701-20260715", r.tag());
  }
}
