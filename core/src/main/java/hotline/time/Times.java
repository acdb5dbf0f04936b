package hotline.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Instants as the database wants them (UTC offset date-times) and as people read them (the centre's zone). */
public final class Times {

  private Times() {
  }

  public static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** ISO-8601 with the zone's offset, e.g. {@code 2026-02-24T17:30+08:00}; null stays null. */
  public static String iso(OffsetDateTime t, ZoneId zone) {
    return t == null ? null : t.atZoneSameInstant(zone).toOffsetDateTime().toString();
  }
}
