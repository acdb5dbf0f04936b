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
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calendar in force, reloadable from its directory while the service runs (calendars are data: a new year's
 * file or a late change of the State Council's arrangements needs no restart). A year uploaded by an admin (kept in
 * the database, see {@link CalendarService}) wins over the shipped file of that year.
 */
public final class CalendarSource implements Supplier<WorkingCalendar> {

  private static final Logger LOG = LoggerFactory.getLogger(CalendarSource.class);

  /**
   * One year's arrangement and where it came from: {@code file} (the calendar directory's, or the build's bundled
   * copy) or {@code upload} (an admin's upload, with when it was uploaded).
   */
  public record Year(YearCalendar calendar, String origin, String fileName, Instant uploadedAt) {

    public static final String FILE = "file";
    public static final String UPLOAD = "upload";
  }

  /** What is in force: the files read last, the uploads known last, and the calendar they make together. */
  private record State(Map<Integer, Year> files, Map<Integer, Year> uploads, Map<Integer, Year> years, WorkingCalendar calendar) {
  }

  private final Path dir;
  private final ZoneId zone;
  private final LocalTime businessDayEnd;
  private final AtomicReference<State> current;

  public CalendarSource(Path dir, ZoneId zone, LocalTime businessDayEnd) {
    this.dir = dir;
    this.zone = zone;
    this.businessDayEnd = businessDayEnd;
    this.current = new AtomicReference<>(state(loadFiles(), Map.of()));
  }

  public static CalendarSource from(Config config) {
    return new CalendarSource(Path.of(config.string("calendar.dir", "config/calendar")),
        ZoneId.of(config.string("calendar.zone", "Asia/Shanghai")),
        config.time("calendar.business-day-end", LocalTime.of(17, 30)));
  }

  private State state(Map<Integer, Year> files, Map<Integer, Year> uploads) {
    Map<Integer, Year> years = new TreeMap<>(files);
    years.putAll(uploads);
    WorkingCalendar calendar = WorkingCalendar.of(years.values().stream().map(Year::calendar).toList(), zone, businessDayEnd);
    return new State(Map.copyOf(files), Map.copyOf(uploads), Map.copyOf(years), calendar);
  }

  /** The files in the directory; without the directory, the calendars bundled in the jar. */
  private Map<Integer, Year> loadFiles() {
    Map<Integer, Year> years = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      WorkingCalendar.read(dir).forEach((name, calendar) -> years.put(calendar.year(), new Year(calendar, Year.FILE, name, null)));
      LOG.info("Loaded working-day calendars for years {} from {}", years.keySet(), dir.toAbsolutePath());
      return years;
    }
    for (int year = 2000; year <= 2100; year++) {
      String name = "/config/calendar/CN-" + year + ".yaml";
      try (InputStream in = CalendarSource.class.getResourceAsStream(name)) {
        if (in != null) {
          YearCalendar calendar = YearCalendar.parse(new InputStreamReader(in, StandardCharsets.UTF_8), "classpath:" + name);
          years.put(calendar.year(), new Year(calendar, Year.FILE, "CN-" + year + ".yaml", null));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    LOG.warn("calendar directory {} not found: using the calendars bundled with this build [years: {}]", dir.toAbsolutePath(),
        years.keySet());
    return years;
  }

  @Override
  public WorkingCalendar get() {
    return current.get().calendar();
  }

  public ZoneId zone() {
    return zone;
  }

  /** The arrangement in force for a year and where it came from; empty for a year without one (provisional). */
  public Optional<Year> year(int year) {
    return Optional.ofNullable(current.get().years().get(year));
  }

  /** The year's shipped file (the directory's or the bundled one), whether or not an upload replaces it. */
  public Optional<Year> file(int year) {
    return Optional.ofNullable(current.get().files().get(year));
  }

  /** Puts these uploaded years in force over the files (no I/O: the files read last stay). */
  void useUploads(Map<Integer, Year> uploads) {
    current.updateAndGet(s -> state(s.files(), uploads));
  }

  /** Reads the files again on a worker; a malformed file fails the reload and keeps the calendar in force. */
  public Future<WorkingCalendar> reload(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      Map<Integer, Year> files = loadFiles();
      return current.updateAndGet(s -> state(files, s.uploads())).calendar();
    }, false);
  }
}
