package hotline.accountability;

import static hotline.testing.CaseSteps.entries;
import static hotline.testing.CaseSteps.failure;
import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.cases.Action;
import hotline.errors.ErrorCode;
import hotline.testing.CaseSteps;
import hotline.testing.CoreFixture;
import hotline.users.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A hand-made first quarter of 2026 (March, no holidays in it) with known deductions, scored by the default model
 * (百分制: 100, minus 0.5 a late receipt, 1 + 0.5 a working day late an overdue dispatch, 1 an unsatisfied follow-up, 1 a
 * second round, 2 a finding of improper handling, 5 of falsification), then closed, frozen and recomputed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountabilityTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final Quarter Q1 = Quarter.parse("2026-Q1");

  static CoreFixture fixture;
  static CaseSteps steps;
  static long county;
  static long nanshan;
  static Principal agent;
  static Principal leader;
  static Principal supervisor;
  static Principal responder;
  static Principal otherResponder;
  static long late;
  static long twice;
  static long twiceRound2;
  static long clean;

  static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
  }

  static void clock(String localDateTime) {
    fixture.clock.set(at(localDateTime));
  }

  static long dispatch(long unitId, String subject) throws Exception {
    return steps.dispatched(agent, leader, unitId, "email", subject);
  }

  static JsonObject receipt() {
    return new JsonObject().put("method", "by_hand");
  }

  static JsonObject feedback() {
    return new JsonObject().put("result", "已查处");
  }

  @BeforeAll
  static void quarter() throws Exception {
    fixture = CoreFixture.start();
    steps = new CaseSteps(fixture);
    CoreFixture.Cast cast = fixture.cast();
    county = cast.unitId();
    agent = cast.agent();
    leader = cast.leader();
    supervisor = cast.supervisor();
    responder = cast.responder();
    nanshan = fixture.unit("南山区局", "南山区局负责人", "ns@units.example.cn", "0755-26660000");
    otherResponder = fixture.person("resp-ns", nanshan, hotline.users.Role.UNIT_RESPONDER);

    // Monday 2 March: "twice" to the county bureau (due Wed 4 March 17:30; receipt due Tue 3 March 17:30), "clean" to Nanshan.
    clock("2026-03-02T10:00");
    twice = dispatch(county, "两次派单");
    clean = dispatch(nanshan, "按时办结");
    clock("2026-03-02T15:00");
    steps.step(otherResponder, clean, Action.RECEIPT, receipt());
    clock("2026-03-03T10:00");
    steps.step(otherResponder, clean, Action.FEEDBACK, feedback());
    // Wednesday: the county's receipt comes a day late; its feedback on time; the caller is unsatisfied: round 2.
    clock("2026-03-04T09:00");
    steps.step(responder, twice, Action.RECEIPT, receipt());
    clock("2026-03-04T10:00");
    late = dispatch(county, "逾期办结");
    steps.step(responder, twice, Action.FEEDBACK, feedback());
    clock("2026-03-04T11:00");
    steps.step(agent, twice, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "unsatisfied"));
    clock("2026-03-04T12:00");
    steps.step(agent, twice, Action.DISPATCH, new JsonObject().put("unitId", county).put("method", "email"));
    twiceRound2 = steps.view(agent, twice).getJsonObject("currentDispatch").getLong("id");
    clock("2026-03-04T13:00");
    steps.step(responder, twice, Action.RECEIPT, receipt());
    // Thursday: round 2 handled on time and followed up satisfied; "late" received in time (due Fri 6 March 17:30).
    clock("2026-03-05T10:00");
    steps.step(responder, twice, Action.FEEDBACK, feedback());
    steps.step(responder, late, Action.RECEIPT, receipt());
    clock("2026-03-05T11:00");
    steps.step(agent, twice, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "satisfied"));
    // Tuesday 10 March: "late" handled two working days after its deadline, across the weekend (Mon 9, Tue 10).
    clock("2026-03-10T10:00");
    steps.step(responder, late, Action.FEEDBACK, feedback());
    // The supervision office finds round 2 of "twice" handled improperly.
    clock("2026-03-10T11:00");
    await(fixture.core.findings().record(supervisor, twiceRound2,
        new JsonObject().put("kind", "improper_handling").put("note", "未核实现场即答复")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  static JsonObject item(JsonObject unit, String key) {
    return unit.getJsonArray("items").stream().map(JsonObject.class::cast).filter(i -> key.equals(i.getString("key")))
        .findFirst().orElseThrow();
  }

  static JsonObject unitRow(JsonObject quarter, long unitId) {
    return quarter.getJsonArray("units").stream().map(JsonObject.class::cast).filter(u -> u.getLong("unitId") == unitId)
        .findFirst().orElseThrow(() -> new AssertionError("no unit " + unitId + " in " + quarter.encodePrettily()));
  }

  @Test
  @Order(1)
  void aHandMadeQuarterScoresExactlyWithEveryCaseBehindEveryPoint() throws Exception {
    clock("2026-03-20T10:00");
    JsonObject q = await(fixture.core.accountability().quarter(leader, Q1, null, true));
    assertEquals("draft", q.getString("status"));
    assertEquals("2026年第一季度", q.getString("label"));
    JsonObject c = unitRow(q, county);
    // 2 (overdue, 2 working days late) + 0.5 (late receipt) + 1 (unsatisfied) + 1 (second round) + 2 (improper handling)
    assertEquals(93.5, c.getDouble("score"));
    assertEquals(6.5, c.getDouble("deducted"));
    assertEquals(2, c.getInteger("rank"));
    JsonObject n = unitRow(q, nanshan);
    assertEquals(100.0, n.getDouble("score"));
    assertEquals(1, n.getInteger("rank"));
    JsonObject f = c.getJsonObject("figures");
    assertEquals(3, f.getInteger("dispatched"));
    assertEquals(2, f.getInteger("receiptWithinDay"));
    assertEquals(0.6667, f.getDouble("receiptWithinDayRate"));
    assertEquals(3, f.getInteger("due"));
    assertEquals(2, f.getInteger("onTime"));
    assertEquals(1, f.getInteger("overdue"));
    assertEquals(2, f.getInteger("overdueDaysLate"));
    assertEquals(2, f.getInteger("followUps"));
    assertEquals(1, f.getInteger("unsatisfied"));
    assertEquals(1, f.getInteger("secondRound"));
    assertEquals(1, f.getInteger("findings"));
    assertFalse(item(c, "overdue").containsKey("cases"), "the quarter's list carries no cases");

    JsonObject u = await(fixture.core.accountability().unit(supervisor, Q1, county, null, true)).getJsonObject("unit");
    assertEquals(2, u.getInteger("rank"), "the unit's rank in the quarter");
    JsonArray overdue = item(u, "overdue").getJsonArray("cases");
    assertEquals(1, overdue.size());
    assertEquals(late, overdue.getJsonObject(0).getLong("caseId"));
    assertEquals(2, overdue.getJsonObject(0).getInteger("daysLate"));
    assertEquals(2.0, overdue.getJsonObject(0).getDouble("points"));
    JsonArray receipts = item(u, "receipt_late").getJsonArray("cases");
    assertEquals(twice, receipts.getJsonObject(0).getLong("caseId"));
    assertEquals(1, receipts.getJsonObject(0).getInteger("round"));
    assertEquals(0.5, item(u, "receipt_late").getDouble("points"));
    assertEquals(twice, item(u, "unsatisfied").getJsonArray("cases").getJsonObject(0).getLong("caseId"));
    assertEquals(2, item(u, "second_round").getJsonArray("cases").getJsonObject(0).getInteger("round"));
    JsonObject finding = item(u, "finding_improper_handling").getJsonArray("cases").getJsonObject(0);
    assertEquals(twiceRound2, finding.getLong("dispatchId"));
    assertEquals(2.0, finding.getDouble("points"));
    // Numbers, kinds, rounds and dates: never who called.
    String all = u.encode();
    assertFalse(all.contains("张三") || all.contains("13800138000") || all.contains("138 0013 8000"), all);
  }

  @Test
  @Order(1)
  void aFindingIsOnItsCasesTimelineAndAWithdrawalToo() throws Exception {
    JsonObject view = steps.view(supervisor, twice);
    JsonObject entry = entries(view, "finding").get(0);
    assertEquals("improper_handling", entry.getJsonObject("detail").getString("kind"));
    assertEquals("未核实现场即答复", entry.getString("note"));
    assertEquals(2, entry.getJsonObject("detail").getInteger("round"));
    JsonArray listed = await(fixture.core.findings().list(responder, twice)).getJsonArray("items");
    assertEquals(1, listed.size());
    assertFalse(listed.getJsonObject(0).getBoolean("withdrawn"));
    // Only the supervision office records; a note is required.
    assertEquals(ErrorCode.FORBIDDEN, failure(fixture.core.findings().record(responder, twiceRound2,
        new JsonObject().put("kind", "falsification").put("note", "x"))).code());
    assertEquals(ErrorCode.VALIDATION_FAILED, failure(fixture.core.findings().record(supervisor, twiceRound2,
        new JsonObject().put("kind", "falsification"))).code());
    // The other unit's people do not see the case, nor its findings.
    assertEquals(ErrorCode.NOT_FOUND, failure(fixture.core.findings().list(otherResponder, twice)).code());
  }

  @Test
  @Order(1)
  void aUnitsResponderReadsTheirOwnUnitOnly() throws Exception {
    clock("2026-03-20T10:00");
    JsonObject q = await(fixture.core.accountability().quarter(responder, Q1, null, true));
    assertEquals(1, q.getJsonArray("units").size());
    assertEquals(county, q.getJsonArray("units").getJsonObject(0).getLong("unitId"));
    assertEquals(2, q.getJsonArray("units").getJsonObject(0).getInteger("rank"), "ranked among all units");
    assertEquals(ErrorCode.FORBIDDEN, failure(fixture.core.accountability().unit(responder, Q1, nanshan, null, true)).code());
    assertEquals(93.5, await(fixture.core.accountability().unit(responder, Q1, county, null, true))
        .getJsonObject("unit").getDouble("score"));
    assertEquals(ErrorCode.FORBIDDEN, failure(fixture.core.accountability().quarter(agent, Q1, null, true)).code());
    assertEquals(ErrorCode.FORBIDDEN, failure(fixture.core.accountability().close(supervisor, Q1, true)).code());
  }

  @Test
  @Order(2)
  void aClosedQuarterIsFrozenUntilARecomputeMakesTheNextVersion() throws Exception {
    Accountability a = fixture.core.accountability();
    Quarter q2 = Quarter.parse("2026-Q2");
    clock("2026-04-08T10:00");
    assertEquals(ErrorCode.CONFLICT, failure(a.close(leader, q2, true)).code(), "a quarter not yet ended");
    JsonObject closed = await(a.close(leader, Q1, true));
    assertEquals("closed", closed.getString("status"));
    assertEquals(1, closed.getInteger("version"));
    assertEquals(93.5, unitRow(closed, county).getDouble("score"));
    assertEquals(ErrorCode.CONFLICT, failure(a.close(leader, Q1, true)).code(), "closed once");

    // A finding recorded after the close, against a dispatch of the quarter: the published score stays.
    JsonObject falsified = await(fixture.core.findings().record(supervisor, steps.view(agent, late)
        .getJsonObject("currentDispatch").getLong("id"), new JsonObject().put("kind", "falsification").put("note", "反馈内容不实")));
    assertEquals(93.5, unitRow(await(a.quarter(leader, Q1, null, true)), county).getDouble("score"));
    assertEquals(93.5, await(a.unit(responder, Q1, county, null, true)).getJsonObject("unit").getDouble("score"));

    assertEquals(ErrorCode.VALIDATION_FAILED, failure(a.recompute(leader, Q1, new JsonObject(), true)).code(), "a reason");
    JsonObject v2 = await(a.recompute(leader, Q1, new JsonObject().put("reason", "补录弄虚作假问题"), true));
    assertEquals(2, v2.getInteger("version"));
    assertEquals(88.5, unitRow(v2, county).getDouble("score"));
    assertEquals("补录弄虚作假问题", v2.getString("reason"));
    // Version 1 stays readable as it was published.
    assertEquals(93.5, unitRow(await(a.quarter(leader, Q1, 1, true)), county).getDouble("score"));
    JsonObject v1Unit = await(a.unit(leader, Q1, county, 1, true)).getJsonObject("unit");
    assertTrue(item(v1Unit, "finding_falsification").getJsonArray("cases").isEmpty());
    assertEquals(1, item(await(a.unit(leader, Q1, county, 2, true)).getJsonObject("unit"), "finding_falsification")
        .getInteger("count"));

    // Withdrawn (once), and a third version without it.
    await(fixture.core.findings().withdraw(supervisor, falsified.getLong("id"), new JsonObject().put("reason", "复核不成立")));
    assertEquals(ErrorCode.CONFLICT, failure(fixture.core.findings().withdraw(leader, falsified.getLong("id"),
        new JsonObject().put("reason", "again"))).code());
    JsonObject v3 = await(a.recompute(leader, Q1, new JsonObject().put("reason", "撤销认定"), true));
    assertEquals(93.5, unitRow(v3, county).getDouble("score"));
    JsonArray versions = await(a.versionList(supervisor, Q1)).getJsonArray("items");
    assertEquals(3, versions.size());
    assertNull(versions.getJsonObject(0).getString("reason"));
    assertEquals("leader", versions.getJsonObject(1).getString("by"));
    assertTrue(entries(steps.view(supervisor, late), "finding_withdrawn").size() == 1);
    long audited = await(fixture.pool.query("SELECT count(*) FROM audit_log WHERE action LIKE 'accountability.%'").execute())
        .iterator().next().getLong(0);
    assertEquals(3, audited);
  }

  @Test
  @Order(90)
  void aDispatchSentOnAQuartersLastDayAndDueInTheNextCountsItsLateReceiptOnly() throws Exception {
    // Tuesday 30 June: sent, never received; due Thursday 2 July, in the next quarter, so not due in this one.
    clock("2026-06-30T16:00");
    dispatch(nanshan, "季末派单");
    clock("2026-07-10T10:00");
    Quarter q2 = Quarter.parse("2026-Q2");
    JsonObject n = unitRow(await(fixture.core.accountability().quarter(leader, q2, null, true)), nanshan);
    assertEquals(99.5, n.getDouble("score"), n.encodePrettily());
    assertEquals(0, n.getJsonObject("figures").getInteger("due"));
    JsonObject u = await(fixture.core.accountability().unit(leader, q2, nanshan, null, true)).getJsonObject("unit");
    assertEquals(1, item(u, "receipt_late").getJsonArray("cases").size());
    assertTrue(item(u, "overdue").getJsonArray("cases").isEmpty());
  }
}
