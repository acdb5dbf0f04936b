package hotline.calendar;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hotline.Core;
import hotline.config.Config;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.testing.CoreFixture;
import hotline.testing.Sql;
import hotline.testing.Waiting;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * An admin's upload of a year's calendar file: every rule refuses a bad file with the line or date it is about, in the
 * caller's language, and changes nothing (no row, no audit entry, the clock as before); a good file is in force at
 * once, on another core of the same process (the event-bus broadcast), and after a restart (a new core on the same
 * database).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CalendarUploadTest {

  /** The State Council's 2027 arrangement as a file of the shipped format (dates as in a plausible notice). */
  static final String GOOD_2027 = """
      # 2027 holidays
      year: 2027
      source: 国务院办公厅关于2027年部分节假日安排的通知
      holidays:
        - name: 元旦
          nameEn: New Year's Day
          from: 2027-01-01
          to: 2027-01-03
        - name: 春节
          nameEn: Spring Festival
          from: 2027-02-05
          to: 2027-02-13
        - name: 国庆节
          nameEn: National Day
          from: 2027-10-01
          to: 2027-10-07
      makeUpWorkdays:
        - date: 2027-01-31
          name: 春节调休上班
          nameEn: Spring Festival make-up working day
        - date: 2027-02-20
          name: 春节调休上班
          nameEn: Spring Festival make-up working day
        - date: 2027-10-09
          name: 国庆节调休上班
          nameEn: National Day make-up working day
      """;

  static CoreFixture fx;
  static CalendarService calendars;

  @BeforeAll
  static void start() throws Exception {
    fx = CoreFixture.start();
    fx.cast();
    calendars = fx.core.calendars();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  /** The upload fails with a 400 whose Chinese and English messages hold these parts; nothing changed. */
  static HotlineException refused(int year, String fileName, String content, Integer line, String zh, String en) throws Exception {
    HotlineException e = failure(() -> calendars.upload(fx.admin(), year, fileName, content));
    assertEquals(ErrorCode.VALIDATION_FAILED, e.code(), e.getMessage());
    String chinese = e.message(Messages.CHINESE);
    String english = e.message(Locale.ENGLISH);
    assertTrue(chinese.contains(zh), "expected '" + zh + "' in: " + chinese);
    assertTrue(english.contains(en), "expected '" + en + "' in: " + english);
    if (line != null) {
      assertEquals(line, e.details().getInteger("line"), english);
      assertTrue(chinese.contains("第 " + line + " 行"), chinese);
    }
    assertNothingChanged();
    return e;
  }

  static void assertNothingChanged() {
    assertEquals(0, Sql.count(fx.pool, "SELECT count(*) FROM calendar_years"), "no year stored");
    assertEquals(0, Sql.count(fx.pool, "SELECT count(*) FROM audit_log WHERE action = 'calendar.upload'"), "no upload audited");
    assertFalse(fx.calendar.get().years().contains(2027), "2027 still has no calendar");
    assertTrue(fx.calendar.get().day(LocalDate.of(2027, 2, 8)).provisional());
  }

  interface Call {
    io.vertx.core.Future<?> run();
  }

  static HotlineException failure(Call call) throws Exception {
    try {
      await(call.run());
    } catch (HotlineException e) {
      return e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HotlineException h) {
        return h;
      }
      throw e;
    }
    fail("the upload was taken");
    return null;
  }

  @Test
  @Order(1)
  void everyRuleRefusesABadFileNamingTheLineAndChangesNothing() throws Exception {
    // The right year: the file is for 2027, the form for 2026.
    refused(2026, "CN-2027.yaml", GOOD_2027, null, "文件描述的是 2027 年，不是 2026 年", "describes the year 2027, not 2026");
    // The name says another year than the file.
    refused(2027, "CN-2028.yaml", GOOD_2027, null, "文件名 CN-2028.yaml 表示 2028 年", "CN-2028.yaml says the year 2028");
    // A date outside the year (line 11: the Spring Festival's "to").
    refused(2027, "CN-2027.yaml", GOOD_2027.replace("to: 2027-02-13", "to: 2028-02-13"), 12, "2028-02-13 不在文件所属的 2027 年内",
        "holidays[1].to 2028-02-13 is outside the file's year 2027");
    // A date that does not exist.
    refused(2027, "CN-2027.yaml", GOOD_2027.replace("from: 2027-10-01", "from: 2027-09-31"), 15, "“2027-09-31”不是日期",
        "\"2027-09-31\" is not a date");
    // A day both holiday and make-up working day.
    refused(2027, "CN-2027.yaml", GOOD_2027.replace("date: 2027-02-20", "date: 2027-02-06"), 21,
        "日期 2027-02-06 既是调休上班日（春节调休上班）又是节假日（春节）", "2027-02-06 is both a make-up working day");
    // A make-up working day on a weekday (2027-02-18 is a Thursday).
    refused(2027, "CN-2027.yaml", GOOD_2027.replace("date: 2027-02-20", "date: 2027-02-18"), 21, "2027-02-18（春节调休上班）是星期四，不是周末",
        "2027-02-18 (春节调休上班) is a Thursday, not a weekend day");
    // A holiday without a name.
    refused(2027, "CN-2027.yaml", GOOD_2027.replace("  - name: 国庆节\n", "  - name: \"\"\n"), 13, "holidays[2].name 不能为空",
        "holidays[2].name must not be blank");
    // A holiday without its English name.
    refused(2027, "CN-2027.yaml", GOOD_2027.replace("    nameEn: Spring Festival\n", ""), 9, "holidays[1] 缺少“nameEn”",
        "missing 'nameEn' in holidays[1]");
    // Overlapping holidays.
    refused(2027, "CN-2027.yaml", GOOD_2027.replace("from: 2027-10-01", "from: 2027-02-12"), 13, "与节假日春节",
        "overlaps the holiday 春节");
    // No holidays at all.
    refused(2027, "CN-2027.yaml", "year: 2027\nsource: 草稿\nholidays: []\nmakeUpWorkdays: []\n", null, "文件中没有任何节假日",
        "lists no holidays");
    // Another format (a key the shipped files do not have), and no YAML at all.
    refused(2027, "CN-2027.yaml", GOOD_2027.replace("makeUpWorkdays:", "workdays:"), 17, "未知的键“workdays”",
        "unknown key 'workdays'");
    refused(2027, "CN-2027.yaml", "year: 2027\nholidays: [\n  - name: x\n", null, "不是有效的 YAML", "not valid YAML");
    refused(2027, "CN-2027.yaml", "", null, "文件是空的", "the file is empty");
    // Size-bounded.
    refused(2027, "CN-2027.yaml", GOOD_2027 + "#" + "x".repeat(CalendarService.MAX_BYTES) + "\n", null, "超过上限 65536 字节",
        "more than 65536");
    // Only this year and the next.
    HotlineException late = failure(() -> calendars.upload(fx.admin(), 2029, "CN-2029.yaml", GOOD_2027.replace("2027", "2029")));
    assertEquals("year", late.field());
    assertTrue(late.message(Messages.CHINESE).contains("只能上传今年和明年（2026 至 2027 年）"), late.message(Messages.CHINESE));
    assertNothingChanged();
    // Only an admin.
    var leader = fx.cast().leader();
    HotlineException forbidden = failure(() -> calendars.upload(leader, 2027, "CN-2027.yaml", GOOD_2027));
    assertEquals(ErrorCode.FORBIDDEN, forbidden.code());
    assertNothingChanged();
  }

  @Test
  @Order(2)
  void aGoodFileIsInForceAtOnceOnEveryCoreAndAudited() throws Exception {
    // A second core of this process (as another node would be, on the clustered bus): it hears of the upload.
    CalendarSource otherSource = new CalendarSource(Path.of("../config/calendar"), ZoneId.of("Asia/Shanghai"), LocalTime.of(17, 30));
    Core other = Core.create(fx.vertx, fx.pool, Config.of(Map.of()), fx.clock, otherSource);
    await(other.calendars().start());
    assertTrue(otherSource.get().day(LocalDate.of(2027, 2, 8)).provisional());
    // The deadline a dispatch of Thursday 2027-02-04 would get before: weekdays only, provisional.
    Instant thursday = Instant.parse("2027-02-04T02:00:00Z");
    Deadline before = fx.calendar.get().deadline(thursday, 2);
    assertTrue(before.provisional());
    assertEquals(LocalDate.of(2027, 2, 8), before.due().toLocalDate());

    JsonObject year = await(calendars.upload(fx.admin(), 2027, "CN-2027.yaml", GOOD_2027));
    assertFalse(year.getBoolean("provisional"));
    assertEquals("upload", year.getString("origin"));
    assertNull(year.getString("replaced"));
    assertEquals("国务院办公厅关于2027年部分节假日安排的通知", year.getString("source"));
    assertEquals(365, year.getJsonArray("days").size());
    JsonObject feb8 = year.getJsonArray("days").getJsonObject(31 + 7);
    assertEquals("2027-02-08", feb8.getString("date"));
    assertEquals("春节", feb8.getString("holiday"));
    assertFalse(feb8.getBoolean("working"));
    JsonObject feb20 = year.getJsonArray("days").getJsonObject(31 + 19);
    assertEquals(true, feb20.getBoolean("makeUpWorkday"));
    assertTrue(feb20.getBoolean("working"));

    // The clock: the Spring Festival week is off, the make-up Saturday counts; no longer provisional.
    Deadline after = fx.calendar.get().deadline(thursday, 2);
    assertFalse(after.provisional());
    assertEquals(LocalDate.of(2027, 2, 16), after.due().toLocalDate(), "02-05 to 02-13 off, Sunday 02-14 too: Monday 02-15 is day 1");
    Waiting.waitFor("the other core to hear of the upload", () -> otherSource.get().years().contains(2027));
    assertEquals(after.due(), otherSource.get().deadline(thursday, 2).due());

    JsonObject audit = Sql.rows(fx.pool, "SELECT actor_id, detail FROM audit_log WHERE action = 'calendar.upload'").get(0)
        .getJsonObject("detail");
    assertEquals(2027, audit.getInteger("year"));
    assertEquals(3, audit.getInteger("holidays"));
    assertEquals(64, audit.getString("sha256").length());

    // A second upload of the year replaces the first (a late correction of the notice).
    JsonObject again = await(calendars.upload(fx.admin(), 2027, "CN-2027.yaml", GOOD_2027.replace("to: 2027-10-07", "to: 2027-10-08")));
    assertEquals("upload", again.getString("replaced"));
    assertFalse(fx.calendar.get().isWorkingDay(LocalDate.of(2027, 10, 8)));
    Waiting.waitFor("the other core to take the correction", () -> !otherSource.get().isWorkingDay(LocalDate.of(2027, 10, 8)));
    assertEquals(1, Sql.count(fx.pool, "SELECT count(*) FROM calendar_years"));
    assertEquals(2, Sql.count(fx.pool, "SELECT count(*) FROM audit_log WHERE action = 'calendar.upload'"));
  }

  @Test
  @Order(3)
  void anUploadedYearWinsOverTheShippedFileAndSurvivesARestart() throws Exception {
    // 2026 has a shipped file; an upload (National Day a day longer) wins over it.
    String corrected = Files.readString(Path.of("../config/calendar/CN-2026.yaml")).replace("to: 2026-10-07", "to: 2026-10-08");
    JsonObject y = await(calendars.upload(fx.admin(), 2026, "CN-2026.yaml", corrected));
    assertEquals("file", y.getString("replaced"));
    assertFalse(fx.calendar.get().isWorkingDay(LocalDate.of(2026, 10, 8)));
    // Reloading the files keeps the uploads over them.
    await(fx.calendar.reload(fx.vertx));
    assertFalse(fx.calendar.get().isWorkingDay(LocalDate.of(2026, 10, 8)));
    assertEquals("upload", fx.calendar.year(2026).orElseThrow().origin());

    // A restart: a new core (own Vert.x, pool and calendar source) on the same database reads both uploads.
    try (CoreFixture restarted = CoreFixture.builder().sameDatabase(fx).start()) {
      assertEquals("upload", restarted.calendar.year(2027).orElseThrow().origin());
      assertFalse(restarted.calendar.get().day(LocalDate.of(2027, 2, 8)).provisional());
      assertFalse(restarted.calendar.get().isWorkingDay(LocalDate.of(2027, 10, 8)));
      assertFalse(restarted.calendar.get().isWorkingDay(LocalDate.of(2026, 10, 8)), "the upload wins over the shipped 2026");
      JsonObject view = restarted.core.calendars().year(2026);
      assertEquals("upload", view.getString("origin"));
      assertEquals("CN-2026.yaml", view.getString("fileName"));
    }
  }
}
