package hotline.stats;

import hotline.calendar.WorkingCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * What a dispatch's times say, in the words of the bulletin and of the quarterly scores: the one place these
 * definitions live (the bulletin's "definitions" section states them for readers). Instances are cheap and
 * thread-safe; build one for the dates a computation spans ({@link #over}) and ask it per dispatch.
 *
 * <ul>
 *   <li><b>receipt within a working day</b>: the unit's receipt ({@code received_at}, a receipt implied by the feedback
 *   included) no later than the end of the business day of the first working day after the day of sending
 *   ({@code WorkingCalendar.deadline(dispatched_at, 1)});</li>
 *   <li><b>on time</b>: feedback no later than the deadline {@code due_at} (extensions included);</li>
 *   <li><b>overdue</b>: no feedback by the deadline: feedback later, or none yet and the deadline has passed;</li>
 *   <li><b>working days late</b> (of an overdue dispatch): the working days after the deadline's day up to and including
 *   the feedback's day, or today without feedback, or the day a further round replaced it (late the same evening: 0);</li>
 *   <li><b>handling days</b> (of a dispatch with feedback): the whole working days after the day of the receipt (the
 *   sending when there is none) up to and including the feedback's day (same day: 0).</li>
 * </ul>
 */
public final class DispatchFacts {

  /**
   * The times of one dispatch that the facts need; {@code receivedAt} and {@code feedbackAt} may be null;
   * {@code supersededAt}: when a further round replaced it without feedback (the next round's sending), else null.
   */
  public record Times(Instant dispatchedAt, Instant receivedAt, Instant dueAt, Instant feedbackAt, Instant supersededAt) {

    public Times(Instant dispatchedAt, Instant receivedAt, Instant dueAt, Instant feedbackAt) {
      this(dispatchedAt, receivedAt, dueAt, feedbackAt, null);
    }
  }

  /**
   * The SQL of {@link Times#supersededAt} for the dispatches row {@code d} (an alias with {@code status},
   * {@code case_id} and {@code round}): the sending of the next round when one replaced it, else null.
   */
  public static String supersededAtSql(String d) {
    return "CASE WHEN " + d + ".status = 'superseded' THEN (SELECT n.dispatched_at FROM dispatches n WHERE n.case_id = "
        + d + ".case_id AND n.round = " + d + ".round + 1) END";
  }

  private final WorkingCalendar calendar;
  private final LocalDate first;
  /** {@code ordinal[i]}: working days from {@code first} through {@code first + i}. */
  private final int[] ordinal;

  private DispatchFacts(WorkingCalendar calendar, LocalDate first, LocalDate last) {
    this.calendar = calendar;
    this.first = first;
    int days = (int) ChronoUnit.DAYS.between(first, last) + 1;
    ordinal = new int[Math.max(days, 1)];
    int n = 0;
    for (int i = 0; i < days; i++) {
      if (calendar.isWorkingDay(first.plusDays(i))) {
        n++;
      }
      ordinal[i] = n;
    }
  }

  /** Facts about dispatches whose dates (sending to today) lie within {@code first}..{@code last}; others are counted slower. */
  public static DispatchFacts over(WorkingCalendar calendar, LocalDate first, LocalDate last) {
    return new DispatchFacts(calendar, first, last.isBefore(first) ? first : last);
  }

  public boolean receiptWithinDay(Times d) {
    return d.receivedAt() != null && !d.receivedAt().isAfter(calendar.deadline(d.dispatchedAt(), 1).due().toInstant());
  }

  public static boolean onTime(Times d) {
    return d.feedbackAt() != null && !d.feedbackAt().isAfter(d.dueAt());
  }

  /** Overdue as of {@code now}: feedback after the deadline, or none and the deadline past. */
  public static boolean overdue(Times d, Instant now) {
    return d.feedbackAt() != null ? d.feedbackAt().isAfter(d.dueAt()) : now.isAfter(d.dueAt());
  }

  /** Working days late as of {@code now}; 0 when not overdue. */
  public int workingDaysLate(Times d, Instant now) {
    if (!overdue(d, now)) {
      return 0;
    }
    Instant end = d.feedbackAt() != null ? d.feedbackAt() : d.supersededAt() != null && d.supersededAt().isBefore(now) ? d.supersededAt() : now;
    return workingDaysAfter(day(d.dueAt()), day(end));
  }

  /** Handling days of a dispatch with feedback; -1 without. */
  public int handlingDays(Times d) {
    if (d.feedbackAt() == null) {
      return -1;
    }
    Instant start = d.receivedAt() != null && d.receivedAt().isBefore(d.feedbackAt()) ? d.receivedAt() : d.dispatchedAt();
    return workingDaysAfter(day(start), day(d.feedbackAt()));
  }

  private LocalDate day(Instant t) {
    return t.atZone(calendar.zone()).toLocalDate();
  }

  /** Working days {@code d} with {@code a < d <= b}; 0 when {@code b} is not after {@code a}. */
  public int workingDaysAfter(LocalDate a, LocalDate b) {
    if (!b.isAfter(a)) {
      return 0;
    }
    long ia = ChronoUnit.DAYS.between(first, a);
    long ib = ChronoUnit.DAYS.between(first, b);
    if (ia >= 0 && ib < ordinal.length) {
      return ordinal[(int) ib] - ordinal[(int) ia];
    }
    int n = 0;
    for (LocalDate d = a.plusDays(1); !d.isAfter(b); d = d.plusDays(1)) {
      if (calendar.isWorkingDay(d)) {
        n++;
      }
    }
    return n;
  }
}
