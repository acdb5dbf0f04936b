package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.testing.Waiting;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The supervision office's boards, its further rounds in one step and its reminders, over HTTP on the real core with a
 * clock the test moves. The week: Thursday 12 February 2026 and Friday 13th are working days, Saturday 14th a make-up
 * working day, 15th–23rd the Spring Festival, Tuesday 24th the next working day.
 */
class SupervisionApiTest extends ApiTestBase {

  static long city;
  static long unitX;
  static long unitY;
  static User agent;
  static User leader;
  static User supervisor;

  @BeforeAll
  static void directory() throws Exception {
    city = unit("市局督办", "city_bureau", null);
    unitX = unit("宝安区局督办", "county_bureau", city);
    unitY = unit("龙岗区局督办", "county_bureau", city);
    agent = user("sv-agent", null, "agent");
    leader = user("sv-leader", null, "leader");
    supervisor = user("sv-super", null, "supervisor");
  }

  @BeforeEach
  void resetClock() {
    clock.set(START);
  }

  static JsonObject step(User who, long caseId, String action, JsonObject body) throws Exception {
    return post(who.token(), "/api/cases/" + caseId + "/" + action, body).expect(200).json();
  }

  /** A case of the kind filed, submitted, instructed and dispatched to the unit by mail: the case. */
  static JsonObject dispatched(String kind, String subject, long unitId) throws Exception {
    JsonObject body = complaint(subject).put("kind", kind);
    if (!"complaint".equals(kind)) {
      body.remove("respondent");
    }
    long id = post(agent.token(), "/api/cases", body).expect(201).json().getLong("id");
    step(agent, id, "submit", new JsonObject());
    step(leader, id, "instruct", new JsonObject().put("instruction", "请核实处理"));
    return step(agent, id, "dispatch", new JsonObject().put("unitId", unitId).put("method", "email"));
  }

  static JsonObject board(User who) throws Exception {
    return get(who.token(), "/api/supervision/board").expect(200).json();
  }

