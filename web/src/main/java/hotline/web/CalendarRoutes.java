package hotline.web;

import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.Core;
import hotline.users.Permission;
import hotline.calendar.Day;
import hotline.calendar.Deadline;
import hotline.calendar.WorkingCalendar;
import hotline.errors.HotlineException;
import hotline.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The working-day clock: deadlines, the days of a range, and reloading the calendar files. */
final class CalendarRoutes {

  private CalendarRoutes() {
  }

  static void mount(Router router, Vertx vertx, Core core) {
    router.get("/api/calendar/deadline").handler(ctx -> ok(ctx, () -> {
      QueryParams q = new QueryParams(ctx.request()::getParam);
      Instant from = instant(q.text("from", 64));
      int days = q.integer("workingDays", -1, 0, 60);
      if (days < 0) {
        throw HotlineException.invalid("required", "workingDays");
      }
      WorkingCalendar calendar = core.calendar().get();
      Deadline d = calendar.deadline(from, days);
      return Future.succeededFuture(new JsonObject()
          .put("from", from.atZone(calendar.zone()).toOffsetDateTime().toString())
          .put("workingDays", days)
          .put("due", d.due().toOffsetDateTime().toString())
          .put("provisional", d.provisional()));
    }));
    router.get("/api/calendar/workdays").handler(ctx -> ok(ctx, () -> {
      QueryParams q = new QueryParams(ctx.request()::getParam);
      LocalDate from = date(q.text("from", 20), "from");
      LocalDate to = date(q.text("to", 20), "to");
      if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 366) {
        throw HotlineException.invalid("calendar.range");
      }
      JsonArray days = new JsonArray();
      for (Day d : core.calendar().get().days(from, to)) {
        days.add(new JsonObject().put("date", d.date().toString()).put("working", d.working())
            .put("holiday", d.holiday()).put("holidayEn", d.holidayEn()).put("makeUpWorkday", d.makeUpWorkday())
            .put("provisional", d.provisional()));
      }
      return Future.succeededFuture(new JsonObject().put("from", from.toString()).put("to", to.toString()).put("days", days));
    }));
    router.get("/api/calendar/years/:year").handler(ctx -> ok(ctx,
        () -> Future.succeededFuture(core.calendars().year(pathYear(ctx.pathParam("year"))))));
    router.put("/api/calendar/years/:year").handler(ctx -> ok(ctx, () -> {
      var p = principal(ctx, Permission.CALENDAR_UPLOAD);
      int year = pathYear(ctx.pathParam("year"));
      JsonObject body = Requests.body(ctx);
      Object content = body.getValue("content");
      Object fileName = body.getValue("fileName");
      if (content != null && !(content instanceof String)) {
        throw HotlineException.wrongType("content", "string");
      }
      if (fileName != null && !(fileName instanceof String)) {
        throw HotlineException.wrongType("fileName", "string");
      }
      return core.calendars().upload(p, year, (String) fileName, (String) content);
    }));
    router.post("/api/calendar/reload").handler(ctx -> ok(ctx, () -> {
      principal(ctx, Permission.CALENDAR_RELOAD);
      return core.calendar().reload(vertx).map(c -> new JsonObject().put("years",
          new JsonArray(c.years().stream().sorted().toList())));
    }));
  }

  /** An ISO-8601 instant with an offset; a '+' that arrived unencoded in the query (as a space) is put back. */
  private static Instant instant(String v) {
    if (v == null) {
      throw HotlineException.invalid("required", "from");
    }
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(v.replace(' ', '+'));
    } catch (DateTimeParseException e) {
      throw HotlineException.wrongType("from", "datetime");
    }
    saneYear("from", t.getYear());
    return t.toInstant();
  }

  /** Working days are counted for dates people deal in: far-off years are a mistake, not a question. */
  static final int FIRST_YEAR = 1900;
  static final int LAST_YEAR = 2200;

  private static void saneYear(String field, int year) {
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw HotlineException.invalid("calendar.yearOutOfRange", field, FIRST_YEAR, LAST_YEAR);
    }
  }

  private static int pathYear(String v) {
    int year;
    try {
      year = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw HotlineException.wrongType("year", "integer");
    }
    saneYear("year", year);
    return year;
  }

  private static LocalDate date(String v, String name) {
    if (v == null) {
      throw HotlineException.invalid("required", name);
    }
    LocalDate d;
    try {
      d = LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw HotlineException.wrongType(name, "date");
    }
    saneYear(name, d.getYear());
    return d;
  }
}
