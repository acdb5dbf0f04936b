package hotline.calendar;

import hotline.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calendar in force, reloadable from its directory while the service runs (calendars are data: a new year's
 * file or a late change of the State Council's arrangements needs no restart).
 */
public final class CalendarSource implements Supplier<WorkingCalendar> {

  private static final Logger LOG = LoggerFactory.getLogger(CalendarSource.class);

  private final Path dir;
  private final ZoneId zone;
  private final LocalTime businessDayEnd;
  private final AtomicReference<WorkingCalendar> current;

  public CalendarSource(Path dir, ZoneId zone, LocalTime businessDayEnd) {
    this.dir = dir;
    this.zone = zone;
    this.businessDayEnd = businessDayEnd;
    this.current = new AtomicReference<>(load());
  }

  public static CalendarSource from(Config config) {
    return new CalendarSource(Path.of(config.string("calendar.dir", "config/calendar")),
        ZoneId.of(config.string("calendar.zone", "Asia/Shanghai")),
        config.time("calendar.business-day-end", LocalTime.of(17, 30)));
  }

  /** The files in the directory; without the directory, the calendars bundled in the jar. */
  private WorkingCalendar load() {
    if (Files.isDirectory(dir)) {
      return WorkingCalendar.load(dir, zone, businessDayEnd);
    }
    List<YearCalendar> bundled = new ArrayList<>();
    for (int year = 2000; year <= 2100; year++) {
      String name = "/config/calendar/CN-" + year + ".yaml";
      try (InputStream in = CalendarSource.class.getResourceAsStream(name)) {
        if (in != null) {
          bundled.add(YearCalendar.parse(new InputStreamReader(in, StandardCharsets.UTF_8), "classpath:" + name));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    LOG.warn("calendar directory {} not found: using the calendars bundled with this build [years: {}]", dir.toAbsolutePath(),
        bundled.stream().map(YearCalendar::year).toList());
    return WorkingCalendar.of(bundled, zone, businessDayEnd);
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
      WorkingCalendar fresh = load();
      current.set(fresh);
      return fresh;
    }, false);
  }
}
