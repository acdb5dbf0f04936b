package hotline.calendar;

import hotline.Addresses;
import hotline.audit.AuditLog;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calendars as an admin keeps them: a year read with where it came from, and a year's file uploaded when the State
 * Council publishes it. An upload is parsed and checked in full before anything changes; then it is stored in
 * PostgreSQL (so it survives restarts and holds on every node), audited, and every node is told to read the uploaded
 * years again. Deadlines computed before stay as they were; new ones use the new year.
 */
public final class CalendarService {

  private static final Logger LOG = LoggerFactory.getLogger(CalendarService.class);

  /** Largest calendar file taken: a year's file is about 2 KB. */
  public static final int MAX_BYTES = 64 * 1024;
  /** Longest file name kept with an upload. */
  static final int MAX_FILE_NAME = 200;

  private static final String ALL = "SELECT year, file_name, content, uploaded_at FROM calendar_years ORDER BY year";
  private static final String PREVIOUS = "SELECT sha256 FROM calendar_years WHERE year = $1 FOR UPDATE";
  private static final String UPSERT =
      "INSERT INTO calendar_years (year, file_name, content, sha256, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6) "
          + "ON CONFLICT (year) DO UPDATE SET file_name = EXCLUDED.file_name, content = EXCLUDED.content, "
          + "sha256 = EXCLUDED.sha256, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = EXCLUDED.uploaded_at";

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final CalendarSource source;
  private final AuditLog audit;

