package hotline.stats;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import hotline.testing.CoreFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bulletin of February 2026 on a hand-made data set whose every figure is known: two units, eight cases (one of
 * January), five dispatches around the Spring Festival (15–23 February off, Saturdays 14 and 28 February make-up working days),
 * three follow-ups, one extension. "Now" is Tuesday 10 March 2026, 12:00.
 */
class BulletinTest {

  static final Instant NOW = Instant.parse("2026-03-10T04:00:00Z");
  static final Period FEBRUARY = Period.parse("month", "2026-02-12", null, null, LocalDate.of(2026, 3, 10));
  static CoreFixture fx;
  static long unitA;
  static long unitB;
  static long d4;

  @BeforeAll
  static void data() throws Exception {
    fx = CoreFixture.start();
    unitA = fx.cast().unitId();
    long agent = fx.cast().agent().id();
    unitB = one("INSERT INTO units (name, kind) VALUES ('龙岗区局', 'county_bureau') RETURNING id");
    long x = customer("甲零售户", "retailer");
    long y = customer("乙消费者", "consumer");
    long z = customer("举报人张三", "employee");
    long w = customer("丁企业", "enterprise");
    long c4 = kase("2026-000004", "inquiry", "phone", "consumer", y, "licence", "2026-01-20T10:00+08:00", agent, null, null, null);
    long c1 = kase("2026-000101", "complaint", "phone", "retailer", x, "price", "2026-02-02T10:00+08:00", agent, unitB, null, null);
    long c2 = kase("2026-000102", "complaint", "phone", "retailer", x, "price", "2026-02-13T09:00+08:00", agent, null, null, null);
    kase("2026-000103", "inquiry", "web", "consumer", y, "licence", "2026-02-05T10:00+08:00", agent, null, null, null);
    long c5 = kase("2026-000105", "report", "phone", "employee", z, "integrity", "2026-02-10T09:00+08:00", agent, null, null, "13900001111");
    kase("2026-000106", "report", "phone", "employee", z, "integrity", "2026-02-12T09:00+08:00", agent, null, null, "13900001111");
    kase("2026-000107", "suggestion", "letter", null, null, null, "2026-02-11T10:00+08:00", agent, null, null, null);
    kase("2026-000108", "complaint", "email", "enterprise", w, null, "2026-02-27T10:00+08:00", agent, null, "鸿发烟酒店", null);

    // d1: on time; receipt the same day; handled on the make-up Saturday.
    long d1 = dispatch(c1, 1, unitA, "2026-02-12T11:00+08:00", 2, "2026-02-14T17:30+08:00", "2026-02-12T15:00+08:00", "2026-02-14T16:00+08:00");
    // d2: sent on the Friday before the festival, due the Tuesday after it; received late, handled two working days late.
    long d2 = dispatch(c2, 1, unitA, "2026-02-13T16:00+08:00", 2, "2026-02-24T17:30+08:00", "2026-02-24T09:00+08:00", "2026-02-26T10:00+08:00");
    // d3: the second round, due in March: dispatched in February, not due in it.
    dispatch(c2, 2, unitB, "2026-02-27T10:00+08:00", 2, "2026-03-03T17:30+08:00", null, null);
    // d4: a report's dispatch, extended to 3 working days (due Friday 13 February), never answered.
    d4 = dispatch(c5, 1, unitB, "2026-02-10T10:00+08:00", 3, "2026-02-13T17:30+08:00", "2026-02-11T09:00+08:00", null);
    // d5: January's inquiry, same-day deadline, answered on 2 February (its receipt implied by the feedback).
    long d5 = dispatch(c4, 1, unitA, "2026-01-20T14:00+08:00", 0, "2026-01-20T17:30+08:00", "2026-02-02T10:00+08:00", "2026-02-02T10:00+08:00");
    event(c5, "2026-02-11T12:00+08:00", "extend", new JsonObject().put("dispatchId", d4).put("fromWorkingDays", 2).put("workingDays", 3));
    event(c1, "2026-02-14T17:00+08:00", "follow_up", new JsonObject().put("satisfaction", "very_satisfied"));
    event(c4, "2026-02-02T15:00+08:00", "follow_up", new JsonObject().put("satisfaction", "not_reached"));
    event(c2, "2026-02-26T15:00+08:00", "follow_up", new JsonObject().put("satisfaction", "unsatisfied"));
    // Outside February: not counted.
    event(c2, "2026-03-02T15:00+08:00", "follow_up", new JsonObject().put("satisfaction", "satisfied"));
    event(c5, "2026-01-30T12:00+08:00", "extend", new JsonObject().put("dispatchId", d4));
    fx.clock.set(NOW);
  }

