package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The working-day clock over HTTP: deadlines across the 2026 Spring Festival and National Day, same-day limits around
 * 17:30, instants in other offsets, the days of a range, bad input in both languages, and reloading the calendars.
 */
class CalendarApiTest extends ApiTestBase {

  static User agent;

  @BeforeAll
  static void people() throws Exception {
    agent = user("cal-agent", null, "agent");
  }

  /** {@code GET /api/calendar/deadline} with {@code from} URL-encoded (its '+' as %2B), no token. */
  static JsonObject deadline(String from, int workingDays) throws Exception {
    return get(null, "/api/calendar/deadline?from=" + URLEncoder.encode(from, StandardCharsets.UTF_8)
        + "&workingDays=" + workingDays).expect(200).json();
  }

  static String due(String from, int workingDays) throws Exception {
    JsonObject d = deadline(from, workingDays);
    assertFalse(d.getBoolean("provisional"), d.encode());
    assertEquals(workingDays, d.getInteger("workingDays"), d.encode());
    return d.getString("due");
  }

  static Res deadlineRaw(String query, Map<String, String> headers) throws Exception {
    return call("GET", "/api/calendar/deadline?" + query, null, null, headers);
  }

  static Res workdaysRaw(String query, Map<String, String> headers) throws Exception {
    return call("GET", "/api/calendar/workdays?" + query, null, null, headers);
  }

  static void assertValidation(Res r, String zhMessage) {
    r.expect(400);
    assertEquals("validation_failed", r.error().getString("code"), r.body());
    assertEquals(zhMessage, r.error().getString("message"), r.body());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
  }

  // ---- deadlines

  @Test
  void deadlineAnswersTheWholeShapeWithoutAToken() throws Exception {
    JsonObject d = deadline("2026-02-12T10:00:00+08:00", 3);
    assertEquals(new JsonObject().put("from", "2026-02-12T10:00+08:00").put("workingDays", 3)
        .put("due", "2026-02-24T17:30+08:00").put("provisional", false), d);
  }

  @Test
  void springFestivalWithItsMakeUpSaturdays() throws Exception {
    // Thu 12 Feb: Fri 13 is day 1, the make-up Saturday 14 day 2, Feb 15-23 off, Tue 24 day 3.
    assertEquals("2026-02-13T17:30+08:00", due("2026-02-12T10:00:00+08:00", 1));
    assertEquals("2026-02-14T17:30+08:00", due("2026-02-12T10:00:00+08:00", 2));
    assertEquals("2026-02-24T17:30+08:00", due("2026-02-12T10:00:00+08:00", 3));
    // The hour of receipt does not matter once N >= 1: Friday just before midnight, day 1 is the make-up Saturday.
    assertEquals("2026-02-14T17:30+08:00", due("2026-02-13T23:59:00+08:00", 1));
    // Received on the make-up Saturday itself.
    assertEquals("2026-02-14T17:30+08:00", due("2026-02-14T09:00:00+08:00", 0));
    assertEquals("2026-02-24T17:30+08:00", due("2026-02-14T09:00:00+08:00", 1));
    // Received during the festival: the first working day after it is day 1.
    assertEquals("2026-02-24T17:30+08:00", due("2026-02-15T10:00:00+08:00", 0));
    assertEquals("2026-02-24T17:30+08:00", due("2026-02-15T10:00:00+08:00", 1));
    assertEquals("2026-02-25T17:30+08:00", due("2026-02-15T10:00:00+08:00", 2));
    assertEquals("2026-02-24T17:30+08:00", due("2026-02-23T16:00:00+08:00", 1), "Mon 23 is still a holiday");
    // After the festival: Sat 28 is a make-up working day, Sun 1 March is not.
    assertEquals("2026-02-28T17:30+08:00", due("2026-02-24T10:00:00+08:00", 4));
    assertEquals("2026-03-02T17:30+08:00", due("2026-02-24T10:00:00+08:00", 5));
    assertEquals("2026-02-28T17:30+08:00", due("2026-02-27T10:00:00+08:00", 1));
    // An ordinary weekend stays off.
    assertEquals("2026-03-09T17:30+08:00", due("2026-03-07T10:00:00+08:00", 0));
    assertEquals("2026-03-09T17:30+08:00", due("2026-03-07T10:00:00+08:00", 1));
    assertEquals("2026-03-10T17:30+08:00", due("2026-03-07T10:00:00+08:00", 2));
  }