  static Optional<JsonObject> row(JsonObject section, String number) {
    return section.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> number.equals(i.getString("number"))).findFirst();
  }

  static Optional<JsonObject> unitOf(JsonObject board, long unitId) {
    return board.getJsonObject("overdue").getJsonArray("units").stream().map(JsonObject.class::cast)
        .filter(u -> u.getLong("unitId") == unitId).findFirst();
  }

  static List<JsonObject> timeline(JsonObject c, String action) {
    return c.getJsonArray("timeline").stream().map(JsonObject.class::cast).filter(e -> action.equals(e.getString("action")))
        .collect(Collectors.toList());
  }

  @Test
  void theBoardsCountByTheWorkingDayClock() throws Exception {
    // Units of this test's own: the other tests' dispatches do not count here.
    long unitX = unit("宝安区局看板", "county_bureau", city);
    long unitY = unit("龙岗区局看板", "county_bureau", city);
    // Thursday 10:00: complaints a, b to unit X and c to unit Y (2 working days: due Saturday 14th 17:30, the make-up
    // day); an inquiry d to Y, due the same day at 17:30.
    JsonObject a = dispatched("complaint", "看板甲", unitX);
    JsonObject b = dispatched("complaint", "看板乙", unitX);
    JsonObject c = dispatched("complaint", "看板丙", unitY);
    JsonObject d = dispatched("inquiry", "看板丁", unitY);
    assertEquals("2026-02-14T17:30+08:00", a.getJsonObject("currentDispatch").getString("dueAt"));
    assertEquals("2026-02-12T17:30+08:00", d.getJsonObject("currentDispatch").getString("dueAt"));

    JsonObject now = board(supervisor);
    assertEquals("2026-02-12", now.getString("today"));
    JsonObject dueToday = row(now.getJsonObject("dueToday"), d.getString("number")).orElseThrow();
    assertEquals(0, dueToday.getInteger("workingDaysLeft"));
    assertFalse(row(now.getJsonObject("dueToday"), a.getString("number")).isPresent(), "due on Saturday, not today");
    assertFalse(row(now.getJsonObject("unconfirmed"), a.getString("number")).isPresent(), "sent this morning");
    assertFalse(unitOf(now, unitX).isPresent());
    assertEquals(3, now.getInteger("maxRounds"));
    // A leader reads the boards too; nobody else does.
    board(leader);
    assertEquals(403, get(agent.token(), "/api/supervision/board").status());

    // The extension the owner gives a: 5 working days from Thursday: 13th, 14th, 24th, 25th, 26th.
    step(agent, a.getLong("id"), "extend", new JsonObject().put("workingDays", 5).put("reason", "需现场核查"));
    // c's unit confirms receipt on Friday afternoon.
    clock.set(Instant.parse("2026-02-13T08:00:00Z"));
    step(supervisor, c.getLong("id"), "receipt", new JsonObject().put("method", "by_hand"));

    // Friday 16:00: the first working day after sending is not over yet.
    clock.set(Instant.parse("2026-02-13T08:00:00Z"));
    assertFalse(row(board(supervisor).getJsonObject("unconfirmed"), b.getString("number")).isPresent());
    // Friday 18:00: it is; b (and a) are unconfirmed past a working day, c is confirmed.
    clock.set(Instant.parse("2026-02-13T10:00:00Z"));
    JsonObject friday = board(supervisor);
    JsonObject unconfirmed = row(friday.getJsonObject("unconfirmed"), b.getString("number")).orElseThrow();
    assertEquals(1, unconfirmed.getInteger("workingDaysSinceSent"));
    assertTrue(row(friday.getJsonObject("unconfirmed"), a.getString("number")).isPresent());
    assertFalse(row(friday.getJsonObject("unconfirmed"), c.getString("number")).isPresent(), "confirmed");
    assertEquals("2026-02-13T00:00+08:00", friday.getString("unconfirmedSentBefore"));

    // Tuesday 24th after the festival: b and c (due Saturday) are one working day late, d (due Thursday) three; a's
    // extended deadline is Thursday 26th.
    clock.set(Instant.parse("2026-02-24T02:00:00Z"));
    JsonObject tuesday = board(supervisor);
    JsonObject x = unitOf(tuesday, unitX).orElseThrow();
    assertEquals(1, x.getLong("count"), x.encode());
    assertEquals(b.getString("number"), x.getJsonArray("items").getJsonObject(0).getString("number"));
    assertEquals(1, x.getJsonArray("items").getJsonObject(0).getInteger("daysLate"));
    JsonObject y = unitOf(tuesday, unitY).orElseThrow();
    assertEquals(2, y.getLong("count"));
    assertEquals(3, y.getInteger("maxDaysLate"));
    JsonObject late = row(tuesday.getJsonObject("overdue"), d.getString("number")).orElseThrow();
    assertEquals(3, late.getInteger("daysLate"));
    assertEquals(List.of("overdue"), late.getJsonArray("reasons").getList(), "a delay without cause, while the unit holds it");
    assertEquals(2, late.getInteger("nextRound"));
    // A further round sent now would be an inquiry's same day.
    assertEquals("2026-02-24T17:30+08:00", late.getString("nextDueAt"));
    JsonObject extended = row(tuesday.getJsonObject("extensions"), a.getString("number")).orElseThrow();
    assertEquals(2, extended.getJsonObject("extension").getInteger("fromWorkingDays"));
    assertEquals(5, extended.getJsonObject("extension").getInteger("workingDays"));
    assertEquals(7, extended.getJsonObject("extension").getInteger("cap"));
    assertEquals("需现场核查", extended.getJsonObject("extension").getString("reason"));
    assertEquals("2026-02-26T17:30+08:00", extended.getString("dueAt"));
    assertEquals(2, extended.getInteger("workingDaysLeft"));
    assertFalse(row(tuesday.getJsonObject("overdue"), a.getString("number")).isPresent(), "extended, not late");

    // Wednesday 25th: one more working day late.
    clock.set(Instant.parse("2026-02-25T02:00:00Z"));
    assertEquals(2, row(board(supervisor).getJsonObject("overdue"), b.getString("number")).orElseThrow().getInteger("daysLate"));

    // Bounded: one row per section, with the totals and the truncation said.
    JsonObject one = get(supervisor.token(), "/api/supervision/board?limit=1").expect(200).json();
    assertEquals(1, one.getJsonObject("overdue").getJsonArray("items").size());
    assertTrue(one.getJsonObject("overdue").getLong("total") >= 3);
    assertTrue(one.getJsonObject("overdue").getBoolean("truncated"));
    assertEquals(400, get(supervisor.token(), "/api/supervision/board?limit=1000").status());
  }

  @Test
  void aFurtherRoundFromTheBoardIsOneStepWithItsReasonUpToTheLimit() throws Exception {
    JsonObject c = dispatched("complaint", "二次派单", unitX);
    long id = c.getLong("id");
    // Not overdue yet: the reopen rule refuses, and nothing of the step is kept.
    JsonObject early = new JsonObject().put("reason", "overdue").put("note", "无故拖延").put("unitId", unitX);
    assertEquals(409, post(supervisor.token(), "/api/cases/" + id + "/redispatch", early).status());
    assertEquals("dispatched", get(supervisor.token(), "/api/cases/" + id).expect(200).json().getString("status"));
    assertEquals(403, post(agent.token(), "/api/cases/" + id + "/redispatch", early).status(), "the supervision office's step");
    assertEquals(403, post(leader.token(), "/api/cases/" + id + "/redispatch", early).status());
    JsonObject noReason = post(supervisor.token(), "/api/cases/" + id + "/redispatch",
        new JsonObject().put("note", "x").put("unitId", unitX)).expect(400).error();
    assertEquals("reason", noReason.getString("field"));

    clock.set(Instant.parse("2026-02-24T02:00:00Z"));
    post(supervisor.token(), "/api/dispatches/sweep", null).expect(200);
    JsonObject second = post(supervisor.token(), "/api/cases/" + id + "/redispatch", early.copy().put("unitId", unitY))
        .expect(200).json();
    assertEquals("dispatched", second.getString("status"));
    assertEquals(2, second.getInteger("round"));
    assertEquals(unitY, second.getJsonObject("currentDispatch").getLong("unitId"));
    assertEquals("overdue", second.getJsonObject("currentDispatch").getString("reason"));
    JsonObject reopen = timeline(second, "reopen").get(0);
    assertEquals("overdue", reopen.getJsonObject("detail").getString("reason"));
    assertEquals("无故拖延", reopen.getString("note"));
    assertEquals(2, timeline(second, "dispatch").size());
    assertFalse(row(board(supervisor).getJsonObject("overdue"), c.getString("number")).isPresent(), "out again");

    // The unit feeds back; the customer is unsatisfied: reopened, on the board, waiting for round 3.
    step(supervisor, id, "feedback", new JsonObject().put("result", "已处理"));
    step(agent, id, "follow-up", new JsonObject().put("satisfaction", "unsatisfied"));
    JsonObject waiting = row(board(supervisor).getJsonObject("furtherRound"), c.getString("number")).orElseThrow();
    assertEquals("reopened", waiting.getString("status"));
    assertEquals("dissatisfied", waiting.getString("reopenReason"));
    assertEquals(3, waiting.getInteger("nextRound"));
    // Reopened already: dispatched with the reason it has.
    JsonObject third = post(supervisor.token(), "/api/cases/" + id + "/redispatch",
        new JsonObject().put("note", "第三次派单，请彻查").put("unitId", unitY)).expect(200).json();
    assertEquals(3, third.getInteger("round"));
    assertEquals("dissatisfied", third.getJsonObject("currentDispatch").getString("reason"));
    assertEquals(1, timeline(third, "reopen").size(), "no second reopen entry");

    // After round 3 the limit holds: refused, and the case stays as it was.
    step(supervisor, id, "feedback", new JsonObject().put("result", "已再次处理"));
    JsonObject refused = post(supervisor.token(), "/api/cases/" + id + "/redispatch",
        new JsonObject().put("reason", "improper").put("note", "仍不当").put("unitId", unitY)).expect(409).error();
    assertEquals("round_limit", refused.getString("code"), refused.encode());
    JsonObject after = get(supervisor.token(), "/api/cases/" + id).expect(200).json();
    assertEquals("handled", after.getString("status"));
    assertEquals(1, timeline(after, "reopen").size());
  }

  @Test
  void aReminderIsQueuedOnceADayPerChannelAndIsOnTheTimeline() throws Exception {
    long unitY = unit("坪山区局催办", "county_bureau", city);
    JsonObject c = dispatched("complaint", "催办", unitY);
    long id = c.getLong("id");
    clock.set(Instant.parse("2026-02-24T02:00:00Z"));
    JsonObject mail = post(supervisor.token(), "/api/cases/" + id + "/reminders", new JsonObject().put("channel", "email"))
        .expect(201).json();
    assertFalse(mail.getBoolean("alreadySent"));
    assertEquals(1, mail.getInteger("daysLate"));
    assertTrue(mail.getString("recipient").endsWith("@units.example.cn"), mail.encode());
    long outboxId = mail.getLong("outboxId");
    // Pressed again the same day: the one queued, nothing more.
    JsonObject again = post(leader.token(), "/api/cases/" + id + "/reminders", new JsonObject().put("channel", "email"))
        .expect(201).json();
    assertTrue(again.getBoolean("alreadySent"));
    assertEquals(outboxId, again.getLong("outboxId"));
    post(supervisor.token(), "/api/cases/" + id + "/reminders", new JsonObject().put("channel", "fax")).expect(201);

    Row row = Waiting.await(pool.preparedQuery("SELECT kind, channel, recipient, recipient_name, payload FROM outbox WHERE id = $1")
        .execute(Tuple.of(outboxId))).iterator().next();
    assertEquals("reminder", row.getString("kind"));
    assertEquals("email", row.getString("channel"));
    JsonObject payload = (JsonObject) row.getJson("payload");
    assertTrue(payload.getString("subject").contains(c.getString("number")), payload.encode());
    assertTrue(payload.getString("text").contains("已逾期 1 个工作日"), payload.getString("text"));
    assertTrue(payload.getString("text").contains("2026年2月14日 17:30"), payload.getString("text"));
    assertEquals(2L, Waiting.await(pool.preparedQuery("SELECT count(*) FROM outbox WHERE case_id = $1 AND kind = 'reminder'")
        .execute(Tuple.of(id))).iterator().next().getLong(0));

    JsonObject view = get(supervisor.token(), "/api/cases/" + id).expect(200).json();
    List<JsonObject> reminders = timeline(view, "remind");
    assertEquals(2, reminders.size(), "one entry per reminder queued");
    assertEquals("email", reminders.get(0).getString("channel"));
    assertEquals("sv-super", reminders.get(0).getString("actor"));
    assertEquals(outboxId, reminders.get(0).getJsonObject("detail").getLong("outboxId"));
    assertEquals("fax", reminders.get(1).getJsonObject("detail").getString("channel"));

    // The next day it may be sent again.
    clock.set(Instant.parse("2026-02-25T02:00:00Z"));
    assertFalse(post(supervisor.token(), "/api/cases/" + id + "/reminders", new JsonObject().put("channel", "email"))
        .expect(201).json().getBoolean("alreadySent"));

    assertEquals(403, post(agent.token(), "/api/cases/" + id + "/reminders", new JsonObject().put("channel", "email")).status());
    assertEquals("channel", post(supervisor.token(), "/api/cases/" + id + "/reminders", new JsonObject().put("channel", "sms"))
        .expect(400).error().getString("field"));
    // No open dispatch, nothing to remind of.
    step(supervisor, id, "feedback", new JsonObject().put("result", "已处理"));
    assertEquals(409, post(supervisor.token(), "/api/cases/" + id + "/reminders", new JsonObject().put("channel", "email")).status());
  }
}