  @AfterAll
  static void close() throws Exception {
    fx.close();
  }

  static long one(String sql, Object... args) throws Exception {
    return await(fx.pool.preparedQuery(sql).execute(Tuple.from(args))).iterator().next().getLong(0);
  }

  static long customer(String name, String party) throws Exception {
    return one("INSERT INTO customers (name, party_type) VALUES ($1, $2) RETURNING id", name, party);
  }

  static long kase(String number, String kind, String channel, String party, Long customer, String category, String received,
      long owner, Long respondentUnit, String respondentName, String phone) throws Exception {
    return one("INSERT INTO cases (number, kind, channel, party_type, status, content, contact_name, contact_phones, customer_id, "
            + "category, received_at, owner_id, filed_by, respondent_unit_id, respondent_unit_name) VALUES ($1, $2, $3, $4, 'received', "
            + "'内容', $5, $6, $7, $8, $9, $10, $10, $11, $12) RETURNING id",
        number, kind, channel, party, customer == null ? null : name(customer),
        phone == null ? new String[0] : new String[] {phone}, customer, category, OffsetDateTime.parse(received), owner, respondentUnit,
        respondentName);
  }

  static String name(long customer) throws Exception {
    return await(fx.pool.preparedQuery("SELECT name FROM customers WHERE id = $1").execute(Tuple.of(customer))).iterator().next()
        .getString(0);
  }

  static long dispatch(long c, int round, long unit, String at, int days, String due, String received, String feedback) throws Exception {
    return one("INSERT INTO dispatches (case_id, round, unit_id, method, dispatched_at, working_days, due_at, received_at, "
            + "feedback_at, status) VALUES ($1, $2, $3, 'hand', $4, $5, $6, $7, $8, $9) RETURNING id",
        c, round, unit, OffsetDateTime.parse(at), days, OffsetDateTime.parse(due), received == null ? null : OffsetDateTime.parse(received),
        feedback == null ? null : OffsetDateTime.parse(feedback), feedback == null ? "open" : "handled");
  }

  static void event(long c, String at, String action, JsonObject detail) throws Exception {
    await(fx.pool.preparedQuery("INSERT INTO case_events (case_id, at, actor_name, action, detail) VALUES ($1, $2, 'test', $3, $4)")
        .execute(Tuple.of(c, OffsetDateTime.parse(at), action, detail)));
  }

  static JsonObject february(Locale locale) throws Exception {
    return await(fx.core.bulletin().build(FEBRUARY, locale));
  }

  static long count(JsonArray entries, String key) {
    return entries.stream().map(JsonObject.class::cast).filter(e -> java.util.Objects.equals(e.getString("key"), key))
        .findFirst().orElseThrow().getLong("count");
  }

  static JsonObject unit(JsonArray byUnit, long id) {
    return byUnit.stream().map(JsonObject.class::cast).filter(e -> java.util.Objects.equals(e.getLong("unitId"), id)).findFirst().orElseThrow();
  }