  @Test
  void nationalDayMidAutumnAndTheirMakeUpDays() throws Exception {
    // Fri 18 Sep: Sat 19 off, Sun 20 a make-up working day.
    assertEquals("2026-09-20T17:30+08:00", due("2026-09-18T10:00:00+08:00", 1));
    assertEquals("2026-09-21T17:30+08:00", due("2026-09-18T10:00:00+08:00", 2));
    assertEquals("2026-09-20T17:30+08:00", due("2026-09-19T10:00:00+08:00", 0));
    // Mid-Autumn Festival Fri 25 - Sun 27 off.
    assertEquals("2026-09-28T17:30+08:00", due("2026-09-24T10:00:00+08:00", 1));
    assertEquals("2026-09-28T17:30+08:00", due("2026-09-25T10:00:00+08:00", 0));
    // National Day Oct 1-7 off; Thu 8, Fri 9, the make-up Saturday 10, then Mon 12.
    assertEquals("2026-10-08T17:30+08:00", due("2026-09-30T10:00:00+08:00", 1));
    assertEquals("2026-10-09T17:30+08:00", due("2026-09-30T10:00:00+08:00", 2));
    assertEquals("2026-10-10T17:30+08:00", due("2026-09-30T10:00:00+08:00", 3));
    assertEquals("2026-10-12T17:30+08:00", due("2026-09-30T10:00:00+08:00", 4));
    assertEquals("2026-10-08T17:30+08:00", due("2026-10-01T10:00:00+08:00", 0));
    assertEquals("2026-10-08T17:30+08:00", due("2026-09-30T18:00:00+08:00", 0));
    // The extension cap across the whole holiday: 29, 30, 8, 9, 10, 12, 13.
    assertEquals("2026-10-13T17:30+08:00", due("2026-09-28T10:00:00+08:00", 7));
  }

  @Test
  void sameDayLimitTurnsAt1730() throws Exception {
    assertEquals("2026-02-12T17:30+08:00", due("2026-02-12T08:00:00+08:00", 0));
    assertEquals("2026-02-12T17:30+08:00", due("2026-02-12T17:30:00+08:00", 0), "at 17:30 sharp it is still today");
    assertEquals("2026-02-13T17:30+08:00", due("2026-02-12T17:30:01+08:00", 0));
    assertEquals("2026-02-13T17:30+08:00", due("2026-02-12T18:00:00+08:00", 0));
    // After hours on the make-up Saturday: the next working day is after the festival.
    assertEquals("2026-02-24T17:30+08:00", due("2026-02-14T18:00:00+08:00", 0));
  }

  @Test
  void instantsInOtherOffsetsAreJudgedInShanghai() throws Exception {
    // 16:00 UTC on Friday 13th is midnight on the make-up Saturday in Shanghai.
    JsonObject d = deadline("2026-02-13T16:00:00Z", 0);
    assertEquals("2026-02-14T00:00+08:00", d.getString("from"));
    assertEquals("2026-02-14T17:30+08:00", d.getString("due"));
    assertEquals("2026-02-24T17:30+08:00", due("2026-02-13T16:00:00Z", 1));
    // 10:00 UTC is 18:00 in Shanghai: past the business day.
    assertEquals("2026-02-13T17:30+08:00", due("2026-02-12T10:00:00Z", 0));
    // 16:30 UTC on Sep 30 is already Oct 1 in Shanghai.
    assertEquals("2026-10-08T17:30+08:00", due("2026-09-30T16:30:00Z", 0));
    // Tokyo 11:00 is Shanghai 10:00.
    d = deadline("2026-02-13T11:00:00+09:00", 0);
    assertEquals("2026-02-13T10:00+08:00", d.getString("from"));
    assertEquals("2026-02-13T17:30+08:00", d.getString("due"));
  }

