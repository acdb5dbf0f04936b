package hotline.calendar;

import hotline.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The calendar in force, reloadable from its directory while the service runs (calendars are data: a new year's
 * file or a late change of the State Council's arrangements needs no restart).
 */
public final class CalendarSource implements Supplier<WorkingCalendar> {

  private final Path dir;
  private final ZoneId zone;
  private final LocalTime businessDayEnd;
  private final AtomicReference<WorkingCalendar> current;

  public CalendarSource(Path dir, ZoneId zone, LocalTime businessDayEnd) {
    this.dir = dir;
    this.zone = zone;
    this.businessDayEnd = businessDayEnd;
    this.current = new AtomicReference<>(WorkingCalendar.load(dir, zone, businessDayEnd));
  }

  public static CalendarSource from(Config config) {
    return new CalendarSource(Path.of(config.string("calendar.dir", "config/calendar")),
        ZoneId.of(config.string("calendar.zone", "Asia/Shanghai")),
        config.time("calendar.business-day-end", LocalTime.of(17, 30)));
  }

  @Override
  public WorkingCalendar get() {
    return current.get();
  }

  public ZoneId zone() {
    return zone;
  }

  /** Reads the files again on a worker; a malformed file fails the reload and keeps the calendar in force. */
  public Future<WorkingCalendar> reload(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      WorkingCalendar fresh = WorkingCalendar.load(dir, zone, businessDayEnd);
      current.set(fresh);
      return fresh;
    }, false);
  }
}