  @Test
  void volumeCountsEveryKindChannelAndPartyWithZeros() throws Exception {
    JsonObject b = february(Locale.SIMPLIFIED_CHINESE);
    assertEquals(new JsonObject().put("from", "2026-02-01").put("to", "2026-02-28").put("period", "month").put("label", "2026年2月"),
        b.getJsonObject("range"));
    JsonObject v = b.getJsonObject("volume");
    assertEquals(7, v.getLong("total"));
    JsonArray kinds = v.getJsonArray("byKind");
    assertEquals(4, kinds.size());
    assertEquals(3, count(kinds, "complaint"));
    assertEquals(1, count(kinds, "inquiry"));
    assertEquals(1, count(kinds, "suggestion"));
    assertEquals(2, count(kinds, "report"));
    assertEquals("投诉", kinds.getJsonObject(0).getString("label"));
    JsonArray channels = v.getJsonArray("byChannel");
    assertEquals(7, channels.size());
    assertEquals(4, count(channels, "phone"));
    assertEquals(0, count(channels, "fax"));
    JsonArray parties = v.getJsonArray("byPartyType");
    assertEquals(2, count(parties, "retailer"));
    assertEquals(2, count(parties, "employee"));
    assertEquals(1, count(parties, null));
    assertEquals("未填", parties.getJsonObject(4).getString("label"));
    // Responsible unit: the unit of the case's first dispatch (c1 and c2 to A, the report to B).
    JsonArray responsible = v.getJsonArray("byResponsibleUnit");
    assertEquals(unitA, responsible.getJsonObject(0).getLong("unitId"));
    assertEquals(2, responsible.getJsonObject(0).getLong("count"));
    assertEquals(1, unit(responsible, unitB).getLong("count"));
    JsonArray respondents = v.getJsonArray("byRespondentUnit");
    assertEquals(2, respondents.size());
    assertTrue(respondents.stream().map(JsonObject.class::cast).anyMatch(e -> "鸿发烟酒店".equals(e.getString("name")) && e.getLong("unitId") == null));
    assertEquals("龙岗区局", unit(respondents, unitB).getString("name"));
    JsonArray top = v.getJsonArray("topCategories");
    assertEquals(new JsonArray().add(new JsonObject().put("key", "integrity").put("label", "廉政").put("count", 2L))
        .add(new JsonObject().put("key", "price").put("label", "价格").put("count", 2L))
        .add(new JsonObject().put("key", "licence").put("label", "专卖许可证").put("count", 1L)), top);
    assertEquals(2, v.getLong("uncategorised"));
  }

  @Test
  void repeatsWithinThirtyDaysLeaveReportsOut() throws Exception {
    // X: c2 thirteen days after c1 (same category); Y: February's web inquiry 16 days after January's (same category).
    // The reporter filed twice in two days: reports take no part.
    assertEquals(new JsonObject().put("callers", 2L).put("callerCases", 3L).put("cases", 2L).put("windowDays", 30),
        february(Locale.SIMPLIFIED_CHINESE).getJsonObject("volume").getJsonObject("repeat"));
  }

  @Test
  void handlingCountsWorkingDaysAcrossTheFestival() throws Exception {
    JsonObject h = february(Locale.SIMPLIFIED_CHINESE).getJsonObject("handling");
    JsonObject t = h.getJsonObject("totals");
    assertEquals(4, t.getLong("dispatched"));
    assertEquals(2, t.getLong("receiptWithinDay"));
    assertEquals(0.5, t.getDouble("receiptWithinDayRate"));
    assertEquals(4, t.getLong("due"));
    assertEquals(3, t.getLong("handled"));
    assertEquals(1, t.getLong("onTime"));
    assertEquals(0.25, t.getDouble("onTimeRate"));
    assertEquals(3, t.getLong("overdue"));
    // d2: 25, 26 Feb = 2; d4 (due Fri 13 Feb, none by Tue 10 Mar): 14 Feb and 28 Feb (make-up Saturdays), 24–27 Feb,
    // 2–6 Mar, 9–10 Mar = 13; d5 (due 20 Jan, answered 2 Feb): 21–23 Jan, 26–30 Jan, 2 Feb = 9.
    assertEquals(24, t.getLong("overdueDaysLate"));
    assertEquals(1, t.getLong("extensions"));
    assertEquals(1, t.getLong("secondRound"));
    assertEquals(0, t.getLong("thirdRound"));
    // Handling days 2 (12→14 Feb), 2 (24→26 Feb), 9 (sent 20 Jan, answered 2 Feb): mean 4.33, p90 the third of three.
    assertEquals(4.33, t.getDouble("handlingDaysMean"));
    assertEquals(9.0, t.getDouble("handlingDaysP90"));
    JsonObject a = unit(h.getJsonArray("byUnit"), unitA);
    assertEquals("宝安区局", a.getString("name"));
    assertEquals(2, a.getLong("dispatched"));
    assertEquals(3, a.getLong("due"));
    assertEquals(2, a.getLong("overdue"));
    assertEquals(11, a.getLong("overdueDaysLate"));
    assertEquals(0.3333, a.getDouble("onTimeRate"));
    JsonObject bu = unit(h.getJsonArray("byUnit"), unitB);
    assertEquals(2, bu.getLong("dispatched"));
    assertEquals(1, bu.getLong("due"));
    assertEquals(13, bu.getLong("overdueDaysLate"));
    assertEquals(0, bu.getLong("handled"));
    assertEquals(0.0, bu.getDouble("onTimeRate"));
    assertEquals(1, bu.getLong("extensions"));
    assertEquals(1, bu.getLong("secondRound"));
    assertNull(bu.getValue("handlingDaysMean"));
    assertTrue(bu.containsKey("handlingDaysP90"));
  }

