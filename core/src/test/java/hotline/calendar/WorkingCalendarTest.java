package hotline.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of the working-day clock against the real calendar files in config/calendar. Every expected value was
 * worked out by hand from the State Council's arrangements and a wall calendar.
 */
class WorkingCalendarTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final LocalTime END = LocalTime.of(17, 30);
  private static final Path CALENDAR_DIR = Path.of("../config/calendar");

  private static WorkingCalendar cal;

  @BeforeAll
  static void loadRealFiles() {
    cal = WorkingCalendar.load(CALENDAR_DIR, SHANGHAI, END);
  }

  /** A local Shanghai date-time, e.g. "2026-02-12T10:00", as an Instant. */
  private static Instant local(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
  }

  /** The expected due time: the given date at 17:30 Shanghai time. */
  private static ZonedDateTime dueOn(String date) {
    return ZonedDateTime.of(LocalDate.parse(date), END, SHANGHAI);
  }

  private static void assertDue(String expectedDate, boolean expectedProvisional, Deadline actual) {
    assertEquals(dueOn(expectedDate), actual.due());
    assertEquals(expectedProvisional, actual.provisional(), "provisional");
  }

  private static LocalDate d(String date) {
    return LocalDate.parse(date);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Sanity of the real files and of our wall-calendar assumptions
  // ---------------------------------------------------------------------------------------------------------

  @Test
  void loadsBothRealYears() {
    assertEquals(Set.of(2025, 2026), cal.years());
    assertEquals(SHANGHAI, cal.zone());
    assertEquals(END, cal.businessDayEnd());
  }

  @Test
  void wallCalendarAssumptions() {
    assertEquals(DayOfWeek.THURSDAY, d("2026-01-01").getDayOfWeek());
    assertEquals(DayOfWeek.SATURDAY, d("2026-02-14").getDayOfWeek());
    assertEquals(DayOfWeek.SATURDAY, d("2026-02-28").getDayOfWeek());
    assertEquals(DayOfWeek.SUNDAY, d("2026-09-20").getDayOfWeek());
    assertEquals(DayOfWeek.SATURDAY, d("2026-10-10").getDayOfWeek());
    assertEquals(DayOfWeek.SUNDAY, d("2025-01-26").getDayOfWeek());
    assertEquals(DayOfWeek.SATURDAY, d("2025-02-08").getDayOfWeek());
    assertEquals(DayOfWeek.SUNDAY, d("2025-09-28").getDayOfWeek());
    assertEquals(DayOfWeek.SATURDAY, d("2025-10-11").getDayOfWeek());
    assertEquals(DayOfWeek.MONDAY, d("2026-11-30").getDayOfWeek());
    assertEquals(DayOfWeek.FRIDAY, d("2027-01-01").getDayOfWeek());
  }

  @Test
  void realFilesParseIntoTheExpectedArrangements() throws IOException {
    YearCalendar y2026;
    try (var reader = Files.newBufferedReader(CALENDAR_DIR.resolve("CN-2026.yaml"), StandardCharsets.UTF_8)) {
      y2026 = YearCalendar.parse(reader, "CN-2026.yaml");
    }
    assertEquals(2026, y2026.year());
    assertEquals("国务院办公厅关于2026年部分节假日安排的通知", y2026.source());
    assertEquals(7, y2026.holidays().size());
    assertEquals(new Holiday("元旦", "New Year's Day", d("2026-01-01"), d("2026-01-03")),
        y2026.holidays().get(0));
    assertEquals(new Holiday("春节", "Spring Festival", d("2026-02-15"), d("2026-02-23")),
        y2026.holidays().get(1));
    assertEquals(List.of(d("2026-01-04"), d("2026-02-14"), d("2026-02-28"), d("2026-05-09"), d("2026-09-20"),
        d("2026-10-10")), y2026.makeUpWorkdays().stream().map(MakeUpWorkday::date).toList());

    YearCalendar y2025;
    try (var reader = Files.newBufferedReader(CALENDAR_DIR.resolve("CN-2025.yaml"), StandardCharsets.UTF_8)) {
      y2025 = YearCalendar.parse(reader, "CN-2025.yaml");
    }
    assertEquals(6, y2025.holidays().size());
    assertEquals(new Holiday("国庆节、中秋节", "National Day and Mid-Autumn Festival", d("2025-10-01"),
        d("2025-10-08")), y2025.holidays().get(5));
    assertEquals(List.of(d("2025-01-26"), d("2025-02-08"), d("2025-04-27"), d("2025-09-28"), d("2025-10-11")),
        y2025.makeUpWorkdays().stream().map(MakeUpWorkday::date).toList());

    // of() over the parsed years behaves like load().
    WorkingCalendar viaOf = WorkingCalendar.of(List.of(y2025, y2026), SHANGHAI, END);
    assertEquals(cal.years(), viaOf.years());
    assertEquals(cal.days(d("2025-01-01"), d("2025-12-31")), viaOf.days(d("2025-01-01"), d("2025-12-31")));
    assertEquals(cal.days(d("2026-01-01"), d("2026-12-31")), viaOf.days(d("2026-01-01"), d("2026-12-31")));
  }

  @Test
  void workingDayCountsOfTheRealYears() {
    // 2026: 261 weekdays; minus weekday holidays (Jan 1-2, Feb 16-20, Feb 23, Apr 6, May 1, May 4-5, Jun 19,
    // Sep 25, Oct 1-2, Oct 5-7 = 19), plus 6 make-up days = 248.
    assertEquals(248, cal.days(d("2026-01-01"), d("2026-12-31")).stream().filter(Day::working).count());
    // 2025: 261 weekdays; minus weekday holidays (Jan 1, Jan 28-31, Feb 3-4, Apr 4, May 1-2, May 5, Jun 2,
    // Oct 1-3, Oct 6-8 = 18), plus 5 make-up days = 248.
    assertEquals(248, cal.days(d("2025-01-01"), d("2025-12-31")).stream().filter(Day::working).count());
  }

  // ---------------------------------------------------------------------------------------------------------
  // 2026 Spring Festival: Feb 15-23 off, Feb 14 (Sat) and Feb 28 (Sat) on
  // ---------------------------------------------------------------------------------------------------------

  @Test
  void springFestival2026Days() {
    Day feb13 = cal.day(d("2026-02-13"));
    assertEquals(new Day(d("2026-02-13"), true, null, null, false, false), feb13);

    Day feb14 = cal.day(d("2026-02-14"));
    assertEquals(new Day(d("2026-02-14"), true, "春节调休上班", "Spring Festival make-up working day", true, false),
        feb14);

    for (LocalDate date = d("2026-02-15"); !date.isAfter(d("2026-02-23")); date = date.plusDays(1)) {
      assertEquals(new Day(date, false, "春节", "Spring Festival", false, false), cal.day(date), date.toString());
      assertFalse(cal.isWorkingDay(date), date.toString());
    }
    assertTrue(cal.isWorkingDay(d("2026-02-24")));
    assertTrue(cal.isWorkingDay(d("2026-02-28")));
    assertTrue(cal.day(d("2026-02-28")).makeUpWorkday());
    assertFalse(cal.isWorkingDay(d("2026-03-01"))); // ordinary Sunday
    assertEquals(new Day(d("2026-03-01"), false, null, null, false, false), cal.day(d("2026-03-01")));
  }

  @Test
  void springFestival2026Deadlines() {
    // Thu Feb 12 -> Fri Feb 13 is day 1, Sat Feb 14 (make-up) is day 2.
    assertDue("2026-02-14", false, cal.deadline(local("2026-02-12T10:00"), 2));
    // Fri Feb 13 -> Feb 14 day 1, Feb 15-23 off, Tue Feb 24 day 2.
    assertDue("2026-02-14", false, cal.deadline(local("2026-02-13T09:00"), 1));
    assertDue("2026-02-24", false, cal.deadline(local("2026-02-13T09:00"), 2));
    // Received on the holiday Sun Feb 15 -> Feb 24 day 1, Feb 25 day 2.
    assertDue("2026-02-24", false, cal.deadline(local("2026-02-15T11:00"), 1));
    assertDue("2026-02-25", false, cal.deadline(local("2026-02-15T11:00"), 2));
    // Received on the make-up day Sat Feb 14 itself -> next working day is Feb 24.
    assertDue("2026-02-24", false, cal.deadline(local("2026-02-14T16:00"), 1));
    // Tue Feb 24 -> 25, 26, 27, Sat 28 (make-up), [Sun Mar 1 off], Mon Mar 2.
    assertDue("2026-02-28", false, cal.deadline(local("2026-02-24T10:00"), 4));
    assertDue("2026-03-02", false, cal.deadline(local("2026-02-24T10:00"), 5));
    // Wed Feb 11 -> Thu 12 (1), Fri 13 (2), Sat 14 make-up (3), Feb 15-23 off, Tue 24 (4), Wed 25 (5).
    assertDue("2026-02-25", false, cal.deadline(local("2026-02-11T10:00"), 5));
    // The usual 15-working-day limit from Tue Feb 10: 11, 12, 13, 14, 24, 25, 26, 27, 28, Mar 2, 3, 4, 5, 6, 9.
    assertDue("2026-03-09", false, cal.deadline(local("2026-02-10T10:00"), 15));
  }

  // ---------------------------------------------------------------------------------------------------------
  // 2026 Mid-Autumn (Sep 25-27) and National Day (Oct 1-7), Sep 20 (Sun) and Oct 10 (Sat) on
  // ---------------------------------------------------------------------------------------------------------

  @Test
  void midAutumnAndNationalDay2026Days() {
    assertEquals(new Day(d("2026-09-20"), true, "国庆节调休上班", "National Day make-up working day", true, false),
        cal.day(d("2026-09-20")));
    assertEquals(new Day(d("2026-09-25"), false, "中秋节", "Mid-Autumn Festival", false, false),
        cal.day(d("2026-09-25")));
    assertEquals(new Day(d("2026-10-01"), false, "国庆节", "National Day", false, false), cal.day(d("2026-10-01")));
    assertEquals(new Day(d("2026-10-07"), false, "国庆节", "National Day", false, false), cal.day(d("2026-10-07")));
    assertEquals(new Day(d("2026-10-10"), true, "国庆节调休上班", "National Day make-up working day", true, false),
        cal.day(d("2026-10-10")));
    assertFalse(cal.isWorkingDay(d("2026-10-11"))); // ordinary Sunday
  }

  @Test
  void midAutumnAndNationalDay2026Deadlines() {
    // Wed Sep 30 -> Oct 1-7 off -> Thu Oct 8 (1), Fri Oct 9 (2), Sat Oct 10 make-up (3), [Sun 11], Mon 12 (4).
    assertDue("2026-10-08", false, cal.deadline(local("2026-09-30T14:00"), 1));
    assertDue("2026-10-09", false, cal.deadline(local("2026-09-30T14:00"), 2));
    assertDue("2026-10-10", false, cal.deadline(local("2026-09-30T14:00"), 3));
    assertDue("2026-10-12", false, cal.deadline(local("2026-09-30T14:00"), 4));
    // Fri Sep 18 -> [Sat 19] Sun Sep 20 make-up (1), Mon Sep 21 (2).
    assertDue("2026-09-20", false, cal.deadline(local("2026-09-18T10:00"), 1));
    assertDue("2026-09-21", false, cal.deadline(local("2026-09-18T10:00"), 2));
    // Thu Sep 24 -> Sep 25-27 off (Mid-Autumn) -> Mon 28 (1), 29 (2), 30 (3), Oct 1-7 off, Oct 8 (4).
    assertDue("2026-09-28", false, cal.deadline(local("2026-09-24T10:00"), 1));
    assertDue("2026-09-30", false, cal.deadline(local("2026-09-24T10:00"), 3));
    assertDue("2026-10-08", false, cal.deadline(local("2026-09-24T10:00"), 4));
    // Received during the holiday: Sat Oct 3 -> Oct 8 is day 1; N=0 also Oct 8.
    assertDue("2026-10-08", false, cal.deadline(local("2026-10-03T09:00"), 1));
    assertDue("2026-10-08", false, cal.deadline(local("2026-10-03T09:00"), 0));
  }

  // ---------------------------------------------------------------------------------------------------------
  // 2025: Spring Festival Jan 28 - Feb 4 (Jan 26 Sun, Feb 8 Sat on); National Day + Mid-Autumn Oct 1-8
  // (Sep 28 Sun, Oct 11 Sat on)
  // ---------------------------------------------------------------------------------------------------------

  @Test
  void springFestival2025() {
    assertEquals(new Day(d("2025-01-26"), true, "春节调休上班", "Spring Festival make-up working day", true, false),
        cal.day(d("2025-01-26")));
    assertEquals(new Day(d("2025-01-28"), false, "春节", "Spring Festival", false, false), cal.day(d("2025-01-28")));
    assertEquals(new Day(d("2025-02-04"), false, "春节", "Spring Festival", false, false), cal.day(d("2025-02-04")));
    assertTrue(cal.isWorkingDay(d("2025-02-05")));
    assertTrue(cal.isWorkingDay(d("2025-02-08")));
    assertFalse(cal.isWorkingDay(d("2025-02-09")));

    // Fri Jan 24 -> [Sat 25] Sun 26 make-up (1), Mon 27 (2), Jan 28 - Feb 4 off, Wed Feb 5 (3), Thu 6 (4),
    // Fri 7 (5), Sat 8 make-up (6), [Sun 9], Mon 10 (7).
    Instant jan24 = local("2025-01-24T15:00");
    assertDue("2025-01-26", false, cal.deadline(jan24, 1));
    assertDue("2025-01-27", false, cal.deadline(jan24, 2));
    assertDue("2025-02-05", false, cal.deadline(jan24, 3));
    assertDue("2025-02-08", false, cal.deadline(jan24, 6));
    assertDue("2025-02-10", false, cal.deadline(jan24, 7));
    // Received Mon Jan 27 after hours, N=0 -> next working day is Feb 5.
    assertDue("2025-02-05", false, cal.deadline(local("2025-01-27T20:00"), 0));
  }

  @Test
  void nationalDay2025() {
    assertEquals(new Day(d("2025-09-28"), true, "国庆节、中秋节调休上班",
        "National Day and Mid-Autumn Festival make-up working day", true, false), cal.day(d("2025-09-28")));
    for (LocalDate date = d("2025-10-01"); !date.isAfter(d("2025-10-08")); date = date.plusDays(1)) {
      assertEquals(new Day(date, false, "国庆节、中秋节", "National Day and Mid-Autumn Festival", false, false),
          cal.day(date), date.toString());
    }
    assertTrue(cal.day(d("2025-10-11")).makeUpWorkday());

    // Fri Sep 26 -> [Sat 27] Sun 28 make-up (1), Mon 29 (2), Tue 30 (3), Oct 1-8 off, Thu Oct 9 (4).
    Instant sep26 = local("2025-09-26T11:00");
    assertDue("2025-09-28", false, cal.deadline(sep26, 1));
    assertDue("2025-09-30", false, cal.deadline(sep26, 3));
    assertDue("2025-10-09", false, cal.deadline(sep26, 4));
    // Tue Sep 30 -> Thu Oct 9 (1), Fri Oct 10 (2), Sat Oct 11 make-up (3), [Sun 12], Mon Oct 13 (4).
    Instant sep30 = local("2025-09-30T11:00");
    assertDue("2025-10-09", false, cal.deadline(sep30, 1));
    assertDue("2025-10-11", false, cal.deadline(sep30, 3));
    assertDue("2025-10-13", false, cal.deadline(sep30, 4));
  }

  @Test
  void crossingFrom2025Into2026() {
    // Wed Dec 31 2025 -> Jan 1-3 2026 off, Sun Jan 4 make-up (1), Mon Jan 5 (2). Both years have files.
    assertDue("2026-01-04", false, cal.deadline(local("2025-12-31T10:00"), 1));
    assertDue("2026-01-05", false, cal.deadline(local("2025-12-31T10:00"), 2));
  }

  // ---------------------------------------------------------------------------------------------------------
  // N = 0 and the hour of receipt
  // ---------------------------------------------------------------------------------------------------------

  @Test
  void sameDayBeforeAtAndAfterBusinessDayEnd() {
    assertDue("2026-11-30", false, cal.deadline(local("2026-11-30T10:00"), 0));
    assertDue("2026-11-30", false, cal.deadline(local("2026-11-30T17:30"), 0)); // exactly at the end: same day
    assertDue("2026-12-01", false, cal.deadline(local("2026-11-30T17:30:01"), 0));
    assertDue("2026-12-01", false, cal.deadline(local("2026-11-30T18:00"), 0));
    assertDue("2026-12-01", false, cal.deadline(local("2026-11-30T23:59:59"), 0));
    assertDue("2026-11-30", false, cal.deadline(local("2026-11-30T00:00"), 0));
  }

  @Test
  void sameDayOnWeekendOrAfterHoursOnFriday() {
    assertDue("2026-11-30", false, cal.deadline(local("2026-11-28T10:00"), 0)); // Saturday
    assertDue("2026-11-30", false, cal.deadline(local("2026-11-29T08:00"), 0)); // Sunday
    assertDue("2026-11-30", false, cal.deadline(local("2026-11-27T18:00"), 0)); // Friday after hours
    assertDue("2026-11-27", false, cal.deadline(local("2026-11-27T17:00"), 0)); // Friday before the end
    // A make-up Saturday is a working day: N=0 at 10:00 is due that Saturday.
    assertDue("2026-02-14", false, cal.deadline(local("2026-02-14T10:00"), 0));
    // ... but after hours it rolls over the whole Spring Festival.
    assertDue("2026-02-24", false, cal.deadline(local("2026-02-14T17:45"), 0));
  }

  @Test
  void hourOfReceiptDoesNotMatterForPositiveN() {
    assertDue("2026-12-01", false, cal.deadline(local("2026-11-30T00:00"), 1));
    assertDue("2026-12-01", false, cal.deadline(local("2026-11-30T17:30"), 1));
    assertDue("2026-12-01", false, cal.deadline(local("2026-11-30T23:59:59"), 1));
    // Mon Nov 30 + 5 -> Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 Dec.
    assertDue("2026-12-07", false, cal.deadline(local("2026-11-30T20:00"), 5));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Time zone: the local date in Asia/Shanghai counts, not the UTC date
  // ---------------------------------------------------------------------------------------------------------

  @Test
  void receiptJustAfterLocalMidnightGivenInUtc() {
    // 2026-02-12T16:30Z is Fri 2026-02-13 00:30 in Shanghai: Sat Feb 14 (1), Tue Feb 24 (2).
    // (Counting from the UTC date, Thu Feb 12, would wrongly give Feb 14.)
    Deadline dl = cal.deadline(Instant.parse("2026-02-12T16:30:00Z"), 2);
    assertDue("2026-02-24", false, dl);
    assertEquals("2026-02-24T17:30+08:00", dl.due().toOffsetDateTime().toString());
    assertEquals(SHANGHAI, dl.due().getZone());

    // 2026-11-27T16:05Z is Sat 2026-11-28 00:05 in Shanghai: N=0 -> Mon Nov 30.
    // (The UTC reading, Fri Nov 27 16:05, would wrongly be due the same Friday.)
    assertDue("2026-11-30", false, cal.deadline(Instant.parse("2026-11-27T16:05:00Z"), 0));

    // 2026-11-30T09:45Z is Mon 17:45 in Shanghai, after the business day: N=0 -> Tue Dec 1.
    assertDue("2026-12-01", false, cal.deadline(Instant.parse("2026-11-30T09:45:00Z"), 0));
    // 2026-11-30T09:30Z is exactly 17:30 in Shanghai: same day.
    assertDue("2026-11-30", false, cal.deadline(Instant.parse("2026-11-30T09:30:00Z"), 0));
  }

  @Test
  void otherZoneAndBusinessDayEnd() {
    WorkingCalendar utc = WorkingCalendar.load(CALENDAR_DIR, ZoneId.of("UTC"), LocalTime.of(18, 0));
    // 2026-02-12T16:30Z is still Thu Feb 12 in UTC: Feb 13 (1), Feb 14 (2), due 18:00 UTC.
    Deadline dl = utc.deadline(Instant.parse("2026-02-12T16:30:00Z"), 2);
    assertEquals(ZonedDateTime.of(d("2026-02-14"), LocalTime.of(18, 0), ZoneId.of("UTC")), dl.due());
    assertFalse(dl.provisional());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Years without a file
  // ---------------------------------------------------------------------------------------------------------

  @Test
  void yearWithoutFileCountsWeekdaysAndIsProvisional() {
    assertFalse(cal.years().contains(2027));
    // Fri Mar 5 2027 -> Mon 8 (1), Tue 9 (2), Wed 10 (3).
    assertDue("2027-03-10", true, cal.deadline(local("2027-03-05T10:00"), 3));
    // Fri Jan 1 2027 is a weekday: without a file it counts as a working day (provisionally).
    assertEquals(new Day(d("2027-01-01"), true, null, null, false, true), cal.day(d("2027-01-01")));
    assertEquals(new Day(d("2027-01-02"), false, null, null, false, true), cal.day(d("2027-01-02")));
    assertTrue(cal.isWorkingDay(d("2027-01-01")));
    assertFalse(cal.isWorkingDay(d("2027-01-03")));
    // N=0 on a weekday in 2027 before the end of the business day: same day, provisional.
    assertDue("2027-03-05", true, cal.deadline(local("2027-03-05T10:00"), 0));
  }

  @Test
  void crossingFrom2026Into2027IsProvisional() {
    // Wed Dec 30 2026 -> Thu Dec 31 (1) stays in 2026: not provisional.
    assertDue("2026-12-31", false, cal.deadline(local("2026-12-30T10:00"), 1));
    // ... Fri Jan 1 2027 (2) lies in a year without a file: provisional.
    assertDue("2027-01-01", true, cal.deadline(local("2026-12-30T10:00"), 2));
    // Thu Dec 31 2026 -> Fri Jan 1 2027 (1), [Sat 2, Sun 3], Mon Jan 4 (2).
    assertDue("2027-01-01", true, cal.deadline(local("2026-12-31T10:00"), 1));
    assertDue("2027-01-04", true, cal.deadline(local("2026-12-31T10:00"), 2));
    // N=0 on Dec 31 2026 before 17:30 looks only at Dec 31: not provisional.
    assertDue("2026-12-31", false, cal.deadline(local("2026-12-31T10:00"), 0));
    // ... after 17:30 it moves into 2027: provisional.
    assertDue("2027-01-01", true, cal.deadline(local("2026-12-31T18:00"), 0));
  }

  @Test
  void receiptInYearWithoutFileIsProvisionalEvenIfDueInKnownYear() {
    // Tue Dec 31 2024 (no file) -> Jan 1 2025 off -> Thu Jan 2 2025 (1).
    assertDue("2025-01-02", true, cal.deadline(local("2024-12-31T10:00"), 1));
  }

  @Test
  void missingDirectoryMeansEverythingProvisional(@TempDir Path tmp) {
    WorkingCalendar empty = WorkingCalendar.load(tmp.resolve("does-not-exist"), SHANGHAI, END);
    assertTrue(empty.years().isEmpty());
    // Without files the Spring Festival is unknown: Thu Feb 12 -> Fri 13 (1), Mon 16 (2).
    assertDue("2026-02-16", true, empty.deadline(local("2026-02-12T10:00"), 2));
    assertTrue(empty.day(d("2026-02-16")).provisional());
    assertTrue(empty.isWorkingDay(d("2026-02-16")));
  }

  // ---------------------------------------------------------------------------------------------------------
  // days()
  // ---------------------------------------------------------------------------------------------------------

  @Test
  void daysListsNamesAndMakeUpDays() {
    List<Day> days = cal.days(d("2026-02-13"), d("2026-02-24"));
    assertEquals(12, days.size());
    assertEquals(new Day(d("2026-02-13"), true, null, null, false, false), days.get(0));
    assertEquals(new Day(d("2026-02-14"), true, "春节调休上班", "Spring Festival make-up working day", true, false),
        days.get(1));
    for (int i = 2; i <= 10; i++) {
      Day day = days.get(i);
      assertEquals(d("2026-02-13").plusDays(i), day.date());
      assertFalse(day.working());
      assertEquals("春节", day.holiday());
      assertEquals("Spring Festival", day.holidayEn());
      assertFalse(day.makeUpWorkday());
    }
    assertEquals(new Day(d("2026-02-24"), true, null, null, false, false), days.get(11));

    List<Day> newYear = cal.days(d("2025-12-31"), d("2026-01-05"));
    assertEquals(List.of(
        new Day(d("2025-12-31"), true, null, null, false, false),
        new Day(d("2026-01-01"), false, "元旦", "New Year's Day", false, false),
        new Day(d("2026-01-02"), false, "元旦", "New Year's Day", false, false),
        new Day(d("2026-01-03"), false, "元旦", "New Year's Day", false, false),
        new Day(d("2026-01-04"), true, "元旦调休上班", "New Year's Day make-up working day", true, false),
        new Day(d("2026-01-05"), true, null, null, false, false)), newYear);

    List<Day> single = cal.days(d("2026-05-09"), d("2026-05-09"));
    assertEquals(List.of(new Day(d("2026-05-09"), true, "劳动节调休上班", "Labour Day make-up working day", true,
        false)), single);

    List<Day> intoUnknown = cal.days(d("2026-12-31"), d("2027-01-02"));
    assertFalse(intoUnknown.get(0).provisional());
    assertTrue(intoUnknown.get(1).provisional());
    assertNull(intoUnknown.get(1).holiday());
  }

  @Test
  void daysRejectsBadRanges() {
    assertThrows(IllegalArgumentException.class, () -> cal.days(d("2026-02-24"), d("2026-02-13")));
    // 366 days apart (367 entries) is the limit; 367 apart is rejected.
    assertEquals(367, cal.days(d("2026-01-01"), d("2027-01-02")).size());
    assertThrows(IllegalArgumentException.class, () -> cal.days(d("2026-01-01"), d("2027-01-03")));
  }

  @Test
  void deadlineRejectsBadWorkingDays() {
    Instant now = local("2026-03-02T10:00");
    assertThrows(IllegalArgumentException.class, () -> cal.deadline(now, -1));
    assertThrows(IllegalArgumentException.class, () -> cal.deadline(now, 61));
    // 60 is allowed. Mon Mar 2 2026 + 60 working days: Mar 3..31 has 21 (3-6, 9-13, 16-20, 23-27, 30-31),
    // Apr 1-30 has 21 (Apr 6 off), so 42 by Apr 30; May 1-5 off, May 6, 7, 8, 9 (make-up), 11..15, 18..22
    // = 4+5+5 = 14 -> 56 by May 22; May 25, 26, 27, 28 -> 60.
    assertDue("2026-05-28", false, cal.deadline(now, 60));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Malformed files
  // ---------------------------------------------------------------------------------------------------------

  private static final String GOOD_2026 = """
      year: 2026
      source: test
      holidays:
        - name: 春节
          nameEn: Spring Festival
          from: 2026-02-15
          to: 2026-02-23
      makeUpWorkdays:
        - date: 2026-02-14
          name: 春节调休上班
          nameEn: Spring Festival make-up working day
      """;

  private static IllegalArgumentException loadRejects(Path dir, String fileName, String yaml) throws IOException {
    Files.writeString(dir.resolve(fileName), yaml, StandardCharsets.UTF_8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WorkingCalendar.load(dir, SHANGHAI, END));
    assertTrue(e.getMessage().contains(fileName), "message names the file: " + e.getMessage());
    return e;
  }

  private static void assertMessageContains(IllegalArgumentException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  @Test
  void goodTestFileLoads(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("CN-2026.yaml"), GOOD_2026, StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("notes.txt"), "not a calendar", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("cn-2027.yaml"), "garbage: [", StandardCharsets.UTF_8); // name does not match
    WorkingCalendar c = WorkingCalendar.load(tmp, SHANGHAI, END);
    assertEquals(Set.of(2026), c.years());
    assertDue("2026-02-24", false, c.deadline(local("2026-02-13T10:00"), 2));
  }

  @Test
  void rejectsDateOutsideTheFilesYear(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml",
        GOOD_2026.replace("to: 2026-02-23", "to: 2027-01-02"));
    assertMessageContains(e, "2027-01-02", "outside", "2026");
  }

  @Test
  void rejectsMakeUpDayOutsideTheFilesYear(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml",
        GOOD_2026.replace("date: 2026-02-14", "date: 2025-02-15"));
    assertMessageContains(e, "2025-02-15", "outside");
  }

  @Test
  void rejectsDateBothHolidayAndMakeUpDay(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml",
        GOOD_2026.replace("date: 2026-02-14", "date: 2026-02-21"));
    assertMessageContains(e, "2026-02-21", "both");
  }

  @Test
  void rejectsFromAfterTo(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml",
        GOOD_2026.replace("from: 2026-02-15", "from: 2026-02-25"));
    assertMessageContains(e, "2026-02-25", "after", "2026-02-23");
  }

  @Test
  void rejectsOverlappingHolidays(@TempDir Path tmp) throws IOException {
    String yaml = GOOD_2026.replace("makeUpWorkdays:", """
          - name: 另一个
            nameEn: Another
            from: 2026-02-20
            to: 2026-02-26
        makeUpWorkdays:""");
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml", yaml);
    assertMessageContains(e, "overlaps");
  }

  @Test
  void rejectsMakeUpDayOnAWeekday(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml",
        GOOD_2026.replace("date: 2026-02-14", "date: 2026-02-12"));
    assertMessageContains(e, "2026-02-12", "weekend");
  }

  @Test
  void rejectsDuplicateMakeUpDay(@TempDir Path tmp) throws IOException {
    String yaml = GOOD_2026 + """
          - date: 2026-02-14
            name: 重复
            nameEn: Duplicate
        """;
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml", yaml);
    assertMessageContains(e, "2026-02-14", "already listed");
  }

  @Test
  void rejectsInvalidDate(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml",
        GOOD_2026.replace("to: 2026-02-23", "to: 2026-02-30"));
    assertMessageContains(e, "2026-02-30", "not a date");
  }

  @Test
  void rejectsBrokenYamlSyntax(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml", "year: 2026\nholidays: [\n  - name: x\n");
    assertMessageContains(e, "not valid YAML");
  }

  @Test
  void rejectsEmptyFile(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml", "");
    assertMessageContains(e, "empty");
  }

  @Test
  void rejectsUnknownKey(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml",
        GOOD_2026.replace("makeUpWorkdays:", "makeupWorkdays:"));
    assertMessageContains(e, "unknown key 'makeupWorkdays'");
  }

  @Test
  void rejectsMissingYearAndMissingField(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2026.yaml", GOOD_2026.replace("year: 2026\n", ""));
    assertMessageContains(e, "missing 'year'");
    IllegalArgumentException e2 = loadRejects(tmp, "CN-2026.yaml",
        GOOD_2026.replace("    nameEn: Spring Festival\n", ""));
    assertMessageContains(e2, "holidays[0]", "missing 'nameEn'");
  }

  @Test
  void rejectsFileNameYearMismatch(@TempDir Path tmp) throws IOException {
    IllegalArgumentException e = loadRejects(tmp, "CN-2027.yaml", GOOD_2026);
    assertMessageContains(e, "2026");
  }

  @Test
  void rejectsTwoFilesForTheSameYear(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("CN-2026.yaml"), GOOD_2026, StandardCharsets.UTF_8);
    IllegalArgumentException e = loadRejects(tmp, "HK-2026.yaml", GOOD_2026);
    assertMessageContains(e, "CN-2026.yaml");
  }

  @Test
  void parseNamesTheFileAndOfRejectsDuplicateYears() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> YearCalendar.parse(new StringReader("year: twenty\nsource: x\n"), "XX-2026.yaml"));
    assertMessageContains(e, "XX-2026.yaml", "twenty", "not a number");

    YearCalendar y = YearCalendar.parse(new StringReader(GOOD_2026), "CN-2026.yaml");
    assertThrows(IllegalArgumentException.class, () -> WorkingCalendar.of(List.of(y, y), SHANGHAI, END));
  }

  @Test
  void workingDaysLeftCountOnlyWorkingDaysBothWays() {
    // Around National Day 2026: the week of 10-01 off, Saturday 10-10 a make-up working day.
    assertEquals(0, cal.workingDaysLeft(LocalDate.of(2026, 9, 25), LocalDate.of(2026, 9, 25)));
    assertEquals(0, cal.workingDaysLeft(LocalDate.of(2026, 9, 25), LocalDate.of(2026, 9, 27)), "the weekend does not count");
    assertEquals(1, cal.workingDaysLeft(LocalDate.of(2026, 10, 9), LocalDate.of(2026, 10, 10)), "a make-up Saturday counts");
    assertEquals(2, cal.workingDaysLeft(LocalDate.of(2026, 10, 9), LocalDate.of(2026, 10, 12)));
    assertEquals(4, cal.workingDaysLeft(LocalDate.of(2026, 9, 25), LocalDate.of(2026, 10, 8)),
        "28th, 29th, 30th and the 8th: the holiday week does not count");
    assertEquals(-4, cal.workingDaysLeft(LocalDate.of(2026, 10, 8), LocalDate.of(2026, 9, 25)));
    assertEquals(0, cal.workingDaysLeft(LocalDate.of(2026, 10, 3), LocalDate.of(2026, 10, 1)), "no working day between");
  }
}