  @Test
  void anUnencodedPlusInTheQueryStillParses() throws Exception {
    Res r = deadlineRaw("from=2026-02-12T10:00:00+08:00&workingDays=3", Map.of()).expect(200);
    assertEquals("2026-02-12T10:00+08:00", r.json().getString("from"));
    assertEquals("2026-02-24T17:30+08:00", r.json().getString("due"));
    // The same with a make-up day reached through an unencoded '+'.
    r = deadlineRaw("from=2026-09-18T10:00+08:00&workingDays=1", Map.of()).expect(200);
    assertEquals("2026-09-20T17:30+08:00", r.json().getString("due"));
  }

  @Test
  void yearsWithoutACalendarAreProvisional() throws Exception {
    JsonObject d = deadline("2026-12-31T10:00:00+08:00", 1);
    assertEquals("2027-01-01T17:30+08:00", d.getString("due"), "2027 is judged by weekdays alone");
    assertTrue(d.getBoolean("provisional"));
    d = deadline("2027-03-01T10:00:00+08:00", 0);
    assertEquals("2027-03-01T17:30+08:00", d.getString("due"));
    assertTrue(d.getBoolean("provisional"));
    d = deadline("2026-12-30T10:00:00+08:00", 1);
    assertEquals("2026-12-31T17:30+08:00", d.getString("due"));
    assertFalse(d.getBoolean("provisional"));
    // 2025 and 2026 both have files: across New Year into the 2026 make-up Sunday, not provisional.
    d = deadline("2025-12-31T10:00:00+08:00", 1);
    assertEquals("2026-01-04T17:30+08:00", d.getString("due"));
    assertFalse(d.getBoolean("provisional"));
  }

  // ---- the days of a range

  @Test
  void workdaysAroundTheSpringFestival() throws Exception {
    JsonObject r = get(null, "/api/calendar/workdays?from=2026-02-13&to=2026-03-01").expect(200).json();
    assertEquals("2026-02-13", r.getString("from"));
    assertEquals("2026-03-01", r.getString("to"));
    JsonArray days = r.getJsonArray("days");
    assertEquals(17, days.size());
    for (int i = 0; i < days.size(); i++) {
      assertEquals(java.time.LocalDate.of(2026, 2, 13).plusDays(i).toString(), days.getJsonObject(i).getString("date"));
      assertFalse(days.getJsonObject(i).getBoolean("provisional"));
    }
    assertDay(days.getJsonObject(0), "2026-02-13", true, null, null, false);
    assertDay(days.getJsonObject(1), "2026-02-14", true, "春节调休上班", "Spring Festival make-up working day", true);
    assertDay(days.getJsonObject(2), "2026-02-15", false, "春节", "Spring Festival", false);
    assertDay(days.getJsonObject(6), "2026-02-19", false, "春节", "Spring Festival", false);
    assertDay(days.getJsonObject(10), "2026-02-23", false, "春节", "Spring Festival", false);
    assertDay(days.getJsonObject(11), "2026-02-24", true, null, null, false);
    assertDay(days.getJsonObject(15), "2026-02-28", true, "春节调休上班", "Spring Festival make-up working day", true);
    assertDay(days.getJsonObject(16), "2026-03-01", false, null, null, false);
    List<String> working = days.stream().map(o -> (JsonObject) o).filter(d -> d.getBoolean("working"))
        .map(d -> d.getString("date")).toList();
    assertEquals(List.of("2026-02-13", "2026-02-14", "2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27", "2026-02-28"),
        working);
  }