  @Test
  void satisfactionSharesAreOverThoseReached() throws Exception {
    JsonObject s = february(Locale.SIMPLIFIED_CHINESE).getJsonObject("satisfaction");
    assertEquals(new JsonObject().put("followUps", 3L).put("reached", 2L).put("reachRate", 0.6667).put("verySatisfied", 1L)
        .put("satisfied", 0L).put("unsatisfied", 1L).put("verySatisfiedShare", 0.5).put("satisfiedShare", 0.0)
        .put("unsatisfiedShare", 0.5), s.getJsonObject("totals"));
    assertEquals(1, s.getJsonArray("byUnit").size());
    assertEquals(unitA, s.getJsonArray("byUnit").getJsonObject(0).getLong("unitId"));
  }

  @Test
  void ratesAreNullWithNothingToDivide() throws Exception {
    JsonObject b = await(fx.core.bulletin().build(Period.parse(null, null, "2025-01-01", "2025-01-31", LocalDate.of(2026, 3, 10)),
        Locale.SIMPLIFIED_CHINESE));
    assertEquals(0, b.getJsonObject("volume").getLong("total"));
    assertNull(b.getJsonObject("handling").getJsonObject("totals").getValue("onTimeRate"));
    assertTrue(b.getJsonObject("handling").getJsonObject("totals").containsKey("onTimeRate"));
    assertNull(b.getJsonObject("satisfaction").getJsonObject("totals").getValue("reachRate"));
    assertEquals(0, b.getJsonObject("handling").getJsonArray("byUnit").size());
  }

  @Test
  void telephonyIsAskedAndSaysWhenNobodyAnswers() throws Exception {
    // No telephony module here: not available, and no other field.
    assertEquals(new JsonObject().put("available", false), february(Locale.SIMPLIFIED_CHINESE).getJsonObject("telephony"));
    JsonObject[] asked = new JsonObject[1];
    var consumer = fx.vertx.eventBus().<JsonObject>consumer(Addresses.STATS_CALLS, m -> {
      asked[0] = m.body();
      m.reply(new JsonObject().put("totals", Bulletin.callFigures(10, 8, 6, 7.25, 120.04)).put("byHour", new JsonArray()));
    });
    await(consumer.completion());
    try {
      JsonObject t = february(Locale.SIMPLIFIED_CHINESE).getJsonObject("telephony");
      assertTrue(t.getBoolean("available"));
      assertEquals(new JsonObject().put("offered", 10L).put("answered", 8L).put("abandoned", 2L).put("answeredWithin15s", 6L)
          .put("answerRate", 0.8).put("within15sRate", 0.6).put("waitSecondsMean", 7.3).put("talkSecondsMean", 120.0), t.getJsonObject("totals"));
      assertEquals("2026-01-31T16:00:00Z", asked[0].getString("from"));
      assertEquals("2026-02-28T16:00:00Z", asked[0].getString("to"));
    } finally {
      await(consumer.unregister());
    }
    // A module that does not answer in time (Bulletin.TELEPHONY_TIMEOUT_MS): not available.
    var silent = fx.vertx.eventBus().<JsonObject>consumer(Addresses.STATS_CALLS, m -> { });
    await(silent.completion());
    try {
      long t0 = System.nanoTime();
      assertEquals(new JsonObject().put("available", false), february(Locale.SIMPLIFIED_CHINESE).getJsonObject("telephony"));
      assertTrue((System.nanoTime() - t0) / 1_000_000 < Bulletin.TELEPHONY_TIMEOUT_MS + 2000);
    } finally {
      await(silent.unregister());
    }
  }

