package hotline.calendar;

import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A computed working-day deadline.
 *
 * @param due         the end of the business day on which the time limit expires, in the calendar's zone
 * @param provisional true if any date from the receipt date through the due date lies in a year that has no
 *                    calendar file, so the result may move once that year's holidays are published
 */
public record Deadline(ZonedDateTime due, boolean provisional) {

  public Deadline {
    Objects.requireNonNull(due, "due");
  }
}