  @Test
  void workdaysAroundNationalDayAndInAYearWithoutAFile() throws Exception {
    JsonArray days = get(null, "/api/calendar/workdays?from=2026-09-20&to=2026-10-10").expect(200).json().getJsonArray("days");
    assertEquals(21, days.size());
    assertDay(days.getJsonObject(0), "2026-09-20", true, "国庆节调休上班", "National Day make-up working day", true);
    assertDay(days.getJsonObject(5), "2026-09-25", false, "中秋节", "Mid-Autumn Festival", false);
    assertDay(days.getJsonObject(11), "2026-10-01", false, "国庆节", "National Day", false);
    assertDay(days.getJsonObject(17), "2026-10-07", false, "国庆节", "National Day", false);
    assertDay(days.getJsonObject(18), "2026-10-08", true, null, null, false);
    assertDay(days.getJsonObject(20), "2026-10-10", true, "国庆节调休上班", "National Day make-up working day", true);

    days = get(null, "/api/calendar/workdays?from=2027-01-01&to=2027-01-03").expect(200).json().getJsonArray("days");
    assertEquals(3, days.size());
    JsonObject jan1 = days.getJsonObject(0);
    assertTrue(jan1.getBoolean("working"), "a Friday in a year without a file");
    assertTrue(jan1.getBoolean("provisional"));
    assertNull(jan1.getString("holiday"));
    assertFalse(days.getJsonObject(1).getBoolean("working"));
    assertTrue(days.getJsonObject(1).getBoolean("provisional"));
  }

  @Test
  void workdaysRangeLimits() throws Exception {
    // 366 days apart is the longest range: 367 dates.
    JsonArray days = get(null, "/api/calendar/workdays?from=2026-01-01&to=2027-01-02").expect(200).json().getJsonArray("days");
    assertEquals(367, days.size());
    assertEquals(1, get(null, "/api/calendar/workdays?from=2026-02-14&to=2026-02-14").expect(200).json()
        .getJsonArray("days").size());
    assertValidation(workdaysRaw("from=2026-01-01&to=2027-01-03", Map.of()), "日期范围从 from 到 to，最长 366 天。");
    assertValidation(workdaysRaw("from=2026-03-01&to=2026-02-13", Map.of()), "日期范围从 from 到 to，最长 366 天。");
    Res en = workdaysRaw("from=2026-03-01&to=2026-02-13", Map.of("Accept-Language", "en"));
    en.expect(400);
    assertEquals("The range runs from \"from\" to \"to\", at most 366 days.", en.error().getString("message"));
    assertValidation(workdaysRaw("to=2026-02-13", Map.of()), "“from”为必填项。");
    assertValidation(workdaysRaw("from=2026-02-13", Map.of()), "“to”为必填项。");
    assertValidation(workdaysRaw("from=2026-02-30&to=2026-03-01", Map.of()), "“from”的格式应为 日期，如 2026-02-14。");
    assertValidation(workdaysRaw("from=2026-02-13&to=tomorrow", Map.of()), "“to”的格式应为 日期，如 2026-02-14。");
  }

  // ---- bad input