  @Test
  void definitionsAndLabelsInTheCallersLanguage() throws Exception {
    JsonObject zh = february(Locale.SIMPLIFIED_CHINESE);
    JsonObject en = february(Locale.ENGLISH);
    assertEquals("February 2026", en.getJsonObject("range").getString("label"));
    assertEquals("Complaint", en.getJsonObject("volume").getJsonArray("byKind").getJsonObject(0).getString("label"));
    JsonObject onTime = zh.getJsonArray("definitions").stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("key").equals("onTime")).findFirst().orElseThrow();
    assertEquals("按时办结", onTime.getString("label"));
    assertTrue(onTime.getString("text").contains("办理时限"));
    assertTrue(zh.getJsonArray("definitions").stream().map(JsonObject.class::cast)
        .allMatch(d -> !d.getString("text").startsWith("stats.") && !d.getString("label").startsWith("stats.")));
    assertTrue(en.getJsonArray("definitions").stream().map(JsonObject.class::cast)
        .anyMatch(d -> d.getString("text").contains("within 30 days")));
  }

  @Test
  void aReportsIdentityIsNeverInTheBulletin() throws Exception {
    for (Locale l : new Locale[] {Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH}) {
      JsonObject b = february(l);
      String all = b.encode() + BulletinCsv.of(b, l);
      assertFalse(all.contains("张三"), all);
      assertFalse(all.contains("13900001111"));
      assertFalse(all.contains("甲零售户") || all.contains("乙消费者"), "no customer's name at all");
    }
  }

  @Test
  void csvIsExcelsUtf8WithOneBlockASection() throws Exception {
    String csv = BulletinCsv.of(february(Locale.SIMPLIFIED_CHINESE), Locale.SIMPLIFIED_CHINESE);
    assertTrue(csv.startsWith("\uFEFF热线通报,2026年2月\r\n"), csv.substring(0, 40));
    assertTrue(csv.contains("\r\n办理情况（合计）\r\n派单数,一个工作日内回执,回执及时率,应办结数,已反馈数,按时办结,按时办结率,逾期数,逾期工作日合计,"
        + "延期次数,二次派单,三次派单,平均办理工作日,办理工作日（90%分位）\r\n4,2,0.5,4,3,1,0.25,3,24,1,1,0,4.33,9.0\r\n\r\n"), csv);
    assertTrue(csv.contains("\r\n按诉求类型\r\n代码,名称,数量\r\ncomplaint,投诉,3\r\ninquiry,咨询,1\r\n"));
    assertTrue(csv.contains("\r\n话务情况（合计）\r\n不可用（话务模块未部署或未应答）\r\n"));
    // Definitions with commas are quoted.
    assertTrue(csv.contains("onTime,按时办结,反馈时间不晚于办理时限（含延期）；按时办结率＝按时办结数÷应办结数。\r\n"));
    assertEquals("'=HYPERLINK(\"\"http://x\"\")".length() + 2, BulletinCsv.cell("=HYPERLINK(\"http://x\")").length());
    assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", BulletinCsv.cell("=HYPERLINK(\"http://x\")"));
    assertEquals("\"a,b\"", BulletinCsv.cell("a,b"));
  }
}
