package hotline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.calendar.WorkingCalendar;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The per-dispatch definitions around the 2026 Spring Festival (15–23 February off, 14 and 28 February worked). */
class DispatchFactsTest {

  static final WorkingCalendar CAL = WorkingCalendar.load(Path.of("../config/calendar"), ZoneId.of("Asia/Shanghai"), LocalTime.of(17, 30));
  static final DispatchFacts FACTS = DispatchFacts.over(CAL, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31));

  static Instant at(String t) {
    return t == null ? null : OffsetDateTime.parse(t).toInstant();
  }

  static DispatchFacts.Times d(String sent, String received, String due, String feedback, String superseded) {
    return new DispatchFacts.Times(at(sent), at(received), at(due), at(feedback), at(superseded));
  }

  @Test
  void receiptWithinTheFirstWorkingDayAfterSending() {
    // Sent Friday 13 Feb: the first working day after is the make-up Saturday 14th.
    assertTrue(FACTS.receiptWithinDay(d("2026-02-13T16:00+08:00", "2026-02-14T17:30+08:00", "2026-02-24T17:30+08:00", null, null)));
    assertFalse(FACTS.receiptWithinDay(d("2026-02-13T16:00+08:00", "2026-02-14T17:31+08:00", "2026-02-24T17:30+08:00", null, null)));
    assertFalse(FACTS.receiptWithinDay(d("2026-02-13T16:00+08:00", null, "2026-02-24T17:30+08:00", null, null)));
  }

  @Test
  void lateCountsWorkingDaysAfterTheDeadlineDay() {
    Instant now = at("2026-03-10T12:00+08:00");
    DispatchFacts.Times sameEvening = d("2026-02-12T09:00+08:00", null, "2026-02-13T17:30+08:00", "2026-02-13T20:00+08:00", null);
    assertTrue(DispatchFacts.overdue(sameEvening, now));
    assertEquals(0, FACTS.workingDaysLate(sameEvening, now));
    // No feedback: 14 Feb, 24–28 Feb (28th worked), 2–6 and 9–10 Mar.
    DispatchFacts.Times none = d("2026-02-12T09:00+08:00", null, "2026-02-13T17:30+08:00", null, null);
    assertEquals(13, FACTS.workingDaysLate(none, now));
    // Replaced by a further round on Wednesday 25 Feb: counted up to that day only.
    DispatchFacts.Times superseded = d("2026-02-12T09:00+08:00", null, "2026-02-13T17:30+08:00", null, "2026-02-25T10:00+08:00");
    assertEquals(3, FACTS.workingDaysLate(superseded, now));
    DispatchFacts.Times onTime = d("2026-02-12T09:00+08:00", null, "2026-02-13T17:30+08:00", "2026-02-13T17:30+08:00", null);
    assertTrue(DispatchFacts.onTime(onTime));
    assertEquals(0, FACTS.workingDaysLate(onTime, now));
    // Not yet due: neither on time nor overdue.
    DispatchFacts.Times open = d("2026-03-10T09:00+08:00", null, "2026-03-12T17:30+08:00", null, null);
    assertFalse(DispatchFacts.onTime(open) || DispatchFacts.overdue(open, now));
  }

  @Test
  void handlingDaysFromTheReceiptOrTheSending() {
    assertEquals(0, FACTS.handlingDays(d("2026-02-12T09:00+08:00", "2026-02-12T10:00+08:00", "2026-02-14T17:30+08:00", "2026-02-12T16:00+08:00", null)));
    // Received Friday 13th, answered Tuesday 24th: 14 Feb and 24 Feb.
    assertEquals(2, FACTS.handlingDays(d("2026-02-12T09:00+08:00", "2026-02-13T10:00+08:00", "2026-02-24T17:30+08:00", "2026-02-24T16:00+08:00", null)));
    // Implied receipt (at the feedback): from the sending.
    assertEquals(3, FACTS.handlingDays(d("2026-02-12T09:00+08:00", "2026-02-24T16:00+08:00", "2026-02-24T17:30+08:00", "2026-02-24T16:00+08:00", null)));
    assertEquals(-1, FACTS.handlingDays(d("2026-02-12T09:00+08:00", null, "2026-02-24T17:30+08:00", null, null)));
    // Outside the precomputed dates: the same answer, counted day by day.
    DispatchFacts narrow = DispatchFacts.over(CAL, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2));
    assertEquals(2, narrow.handlingDays(d("2026-02-12T09:00+08:00", "2026-02-13T10:00+08:00", "2026-02-24T17:30+08:00", "2026-02-24T16:00+08:00", null)));
  }
}