  @Test
  void badDeadlineInputIs400InChineseByDefault() throws Exception {
    assertValidation(deadlineRaw("workingDays=1", Map.of()), "“from”为必填项。");
    assertValidation(deadlineRaw("from=&workingDays=1", Map.of()), "“from”为必填项。");
    assertValidation(deadlineRaw("from=yesterday&workingDays=1", Map.of()),
        "“from”的格式应为 带时区的时间，如 2026-02-12T10:00:00+08:00。");
    assertValidation(deadlineRaw("from=2026-02-12T10:00:00&workingDays=1", Map.of()),
        "“from”的格式应为 带时区的时间，如 2026-02-12T10:00:00+08:00。");
    assertValidation(deadlineRaw("from=2026-02-12T10:00:00%2B08:00&workingDays=-1", Map.of()), "“workingDays”应在 0 到 60 之间。");
    assertValidation(deadlineRaw("from=2026-02-12T10:00:00%2B08:00&workingDays=61", Map.of()), "“workingDays”应在 0 到 60 之间。");
    assertValidation(deadlineRaw("from=2026-02-12T10:00:00%2B08:00&workingDays=two", Map.of()), "“workingDays”的格式应为 整数。");
    assertValidation(deadlineRaw("from=2026-02-12T10:00:00%2B08:00", Map.of()), "“workingDays”为必填项。");
    Res zh = deadlineRaw("workingDays=1", Map.of("Accept-Language", "zh-CN"));
    assertValidation(zh, "“from”为必填项。");
    assertEquals("zh-CN", zh.raw().headers().firstValue("Content-Language").orElse(""));
    // 60 is the largest accepted. From Thu 12 Feb: 7 working days in February (with the two make-up Saturdays),
    // 22 in March, 21 in April (Qingming Mon 6 off), then May 6, 7, 8, the make-up Saturday 9, 11-15 and Mon 18.
    assertEquals("2026-05-18T17:30+08:00", due("2026-02-12T10:00:00+08:00", 60));
  }

  @Test
  void badDeadlineInputIsInEnglishWhenAsked() throws Exception {
    Map<String, String> en = Map.of("Accept-Language", "en");
    Res r = deadlineRaw("workingDays=1", en).expect(400);
    assertEquals("validation_failed", r.error().getString("code"));
    assertEquals("The field \"from\" is required.", r.error().getString("message"));
    assertEquals("en", r.raw().headers().firstValue("Content-Language").orElse(""));
    r = deadlineRaw("from=not-a-time&workingDays=1", en).expect(400);
    assertEquals("The field \"from\" must be a time with its offset, such as 2026-02-12T10:00:00+08:00.",
        r.error().getString("message"));
    r = deadlineRaw("from=2026-02-12T10:00:00%2B08:00&workingDays=-1", en).expect(400);
    assertEquals("The field \"workingDays\" must be between 0 and 60.", r.error().getString("message"));
    r = deadlineRaw("from=2026-02-12T10:00:00%2B08:00&workingDays=61", Map.of("Accept-Language", "en-GB,en;q=0.8")).expect(400);
    assertEquals("The field \"workingDays\" must be between 0 and 60.", r.error().getString("message"));
  }

  // ---- reload

  @Test
  void onlyAnAdminReloadsTheCalendars() throws Exception {
    Res none = post(null, "/api/calendar/reload", null).expect(401);
    assertEquals("unauthorized", none.error().getString("code"));
    assertEquals("请先登录。", none.error().getString("message"));
    Res agentTry = post(agent.token(), "/api/calendar/reload", null).expect(403);
    assertEquals("forbidden", agentTry.error().getString("code"));
    assertEquals("您无权执行此操作：需要系统管理员。", agentTry.error().getString("message"));
    assertEquals("calendar.reload", agentTry.error().getString("permission"));
    JsonObject ok = post(adminToken, "/api/calendar/reload", null).expect(200).json();
    assertEquals(new JsonArray().add(2025).add(2026), ok.getJsonArray("years"));
    // The reloaded calendar answers the same.
    assertEquals("2026-02-24T17:30+08:00", due("2026-02-12T10:00:00+08:00", 3));
  }

  static void assertDay(JsonObject d, String date, boolean working, String holiday, String holidayEn, boolean makeUp) {
    assertEquals(date, d.getString("date"), d.encode());
    assertEquals(working, d.getBoolean("working"), d.encode());
    assertEquals(holiday, d.getString("holiday"), d.encode());
    assertEquals(holidayEn, d.getString("holidayEn"), d.encode());
    assertEquals(makeUp, d.getBoolean("makeUpWorkday"), d.encode());
    assertTrue(d.containsKey("holiday") && d.containsKey("holidayEn") && d.containsKey("provisional"), d.encode());
  }
}