  public CalendarService(Vertx vertx, Pool pool, Clock clock, CalendarSource source, AuditLog audit) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.source = source;
    this.audit = audit;
  }

  /**
   * Puts the uploaded years in force and listens for uploads on other nodes ({@link Addresses#CALENDAR_CHANGED}): once
   * per node, before it serves.
   */
  public Future<Void> start() {
    return vertx.eventBus().<JsonObject>consumer(Addresses.CALENDAR_CHANGED, m -> refresh()
            .onFailure(t -> LOG.error("cannot read the uploaded calendars after an upload [year: {}]", m.body(), t)))
        .completion()
        .compose(v -> refresh());
  }

  /** Reads the uploaded years from the database and puts them in force over the files. */
  public Future<Void> refresh() {
    return pool.query(ALL).execute().compose(rows -> vertx.executeBlocking(() -> {
      Map<Integer, CalendarSource.Year> uploads = new TreeMap<>();
      for (Row r : rows) {
        int year = r.getInteger("year");
        try {
          YearCalendar calendar = YearCalendar.parse(new StringReader(r.getString("content")), "upload of " + year);
          if (calendar.year() == year) {
            uploads.put(year, new CalendarSource.Year(calendar, CalendarSource.Year.UPLOAD, r.getString("file_name"),
                r.getOffsetDateTime("uploaded_at").toInstant()));
          }
        } catch (IllegalArgumentException e) {
          // Checked when it was uploaded: a row that fails now was changed by hand. The file of that year serves.
          LOG.error("the uploaded calendar of {} cannot be read, the shipped file serves instead: {}", year, e.getMessage());
        }
      }
      source.useUploads(uploads);
      return null;
    }, false)).mapEmpty();
  }

  /** The first and last year an upload is taken for: this year (in the calendar's zone) and the next. */
  public int[] uploadableYears() {
    int now = LocalDate.now(clock.withZone(source.zone())).getYear();
    return new int[] {now, now + 1};
  }

  /**
   * {@code GET /api/calendar/years/{year}}: the year's days (holidays with their names, make-up working days), whether
   * it is provisional (no arrangement published for it yet: weekdays only), and where its arrangement came from.
   */
  public JsonObject year(int year) {
    WorkingCalendar calendar = source.get();
    JsonObject view = new JsonObject().put("year", year);
    CalendarSource.Year y = source.year(year).orElse(null);
    view.put("provisional", y == null);
    if (y != null) {
      YearCalendar c = y.calendar();
      view.put("origin", y.origin()).put("fileName", y.fileName()).put("source", c.source())
          .put("uploadedAt", y.uploadedAt() == null ? null : Times.iso(Times.utc(y.uploadedAt()), source.zone()));
      JsonArray holidays = new JsonArray();
      c.holidays().forEach(h -> holidays.add(new JsonObject().put("name", h.name()).put("nameEn", h.nameEn())
          .put("from", h.from().toString()).put("to", h.to().toString())));
      JsonArray makeUps = new JsonArray();
      c.makeUpWorkdays().forEach(m -> makeUps.add(new JsonObject().put("date", m.date().toString()).put("name", m.name())
          .put("nameEn", m.nameEn())));
      view.put("holidays", holidays).put("makeUpWorkdays", makeUps);
    } else {
      view.put("holidays", new JsonArray()).put("makeUpWorkdays", new JsonArray());
    }
    JsonArray days = new JsonArray();
    for (Day d : calendar.days(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31))) {
      JsonObject day = new JsonObject().put("date", d.date().toString()).put("working", d.working());
      if (d.holiday() != null) {
        day.put("holiday", d.holiday()).put("holidayEn", d.holidayEn());
      }
      if (d.makeUpWorkday()) {
        day.put("makeUpWorkday", true);
      }
      days.add(day);
    }
    int[] open = uploadableYears();
    return view.put("days", days)
        .put("years", new JsonArray(calendar.years().stream().sorted().toList()))
        .put("uploadable", new JsonObject().put("from", open[0]).put("to", open[1]));
  }

  /**
   * {@code PUT /api/calendar/years/{year}}: an admin's upload of the year's file, checked in full first (the format of
   * the shipped files, the right year, dates inside it, names, make-up days on weekends and never holidays, at most
   * {@link #MAX_BYTES}); a bad file answers 422 naming the line and changes nothing. Answers the year as
   * {@link #year} reads it now, with {@code replaced}: what served the year before ({@code file}, {@code upload}, or
   * null).
   */
  public Future<JsonObject> upload(Principal p, int year, String fileName, String content) {
    if (!Permission.CALENDAR_UPLOAD.allows(p)) {
      return Future.failedFuture(Permission.CALENDAR_UPLOAD.refusal());
    }
    int[] open = uploadableYears();
    if (year < open[0] || year > open[1]) {
      return Future.failedFuture(HotlineException.invalidAt("year", "calendar.upload.yearNotOpen", open[0], open[1], year));
    }
    if (content == null) {
      return Future.failedFuture(HotlineException.invalidAt("content", "required", "content"));
    }
    String name = fileName == null || fileName.isBlank() ? null : fileName.strip();
    if (name != null && name.length() > MAX_FILE_NAME) {
      name = name.substring(0, MAX_FILE_NAME);
    }
    String shownName = name;
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BYTES) {
      return Future.failedFuture(rejected(new CalendarFileException(null, null, "calendar.file.tooLarge", bytes.length, MAX_BYTES)));
    }
    String previous = source.year(year).map(CalendarSource.Year::origin).orElse(null);
    return vertx.executeBlocking(() -> check(year, shownName, content), false)
        .compose(calendar -> pool.withTransaction(tx -> tx.preparedQuery(PREVIOUS).execute(Tuple.of(year))
            .compose(before -> tx.preparedQuery(UPSERT).execute(Tuple.of(year, shownName, content, sha256(bytes), p.userId(),
                Times.utc(clock.instant())))
                .compose(x -> audit.append(tx, p.actor(), "calendar.upload", null, new JsonObject().put("year", year)
                    .put("fileName", shownName).put("sha256", sha256(bytes)).put("holidays", calendar.holidays().size())
                    .put("makeUpWorkdays", calendar.makeUpWorkdays().size()).put("replaced", previous)
                    .put("previousSha256", before.size() == 0 ? null : before.iterator().next().getString("sha256")))))))
        .compose(v -> refresh())
        .map(v -> {
          LOG.info("calendar of {} uploaded [by: {}, file: {}, replaced: {}]", year, p.username(), shownName, previous);
          vertx.eventBus().publish(Addresses.CALENDAR_CHANGED, new JsonObject().put("year", year));
          return year(year).put("replaced", previous);
        });
  }

  /** The file parsed and checked as an upload for {@code year}; a failure is the 422 to answer. */
  static YearCalendar check(int year, String fileName, String content) {
    YearCalendar calendar;
    try {
      calendar = YearCalendar.parse(new StringReader(content), fileName);
      Integer named = WorkingCalendar.yearOfFileName(fileName);
      if (calendar.year() != year) {
        throw new CalendarFileException(null, null, "calendar.file.wrongYear", calendar.year(), year);
      }
      if (named != null && named != year) {
        throw new CalendarFileException(null, null, "calendar.file.nameYear", fileName, named, calendar.year());
      }
      if (calendar.holidays().isEmpty()) {
        throw new CalendarFileException(null, null, "calendar.file.noHolidays");
      }
    } catch (CalendarFileException e) {
      throw rejected(e);
    } catch (IllegalArgumentException e) {
      // What the records themselves refuse (they check again what the parser checked): said as the parser would.
      throw rejected(new CalendarFileException(null, null, "calendar.file.yaml", e.getMessage()));
    }
    return calendar;
  }

  private static HotlineException rejected(CalendarFileException e) {
    JsonObject details = new JsonObject().put("field", "content");
    if (e.line() != null) {
      details.put("line", e.line());
      return new HotlineException(ErrorCode.VALIDATION_FAILED, details, "calendar.upload.invalidLine", e.line(), e.problem());
    }
    return new HotlineException(ErrorCode.VALIDATION_FAILED, details, "calendar.upload.invalid", e.problem());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
